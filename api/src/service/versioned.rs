//! The one way a versioned row is created ([`create`], and [`create_many`] for a whole
//! network at once) and the one way it is changed ([`save`]): optimistic locking, where an
//! update or a removal names the version it was based on and loses to any change made
//! since, and the stamps, audit event and revision written in the same transaction.

use std::str::FromStr;

use chrono::{DateTime, SubsecRound, Utc};
use entity::{
    assignment, child, conference, conference_offer, conference_review, consent, emergency_access,
    invitation, network_member, person, plan_action, relationship, search_activity,
};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ActiveValue, ColumnTrait, Condition, ConnectionTrait,
    EntityName, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, TryIntoModel, Value,
    sea_query::{Expr, ExprTrait},
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
    relationship::Model,
    search_activity::Model,
    conference::Model,
    conference_offer::Model,
    invitation::Model,
    plan_action::Model,
    conference_review::Model,
    consent::Model,
    emergency_access::Model
);

/// What a versioned write does to its row.
#[derive(Clone, Copy, Debug)]
pub enum Write {
    Update,
    /// Marks the row removed; it is never deleted.
    Remove,
    /// Writes an earlier state back, live again (its removal mark cleared).
    Restore,
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
    active: A,
    before: &Model<A>,
    child_id: Option<Uuid>,
) -> Result<Model<A>, ApiError>
where
    A: ActiveModelTrait + Send,
    Model<A>: Versioned + Serialize + Sync,
    <A::Entity as EntityTrait>::Column: FromStr,
{
    let table = A::Entity::default().table_name();
    write_if_unchanged(db, viewer, write, active, before).await?;
    let after = reread::<A::Entity>(db, before.id()).await?;
    let verb = match write {
        Write::Update => "update",
        Write::Remove => "remove",
        Write::Restore => "restore",
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
/// `before`'s version, stamped as [`save`] stamps it, or `CONFLICT`: for a change that
/// records its own audit event (a merge), where [`save`] would record a second.
pub async fn write_if_unchanged<A>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    write: Write,
    mut active: A,
    before: &Model<A>,
) -> Result<(), ApiError>
where
    A: ActiveModelTrait + Send,
    Model<A>: Versioned,
    <A::Entity as EntityTrait>::Column: FromStr,
{
    let now = now();
    let mut stamps: Vec<(&str, Value)> = vec![
        ("version", (before.version() + 1).into()),
        ("updated_at", now.into()),
        ("updated_by", Some(viewer.user_id).into()),
    ];
    stamps.extend(removal_stamps(write, viewer, now));
    stamp(&mut active, stamps)?;
    let entity = entity_name::<A::Entity>();
    update_if_version(db, &entity, active, before.id(), before.version()).await
}

/// Sets `changes` on each of `rows` (an id and the version it was read at) in one statement
/// per batch, each row only if it is still at that version, stamped as [`save`] stamps it:
/// every row or `CONFLICT`. For the rows a merge moves, which it records in its own event.
pub async fn write_many_if_unchanged<E>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    write: Write,
    rows: &[(Uuid, i32)],
    changes: &[(&str, Value)],
) -> Result<(), ApiError>
where
    E: EntityTrait,
    E::Column: FromStr,
{
    const BATCH: usize = 500;
    let entity = entity_name::<E>();
    let (id, version) = (
        column::<E>(&entity, "id")?,
        column::<E>(&entity, "version")?,
    );
    let now = now();
    let mut stamps: Vec<(&str, Value)> = vec![
        ("updated_at", now.into()),
        ("updated_by", Some(viewer.user_id).into()),
    ];
    stamps.extend(removal_stamps(write, viewer, now));
    for batch in rows.chunks(BATCH) {
        let mut update = E::update_many().col_expr(version, Expr::col(version).add(1));
        for (name, value) in changes.iter().chain(&stamps) {
            update = update.col_expr(column::<E>(&entity, name)?, Expr::value(value.clone()));
        }
        let unchanged = batch.iter().fold(Condition::any(), |any, (row, read_at)| {
            any.add(Condition::all().add(id.eq(*row)).add(version.eq(*read_at)))
        });
        let result = update.filter(unchanged).exec(db).await?;
        if result.rows_affected != batch.len() as u64 {
            return Err(ApiError::Conflict {
                message: format!("a {entity} was changed by someone else; reload and try again"),
                current_version: None,
            });
        }
    }
    Ok(())
}

