//! `consent`: one person's agreement to (or refusal of) one purpose of the work with a
//! child, kept when withdrawn. The child's own agreement is recorded with the child's own
//! person as `person_id`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{ConsentDecision, ConsentGiver, ConsentPurpose};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "consent")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub child_id: Uuid,
    pub person_id: Uuid,
    pub purpose: ConsentPurpose,
    pub decision: ConsentDecision,
    pub given_by: ConsentGiver,
    /// The person who spoke for them (a parent with parental responsibility), if not
    /// themselves.
    pub given_by_person_id: Option<Uuid>,
    pub given_on: Date,
    pub withdrawn_on: Option<Date>,
    /// How it was given: "signed form, on file", "verbally, at a visit".
    pub evidence: Option<String>,
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
