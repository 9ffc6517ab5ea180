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

/// Tries each kind of record in turn. Ids are UUIDv7, unique across tables, so at most one
/// matches; the order puts the commonest first.
pub async fn find(db: &impl ConnectionTrait, viewer: &Viewer, id: Uuid) -> Result<Found, ApiError> {
    if let Some(person) = found(access::readable_person(db, viewer, id).await)? {
        return Ok(Found::Person(person));
    }
    if let Some(member) = found(network::readable_member(db, viewer, id).await)? {
        return Ok(Found::NetworkMember(member));
    }
    if let Some(child) = found(access::readable_child(db, viewer, id).await)? {
        return Ok(Found::Child(child));
    }
    if let Some(relationship) = found(relationships::readable(db, viewer, id).await)? {
        return Ok(Found::Relationship(relationship));
    }
    if let Some(activity) = found(searches::readable(db, viewer, id).await)? {
        return Ok(Found::SearchActivity(activity));
    }
    if let Some(assignment) = found(assignments::readable(db, viewer, id).await)? {
        return Ok(Found::Assignment(assignment));
    }
    if let Some(user) = found(assignments::user(db, viewer, id).await)? {
        return Ok(Found::User(user));
    }
    if let Some(conference) = found(conferences::readable(db, viewer, id).await)? {
        return Ok(Found::Conference(conference));
    }
    Err(ApiError::NotFound("node"))
}