/// The versions `ids` are at now, for a write that must not lose a change made since.
pub async fn versions<E>(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, i32)>, ApiError>
where
    E: EntityTrait,
    E::Column: FromStr,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let entity = entity_name::<E>();
    let (id, version) = (
        column::<E>(&entity, "id")?,
        column::<E>(&entity, "version")?,
    );
    Ok(E::find()
        .select_only()
        .column(id)
        .column(version)
        .filter(id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?)
}

/// Creates a row: stamps it as new (see [`stamp_new`]), inserts it, and records its creation
/// (an audit event `table.create` and a revision) in the same transaction. The one way a
/// versioned row is created, as [`save`] is the one way it changes.
pub async fn create<A>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    mut active: A,
    child_id: Option<Uuid>,
) -> Result<Model<A>, ApiError>
where
    A: ActiveModelTrait + ActiveModelBehavior + Send,
    Model<A>: Versioned + Serialize + Sync + IntoActiveModel<A>,
    <A::Entity as EntityTrait>::Column: FromStr,
{
    stamp_new(&mut active, viewer, now())?;
    let created = active.insert(db).await?;
    let (action, table) = create_action::<A::Entity>();
    audit::change(
        db,
        viewer,
        created_change((&action, table), &created, child_id),
    )
    .await?;
    Ok(created)
}

/// Creates many rows of one table in batches, each recorded as [`create`] records one:
/// for loaders and imports, which write a whole network in one transaction.
pub async fn create_many<A>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    rows: Vec<(A, Option<Uuid>)>,
) -> Result<(), ApiError>
where
    A: ActiveModelTrait + TryIntoModel<Model<A>> + Send,
    Model<A>: Versioned + Serialize + Sync,
    <A::Entity as EntityTrait>::Column: FromStr,
{
    let now = now();
    let mut created = Vec::with_capacity(rows.len());
    let mut stamped = Vec::with_capacity(rows.len());
    for (mut active, child_id) in rows {
        stamp_new(&mut active, viewer, now)?;
        created.push((active.clone().try_into_model()?, child_id));
        stamped.push(active);
    }
    insert_in_batches(db, stamped).await?;
    let (action, table) = create_action::<A::Entity>();
    // Gathered before the await: a closure over borrowed rows held across it would keep the
    // future from being `Send` for every lifetime, which a GraphQL resolver needs.
    let mut changes = Vec::with_capacity(created.len());
    for (model, child_id) in &created {
        changes.push(created_change((&action, table), model, *child_id));
    }
    audit::changes(db, viewer, changes).await
}

/// Creates rows that are recorded with the record they belong to, not on their own (a
/// person's other names, in the person's event): stamped as new and inserted in batches.
pub async fn create_parts<A>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    rows: Vec<A>,
) -> Result<Vec<Uuid>, ApiError>
where
    A: ActiveModelTrait + Send,
    <A::Entity as EntityTrait>::Column: FromStr,
{
    let now = now();
    let entity = entity_name::<A::Entity>();
    let id = column::<A::Entity>(&entity, "id")?;
    let mut ids = Vec::with_capacity(rows.len());
    let mut stamped = Vec::with_capacity(rows.len());
    for mut active in rows {
        stamp_new(&mut active, viewer, now)?;
        if let ActiveValue::Set(Value::Uuid(Some(value))) = active.get(id) {
            ids.push(value);
        }
        stamped.push(active);
    }
    insert_in_batches(db, stamped).await?;
    Ok(ids)
}

