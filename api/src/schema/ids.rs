//! Ids on the wire: UUIDv7 strings, unique across every type.

use async_graphql::ID;
use uuid::Uuid;

use crate::error::ApiError;

/// Parses an id argument into the id the domain wants (a `PersonId`, a `ChildId`, a plain
/// `Uuid`); a malformed one is `BAD_USER_INPUT` naming the field.
pub fn parse<T: From<Uuid>>(field: &str, id: &ID) -> Result<T, ApiError> {
    Uuid::parse_str(id.as_str())
        .map(T::from)
        .map_err(|_| ApiError::bad_input(field, format!("{field} is not a valid id")))
}

pub fn id(uuid: Uuid) -> ID {
    ID(uuid.to_string())
}
