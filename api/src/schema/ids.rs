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

/// `uuid` as an id, hyphenated in lower case as `Uuid`'s `Display` writes it; encoded
/// straight into its one allocation (a network answer holds a thousand of them).
pub fn id(uuid: Uuid) -> ID {
    ID(uuid
        .hyphenated()
        .encode_lower(&mut Uuid::encode_buffer())
        .to_owned())
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    #[test]
    fn an_id_is_the_uuid_as_it_displays() {
        for uuid in [
            Uuid::nil(),
            Uuid::max(),
            Uuid::now_v7(),
            Uuid::from_u128(0x0123_4567_89ab_cdef_fedc_ba98_7654_3210),
        ] {
            assert_eq!(super::id(uuid).0, uuid.to_string());
        }
    }
}
