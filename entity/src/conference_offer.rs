//! `conference_offer`: a conference offered to one person with parental responsibility, and their answer.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::OfferAnswer;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "conference_offer")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub conference_id: Uuid,
    pub person_id: Uuid,
    pub offered_on: Date,
    pub in_letter_before_proceedings: bool,
    pub answer: OfferAnswer,
    pub answered_on: Option<Date>,
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
