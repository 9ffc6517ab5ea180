//! `search_activity`: one attempt to find or reach a person for a child.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{SearchOutcome, SearchSource};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "search_activity")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub child_id: Uuid,
    pub person_id: Uuid,
    pub source: SearchSource,
    pub searched_on: Date,
    pub outcome: SearchOutcome,
    pub notes: Option<String>,
    pub follow_up_on: Option<Date>,
    pub by_user_id: Uuid,
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
