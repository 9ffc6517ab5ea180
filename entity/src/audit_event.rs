//! `audit_event`: append-only record of every read of a child's network and every change.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "audit_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub user_id: Option<Uuid>,
    /// What happened, as `area.verb`: `network.read`, `person.update`, ...
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<Uuid>,
    pub child_id: Option<Uuid>,
    pub occurred_at: DateTimeUtc,
    pub detail: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
