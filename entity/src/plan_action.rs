//! `plan_action`: one action of a conference's plan, with its owner in the network.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::ActionStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "plan_action")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub conference_id: Uuid,
    pub description: String,
    pub owner_person_id: Uuid,
    pub due_on: Option<Date>,
    /// Who checks it was done.
    pub checker_person_id: Option<Uuid>,
    pub status: ActionStatus,
    pub notes: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub created_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
    pub deleted_at: Option<DateTimeUtc>,
    pub deleted_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
