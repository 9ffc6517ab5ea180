//! `network_event`: a committed change to a child's network, numbered per organisation in
//! commit order, for subscribers (`networkChanged`) and for a replica catching up.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "network_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    /// Null only inside the transaction that wrote it, until it is numbered before COMMIT.
    pub sequence: Option<i64>,
    pub child_id: Uuid,
    /// The change's audit action: `network_member.create`, `person.merge`, ...
    pub action: String,
    pub entity_type: String,
    pub entity_id: Uuid,
    pub version: i32,
    pub user_id: Option<Uuid>,
    /// When the change was committed: stamped by the transaction's last statement.
    pub occurred_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
