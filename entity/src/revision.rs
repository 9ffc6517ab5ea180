//! `revision`: the record before and after each change, so any change can be undone.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "revision")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub entity_type: String,
    pub entity_id: Uuid,
    /// The version of the record after the change (for a removal, the last version).
    pub version: i32,
    pub before: Option<Json>,
    pub after: Option<Json>,
    pub changed_by: Option<Uuid>,
    pub changed_at: DateTimeUtc,
    pub audit_event_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
