//! `node(id:)`: finds any record by id, among those the viewer may see.

use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::{
    error::ApiError,
    service::{Viewer, access, assignments, conferences, network, relationships, searches},
};

/// A record found by id.
pub enum Found {
    Child(entity::child::Model),
    Person(entity::person::Model),
    NetworkMember(entity::network_member::Model),
    Relationship(entity::relationship::Model),
    SearchActivity(entity::search_activity::Model),
    Assignment(entity::assignment::Model),
    User(entity::app_user::Model),
    Conference(entity::conference::Model),
}

fn found<T>(result: Result<T, ApiError>) -> Result<Option<T>, ApiError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(ApiError::NotFound(_)) => Ok(None),
        Err(error) => Err(error),
    }
}

/// The tables of the records `node(id:)` finds, the commonest first.
const TABLES: &[&str] = &[
    "person",
    "network_member",
    "child",
    "relationship",
    "search_activity",
    "assignment",
    "app_user",
    "conference",
];

/// Finds the record, trying each kind in turn, or only the kind of `table` when the caller
/// knows it (a network event does). Ids are UUIDv7, unique across tables, so at most one
/// matches.
pub async fn find(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
    table: Option<&str>,
) -> Result<Found, ApiError> {
    let tables = match table {
        Some(table) => std::slice::from_ref(
            TABLES
                .iter()
                .find(|known| **known == table)
                .ok_or(ApiError::NotFound("node"))?,
        ),
        None => TABLES,
    };
    for table in tables {
        if let Some(record) = found(find_in(db, viewer, id, table).await)? {
            return Ok(record);
        }
    }
    Err(ApiError::NotFound("node"))
}

/// The record `id` of `table`, if the viewer may see it.
async fn find_in(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
    table: &str,
) -> Result<Found, ApiError> {
    Ok(match table {
        "person" => Found::Person(access::readable_person(db, viewer, id).await?),
        "network_member" => Found::NetworkMember(network::readable_member(db, viewer, id).await?),
        "child" => Found::Child(access::readable_child(db, viewer, id).await?),
        "relationship" => Found::Relationship(relationships::readable(db, viewer, id).await?),
        "search_activity" => Found::SearchActivity(searches::readable(db, viewer, id).await?),
        "assignment" => Found::Assignment(assignments::readable(db, viewer, id).await?),
        "app_user" => Found::User(assignments::user(db, viewer, id).await?),
        "conference" => Found::Conference(conferences::readable(db, viewer, id).await?),
        _ => return Err(ApiError::NotFound("node")),
    })
}
