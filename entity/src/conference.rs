//! `conference`: a Family Group Conference for a child, from referral to review.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::ConferenceStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "conference")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub child_id: Uuid,
    pub status: ConferenceStatus,
    pub referred_on: Date,
    /// The practitioner who referred.
    pub referred_by: Uuid,
    pub reason: String,
    /// Why the conference is not offered: the best-interests decision.
    pub not_offered_reason: Option<String>,
    pub not_offered_by: Option<Uuid>,
    /// Whether the birth family attends (a protected location then keeps its holder apart).
    pub shared_with_birth_family: bool,
    pub scheduled_for: Option<DateTimeUtc>,
    pub venue: Option<String>,
    pub interpreter_needed: bool,
    pub language: Option<String>,
    pub advocate: Option<String>,
    pub child_attends: bool,
    pub child_wishes: Option<String>,
    /// The authority's non-negotiables, recorded before the meeting.
    pub bottom_lines: Option<String>,
    pub plan_agreed_by_referrer: bool,
    pub plan_agreed_on: Option<Date>,
    /// The family member who watches the plan.
    pub monitor_person_id: Option<Uuid>,
    pub review_on: Option<Date>,
    /// The network when the conference was referred: members by status and by side.
    pub network_at_referral: Json,
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