/// The stamps of a new row: an id if it has none, the viewer's organisation, version 1,
/// created and updated by the viewer at `now`, not removed.
fn stamp_new<A>(active: &mut A, viewer: &Viewer, now: DateTime<Utc>) -> Result<(), ApiError>
where
    A: ActiveModelTrait,
    <A::Entity as EntityTrait>::Column: FromStr,
{
    let entity = entity_name::<A::Entity>();
    if active.is_not_set(column::<A::Entity>(&entity, "id")?) {
        stamp(active, vec![("id", Uuid::now_v7().into())])?;
    }
    stamp(
        active,
        vec![
            ("organisation_id", viewer.organisation_id.into()),
            ("version", 1.into()),
            ("created_at", now.into()),
            ("created_by", Some(viewer.user_id).into()),
            ("updated_at", now.into()),
            ("updated_by", Some(viewer.user_id).into()),
            ("deleted_at", Option::<DateTime<Utc>>::None.into()),
            ("deleted_by", Option::<Uuid>::None.into()),
        ],
    )
}

fn created_change<'a, M: Versioned + Serialize>(
    (action, table): (&'a str, &'a str),
    model: &'a M,
    child_id: Option<Uuid>,
) -> Change<'a, M> {
    Change {
        action,
        entity_type: table,
        entity_id: model.id(),
        child_id,
        version: model.version(),
        before: None,
        after: Some(model),
    }
}

/// The audit action of a creation, `person.create`, and the table's name.
fn create_action<E: EntityTrait>() -> (String, &'static str) {
    let table = E::default().table_name();
    (format!("{table}.create"), table)
}

/// What a write does to the removal mark: sets it, clears it, or leaves it.
fn removal_stamps(write: Write, viewer: &Viewer, now: DateTime<Utc>) -> Vec<(&'static str, Value)> {
    match write {
        Write::Update => Vec::new(),
        Write::Remove => vec![
            ("deleted_at", Some(now).into()),
            ("deleted_by", Some(viewer.user_id).into()),
        ],
        Write::Restore => vec![
            ("deleted_at", Option::<DateTime<Utc>>::None.into()),
            ("deleted_by", Option::<Uuid>::None.into()),
        ],
    }
}

/// Now, to the microsecond both databases store, so that a revision written from memory
/// says what the row holds.
fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

fn stamp<A>(active: &mut A, stamps: Vec<(&str, Value)>) -> Result<(), ApiError>
where
    A: ActiveModelTrait,
    <A::Entity as EntityTrait>::Column: FromStr,
{
    let entity = entity_name::<A::Entity>();
    for (name, value) in stamps {
        active
            .try_set(column::<A::Entity>(&entity, name)?, value)
            .map_err(ApiError::internal)?;
    }
    Ok(())
}

/// Inserts rows in batches that stay under the bind-parameter limits of both databases.
async fn insert_in_batches<A>(db: &impl ConnectionTrait, rows: Vec<A>) -> Result<(), ApiError>
where
    A: ActiveModelTrait + Send,
{
    const BATCH: usize = 400;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<A> = rows.by_ref().take(BATCH).collect();
        <A::Entity as EntityTrait>::insert_many(batch)
            .exec(db)
            .await?;
    }
    Ok(())
}

async fn reread<E: EntityTrait>(db: &impl ConnectionTrait, id: Uuid) -> Result<E::Model, ApiError>
where
    E::Column: FromStr,
{
    let entity = entity_name::<E>();
    E::find()
        .filter(column::<E>(&entity, "id")?.eq(id))
        .one(db)
        .await?
        .ok_or_else(|| {
            ApiError::internal(std::io::Error::other(format!(
                "the {entity} just written is gone"
            )))
        })
}

fn entity_name<E: EntityTrait>() -> String {
    E::default().table_name().replace('_', " ")
}

/// The column `name` of `E`, or an internal error naming `entity`.
pub(crate) fn column<E: EntityTrait>(entity: &str, name: &str) -> Result<E::Column, ApiError>
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
