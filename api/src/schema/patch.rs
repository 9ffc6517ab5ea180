//! A GraphQL field of an update (left out, null, or a value) as the domain's patch.

use async_graphql::MaybeUndefined;

use crate::service::validate::Patch;

/// The domain's patch for a field of an update input, with its value converted.
pub fn patch<T, U: From<T>>(field: MaybeUndefined<T>) -> Patch<U> {
    match field {
        MaybeUndefined::Undefined => Patch::Keep,
        MaybeUndefined::Null => Patch::Clear,
        MaybeUndefined::Value(value) => Patch::Set(value.into()),
    }
}
