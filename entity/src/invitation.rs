//! `invitation`: one person invited to a conference, and how they take part.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{InvitationRole, InvitationStatus, Participation};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "invitation")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub conference_id: Uuid,
    pub person_id: Uuid,
    pub role: InvitationRole,
    pub participation: Participation,
    pub status: InvitationStatus,
    /// Why they are excluded, or why they take part apart.
    pub excluded_reason: Option<String>,
    pub prepared_on: Option<Date>,
    pub responded_on: Option<Date>,
    pub attended: bool,
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
