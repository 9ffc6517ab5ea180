//! `relationship`: a fact between two persons, shared by every network that holds both.
//! Kinship is stored as primitive edges only (PARENT, PARTNER, SIBLING); the rest is derived.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{Confidence, ParentKind, RelationshipKind, RelationshipQuality};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "relationship")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    /// For PARENT, the parent.
    pub from_person_id: Uuid,
    /// For PARENT, the child.
    pub to_person_id: Uuid,
    pub kind: RelationshipKind,
    pub parent_kind: Option<ParentKind>,
    pub quality: RelationshipQuality,
    pub confidence: Confidence,
    pub source: Option<String>,
    pub started_on: Option<String>,
    pub ended_on: Option<String>,
    pub notes: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub created_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
    pub deleted_at: Option<DateTimeUtc>,
    pub deleted_by: Option<Uuid>,
}

crate::view::view! {
    /// What the API shows of a relationship: every column but the organisation and the audit
    /// stamps. A network's relationships are read as these; see `person::View` for why.
    pub struct View {
        pub id: Uuid,
        pub from_person_id: Uuid,
        pub to_person_id: Uuid,
        pub kind: RelationshipKind,
        pub parent_kind: Option<ParentKind>,
        pub quality: RelationshipQuality,
        pub confidence: Confidence,
        pub source: Option<String>,
        pub started_on: Option<String>,
        pub ended_on: Option<String>,
        pub notes: Option<String>,
        pub version: i32,
    }
}

crate::view::view! {
    /// What the analysis of a network reads of a relationship: who, what kind, how well,
    /// whether it ended, how sure; not its source, dates or notes.
    pub struct GraphView within View {
        pub id: Uuid,
        pub from_person_id: Uuid,
        pub to_person_id: Uuid,
        pub kind: RelationshipKind,
        pub parent_kind: Option<ParentKind>,
        pub quality: RelationshipQuality,
        pub confidence: Confidence,
        pub ended_on: Option<String>,
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::FromPersonId",
        to = "super::person::Column::Id"
    )]
    FromPerson,
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::ToPersonId",
        to = "super::person::Column::Id"
    )]
    ToPerson,
}

impl ActiveModelBehavior for ActiveModel {}
