//! `person`: any human in the records, shared by every network that holds them.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::Sex;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "person")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub preferred_name: Option<String>,
    pub sex: Option<Sex>,
    pub birth_date: Option<String>,
    pub deceased: bool,
    pub area: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
    pub name_key: String,
    /// Set when this record was merged into another: it is then a tombstone.
    pub merged_into_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub created_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
    pub deleted_at: Option<DateTimeUtc>,
    pub deleted_by: Option<Uuid>,
}

crate::view::view! {
    /// What the API shows of a person: every column but the organisation (which the reader
    /// already knows), the search key, the merge link and the audit stamps. Reads of many
    /// people (a whole network) select only these; on SQLite every value read is copied
    /// between threads, so a third fewer columns is a third less of that work.
    pub struct View {
        pub id: Uuid,
        pub given_name: Option<String>,
        pub family_name: Option<String>,
        pub preferred_name: Option<String>,
        pub sex: Option<Sex>,
        pub birth_date: Option<String>,
        pub deceased: bool,
        pub area: Option<String>,
        pub phone: Option<String>,
        pub email: Option<String>,
        pub address: Option<String>,
        pub notes: Option<String>,
        pub version: i32,
    }
}

crate::view::view! {
    /// What the analysis of a network (kinship, paths, health) reads of a person: a graph
    /// of 2,000 people needs these four columns, not the thirteen of `View`.
    pub struct GraphView within View {
        pub id: Uuid,
        pub sex: Option<Sex>,
        pub birth_date: Option<String>,
        pub deceased: bool,
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::person_name::Entity")]
    PersonName,
    #[sea_orm(has_many = "super::network_member::Entity")]
    NetworkMember,
}

impl Related<super::person_name::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::PersonName.def()
    }
}

impl Related<super::network_member::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::NetworkMember.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
