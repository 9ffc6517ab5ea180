//! `network_member`: a person's place in one child's network. The same grandmother may be in
//! touch with one sibling and lost to another, so all of this lives per child.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{ChildView, Circle, ConnectionStatus, FamilySide, Restriction};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "network_member")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub child_id: Uuid,
    pub person_id: Uuid,
    pub connection_status: ConnectionStatus,
    pub side: FamilySide,
    pub circle: Circle,
    /// A JSON array of `SupportRole` names.
    pub roles: Json,
    pub child_view: ChildView,
    pub known_to_child_as: Option<String>,
    pub holds_parental_responsibility: bool,
    pub restriction: Restriction,
    pub restriction_reason: Option<String>,
    pub found_via: Option<String>,
    pub found_on: Option<Date>,
    pub last_contact_on: Option<Date>,
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
    /// What the API shows of a membership: every column but the organisation and the audit
    /// stamps. A network's members are read as these; see `person::View` for why.
    pub struct View {
        pub id: Uuid,
        pub child_id: Uuid,
        pub person_id: Uuid,
        pub connection_status: ConnectionStatus,
        pub side: FamilySide,
        pub circle: Circle,
        pub roles: Json,
        pub child_view: ChildView,
        pub known_to_child_as: Option<String>,
        pub holds_parental_responsibility: bool,
        pub restriction: Restriction,
        pub restriction_reason: Option<String>,
        pub found_via: Option<String>,
        pub found_on: Option<Date>,
        pub last_contact_on: Option<Date>,
        pub notes: Option<String>,
        pub version: i32,
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::child::Entity",
        from = "Column::ChildId",
        to = "super::child::Column::Id"
    )]
    Child,
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::PersonId",
        to = "super::person::Column::Id"
    )]
    Person,
}

impl Related<super::child::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Child.def()
    }
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Person.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
