//! Optimistic locking: an update names the version it was based on, and loses to any change
//! made since.

use std::str::FromStr;

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::error::ApiError;

/// Fails with `CONFLICT` unless the stored version is the one the client read.
pub fn check_version(entity: &str, stored: i32, given: i32) -> Result<(), ApiError> {
    if stored == given {
        Ok(())
    } else {
        Err(ApiError::stale(entity, stored))
    }
}

/// Writes `active` to the row `id` only if that row is still at `version`, so that two
/// transactions that both read the same version cannot both win.
pub async fn update_if_version<A>(
    db: &impl ConnectionTrait,
    entity: &str,
    active: A,
    id: Uuid,
    version: i32,
) -> Result<(), ApiError>
where
    A: ActiveModelTrait + Send,
    <A::Entity as EntityTrait>::Column: FromStr,
{
    let (Ok(id_column), Ok(version_column)) = (
        <A::Entity as EntityTrait>::Column::from_str("id"),
        <A::Entity as EntityTrait>::Column::from_str("version"),
    ) else {
        return Err(ApiError::internal(std::io::Error::other(format!(
            "{entity} has no id or version column"
        ))));
    };
    let result = <A::Entity as EntityTrait>::update_many()
        .set(active)
        .filter(id_column.eq(id))
        .filter(version_column.eq(version))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(ApiError::Conflict {
            message: format!("the {entity} was changed by someone else; reload it and try again"),
            current_version: None,
        });
    }
    Ok(())
}
