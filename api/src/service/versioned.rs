//! Optimistic locking, and the one way a versioned row is changed: an update or a removal
//! names the version it was based on and loses to any change made since; when it wins, the
//! audit event and the revision are written in the same transaction ([`save`]).

use std::str::FromStr;

use chrono::Utc;
use entity::{assignment, child, network_member, person, relationship};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityName, EntityTrait, QueryFilter, Value,
};
use serde::Serialize;
use uuid::Uuid;

use crate::{
    error::ApiError,
    service::{
        Viewer,
        audit::{self, Change},
    },
};

/// A row that carries an id and a version.
pub trait Versioned {
    fn id(&self) -> Uuid;
    fn version(&self) -> i32;
}

macro_rules! versioned {
    ($($model:ty),*) => {
        $(impl Versioned for $model {
            fn id(&self) -> Uuid {
                self.id
            }
            fn version(&self) -> i32 {
                self.version
            }
        })*
    };
}

versioned!(
    assignment::Model,
    child::Model,
    person::Model,
    network_member::Model,
    relationship::Model
);

/// What a versioned write does to its row.
#[derive(Clone, Copy, Debug)]
pub enum Write {
    Update,
    /// Marks the row removed; it is never deleted.
    Remove,
}

type Model<A> = <<A as ActiveModelTrait>::Entity as EntityTrait>::Model;

/// Writes `active` over the row `before` was read from, if that row is still at
/// `before`'s version: stamps the next version, who and when (and for a removal, that it is
/// removed), reads the row back, and records the change (an audit event and a revision)
/// in the same transaction. The audit action is the table's name and the write's,
/// `network_member.update`; `child_id` files the event under the child it concerns.
pub async fn save<A>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    write: Write,
    mut active: A,
    before: &Model<A>,
    child_id: Option<Uuid>,
) -> Result<Model<A>, ApiError>
where
    A: ActiveModelTrait + Send,
    Model<A>: Versioned + Serialize + Sync,
    <A::Entity as EntityTrait>::Column: FromStr,
{
    let table = A::Entity::default().table_name();
    let entity = table.replace('_', " ");
    let now = Utc::now();
    let mut stamps: Vec<(&str, Value)> = vec![
        ("version", (before.version() + 1).into()),
        ("updated_at", now.into()),
        ("updated_by", Some(viewer.user_id).into()),
    ];
    if let Write::Remove = write {
        stamps.push(("deleted_at", Some(now).into()));
        stamps.push(("deleted_by", Some(viewer.user_id).into()));
    }
    for (name, value) in stamps {
        active
            .try_set(column::<A::Entity>(&entity, name)?, value)
            .map_err(ApiError::internal)?;
    }
    update_if_version(db, &entity, active, before.id(), before.version()).await?;
    let after = A::Entity::find()
        .filter(column::<A::Entity>(&entity, "id")?.eq(before.id()))
        .one(db)
        .await?
        .ok_or_else(|| {
            ApiError::internal(std::io::Error::other(format!(
                "the {entity} just written is gone"
            )))
        })?;
    let verb = match write {
        Write::Update => "update",
        Write::Remove => "remove",
    };
    audit::change(
        db,
        viewer,
        Change {
            action: &format!("{table}.{verb}"),
            entity_type: table,
            entity_id: before.id(),
            child_id,
            version: after.version(),
            before: Some(before),
            after: Some(&after),
        },
    )
    .await?;
    Ok(after)
}

/// Writes `active` over the row `before` was read from only if that row is still at
/// `before`'s version, or `CONFLICT`: for a change that records its own audit event (a
/// merge), where [`save`] would record a second.
pub async fn write_if_unchanged<A>(
    db: &impl ConnectionTrait,
    active: A,
    before: &Model<A>,
) -> Result<(), ApiError>
where
    A: ActiveModelTrait + Send,
    Model<A>: Versioned,
    <A::Entity as EntityTrait>::Column: FromStr,
{
    let entity = A::Entity::default().table_name().replace('_', " ");
    update_if_version(db, &entity, active, before.id(), before.version()).await
}

/// The column `name` of `E`, or an internal error naming `entity`.
fn column<E: EntityTrait>(entity: &str, name: &str) -> Result<E::Column, ApiError>
where
    E::Column: FromStr,
{
    E::Column::from_str(name).map_err(|_| {
        ApiError::internal(std::io::Error::other(format!(
            "{entity} has no {name} column"
        )))
    })
}

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
async fn update_if_version<A>(
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
    let result = <A::Entity as EntityTrait>::update_many()
        .set(active)
        .filter(column::<A::Entity>(entity, "id")?.eq(id))
        .filter(column::<A::Entity>(entity, "version")?.eq(version))
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
