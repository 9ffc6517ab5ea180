//! `person_merge`: one merge of a duplicate person into another, and what it moved, so
//! that it can be undone.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "person_merge")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub kept_person_id: Uuid,
    pub merged_person_id: Uuid,
    /// What moved and what was removed as a duplicate, by table.
    pub moved: Json,
    pub merged_at: DateTimeUtc,
    pub merged_by: Option<Uuid>,
    pub undone_at: Option<DateTimeUtc>,
    pub undone_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
