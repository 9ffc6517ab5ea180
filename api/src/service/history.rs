//! A record's history and its restore. Every change of a versioned record left a revision
//! (the record before and after) with its audit event, in the change's own transaction;
//! the history reads them back as who, when, what, and the fields changed, each field
//! only as far as the viewer may read it now (`policy::shows_in_history`). A restore
//! writes an earlier revision back as a new version: nothing is rewritten.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{
    audit_event, consent, network_member, person, relationship, revision, search_activity,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    policy::{self, VisiblePerson},
    service::{
        Viewer, access, conferences, network, reads, relationships,
        validate::name_key,
        versioned::{self, Versioned, Write},
    },
};

/// Columns that are the record's bookkeeping or derived from it, not what anyone changed.
const BOOKKEEPING: [&str; 8] = [
    "id",
    "organisation_id",
    "version",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "name_key",
];

/// One field's change.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// The viewer may not read this field of this record: both values are left out.
    pub withheld: bool,
}

/// One change of a record.
#[derive(Clone, Debug)]
pub struct Entry {
    pub revision_id: Uuid,
    pub version: i32,
    pub action: String,
    pub changed_by: Option<Uuid>,
    pub changed_at: DateTime<Utc>,
    pub changes: Vec<FieldChange>,
}

/// What a record is, from its revisions: its table and its latest state.
struct Record {
    entity_type: String,
    latest: Value,
}

async fn record(db: &impl ConnectionTrait, viewer: &Viewer, id: Uuid) -> Result<Record, ApiError> {
    let latest = revision::Entity::find()
        .filter(revision::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(revision::Column::EntityId.eq(id))
        .order_by_desc(revision::Column::Id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("record"))?;
    let state = latest
        .after
        .clone()
        .or(latest.before.clone())
        .unwrap_or(Value::Null);
    Ok(Record {
        entity_type: latest.entity_type,
        latest: state,
    })
}

fn uuid_at(value: &Value, key: &str) -> Option<Uuid> {
    value.get(key)?.as_str()?.parse().ok()
}

/// Who the record is about, as the viewer sees them; `NOT_FOUND` when the viewer may not
/// read the record (the same answer as for one that does not exist).
async fn readable_about(
    db: &Db,
    viewer: &Viewer,
    id: Uuid,
    record: &Record,
) -> Result<Vec<VisiblePerson>, ApiError> {
    let missing = ApiError::NotFound("record");
    let state = &record.latest;
    let child = match record.entity_type.as_str() {
        "child" => Some(id),
        "person" | "relationship" => None,
        _ => match uuid_at(state, "child_id") {
            Some(child) => Some(child),
            None => match uuid_at(state, "conference_id") {
                Some(conference) => Some(
                    conferences::readable(&db.conn, viewer, conference)
                        .await?
                        .child_id,
                ),
                None => return Err(missing),
            },
        },
    };
    let mut people: Vec<Uuid> = [
        "person_id",
        "from_person_id",
        "to_person_id",
        "owner_person_id",
    ]
    .iter()
    .filter_map(|key| uuid_at(state, key))
    .collect();
    if record.entity_type == "person" {
        people.push(id);
    }
    if let Some(child) = child {
        let child = access::readable_child(&db.conn, viewer, child)
            .await
            .map_err(|_| ApiError::NotFound("record"))?;
        if record.entity_type == "child" {
            people.push(child.person_id);
        }
    }
    let seen = reads::see_people(db, viewer, &people).await?;
    if people.iter().any(|person| !seen.contains_key(person)) && child.is_none() {
        // A person or a tie the viewer may not read.
        return Err(missing);
    }
    Ok(people
        .iter()
        .filter_map(|person| seen.get(person).cloned())
        .collect())
}

/// The changes of record `id`, newest first, `limit` of them after the revision `after`.
pub async fn history(
    db: &Db,
    viewer: &Viewer,
    id: Uuid,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<Entry>, ApiError> {
    let record = record(&db.conn, viewer, id).await?;
    let about = readable_about(db, viewer, id, &record).await?;
    let about: Vec<&VisiblePerson> = about.iter().collect();
    let mut query = revision::Entity::find()
        .filter(revision::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(revision::Column::EntityId.eq(id));
    if let Some(after) = after {
        query = query.filter(revision::Column::Id.lt(after));
    }
    let revisions = query
        .order_by_desc(revision::Column::Id)
        .limit(limit)
        .all(&db.conn)
        .await?;
    let events: Vec<Uuid> = revisions.iter().map(|r| r.audit_event_id).collect();
    let actions: HashMap<Uuid, String> = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Id)
        .column(audit_event::Column::Action)
        .filter(db.one_of(audit_event::Column::Id, &events))
        .into_tuple::<(Uuid, String)>()
        .all(&db.conn)
        .await?
        .into_iter()
        .collect();
    reads::account(
        db,
        viewer,
        "history.read",
        &record.entity_type,
        [(id, None)],
    )
    .await?;
    Ok(revisions
        .into_iter()
        .map(|revision| Entry {
            changes: diff(viewer, &record.entity_type, &revision, &about),
            action: actions
                .get(&revision.audit_event_id)
                .cloned()
                .unwrap_or_default(),
            revision_id: revision.id,
            version: revision.version,
            changed_by: revision.changed_by,
            changed_at: revision.changed_at,
        })
        .collect())
}

/// The fields a revision changed, with what the viewer may not read withheld.
fn diff(
    viewer: &Viewer,
    entity_type: &str,
    revision: &revision::Model,
    about: &[&VisiblePerson],
) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let object = |value: &Option<Value>| value.as_ref().and_then(Value::as_object).cloned();
    let (before, after) = (object(&revision.before), object(&revision.after));
    let keys: std::collections::BTreeSet<&String> = before
        .as_ref()
        .unwrap_or(&empty)
        .keys()
        .chain(after.as_ref().unwrap_or(&empty).keys())
        .collect();
    keys.into_iter()
        .filter(|key| !BOOKKEEPING.contains(&key.as_str()))
        .filter_map(|key| {
            let was = before.as_ref().and_then(|b| b.get(key)).cloned();
            let now = after.as_ref().and_then(|a| a.get(key)).cloned();
            let unset = |value: &Option<Value>| value.as_ref().is_none_or(Value::is_null);
            if was == now || (unset(&was) && unset(&now)) {
                return None;
            }
            let shown = policy::shows_in_history(viewer, entity_type, key, about);
            Some(FieldChange {
                field: key.clone(),
                before: if shown {
                    was.filter(|v| !v.is_null())
                } else {
                    None
                },
                after: if shown {
                    now.filter(|v| !v.is_null())
                } else {
                    None
                },
                withheld: !shown,
            })
        })
        .collect()
}

/// What record `id` was at `version`, by its revisions.
async fn at_version<M: DeserializeOwned>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
    version: i32,
) -> Result<M, ApiError> {
    let revisions = revision::Entity::find()
        .filter(revision::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(revision::Column::EntityId.eq(id))
        .filter(revision::Column::Version.eq(version))
        .order_by_desc(revision::Column::Id)
        .all(db)
        .await?;
    let state = revisions
        .into_iter()
        .find_map(|revision| revision.after)
        .filter(|state| state.get("deleted_at").is_none_or(Value::is_null))
        .ok_or_else(|| {
            ApiError::bad_input(
                "version",
                "the record was not at this version, or was removed at it",
            )
        })?;
    serde_json::from_value(state).map_err(ApiError::internal)
}

/// A record to bring back.
#[derive(Clone, Copy, Debug)]
pub struct Restore {
    pub id: Uuid,
    /// The version to bring back.
    pub to_version: i32,
    /// The version the client read; `CONFLICT` if it changed since.
    pub version: i32,
}

/// What a restore wrote.
#[derive(Clone, Debug)]
pub enum Restored {
    NetworkMember(network_member::Model),
    Relationship(relationship::Model),
    SearchActivity(search_activity::Model),
    Consent(consent::Model),
    Person(person::Model),
}

/// Brings a record back to an earlier version, or back from removal, as a new version.
/// What ties the record to others (its child, its people) stays as it is now: a merge
/// since then moved it, and a restore does not undo a merge (`unmergePeople` does).
/// A person merged into another is brought back with `unmergePeople`.
pub async fn restore(db: &Db, viewer: &Viewer, input: Restore) -> Result<Restored, ApiError> {
    let txn = db.begin_write().await?;
    let conn = txn.conn();
    let record = record(conn, viewer, input.id).await?;
    let restored = match record.entity_type.as_str() {
        "network_member" => {
            let now = network_member::Entity::find_by_id(input.id)
                .one(conn)
                .await?
                .ok_or(ApiError::NotFound("record"))?;
            let child = access::writable_child(conn, viewer, now.child_id).await?;
            let mut then: network_member::Model =
                at_version(conn, viewer, input.id, input.to_version).await?;
            (then.child_id, then.person_id) = (now.child_id, now.person_id);
            network::check_restriction(then.restriction, &then.restriction_reason)?;
            if now.deleted_at.is_some() {
                // Back from removal, unless the person has joined the network again since.
                if network::member_of(conn, &child, now.person_id, "id")
                    .await
                    .is_ok()
                {
                    return Err(ApiError::bad_input(
                        "id",
                        "this person is in the network again; change that place instead",
                    ));
                }
            }
            Restored::NetworkMember(
                write_back::<network_member::ActiveModel>(
                    conn,
                    viewer,
                    now,
                    then,
                    input.version,
                    Some(child.id),
                )
                .await?,
            )
        }
        "relationship" => {
            let now = relationship::Entity::find_by_id(input.id)
                .one(conn)
                .await?
                .ok_or(ApiError::NotFound("record"))?;
            for person in [now.from_person_id, now.to_person_id] {
                access::writable_person(conn, viewer, person)
                    .await
                    .map_err(|_| ApiError::NotFound("record"))?;
            }
            let mut then: relationship::Model =
                at_version(conn, viewer, input.id, input.to_version).await?;
            (then.from_person_id, then.to_person_id) = (now.from_person_id, now.to_person_id);
            // The network may have moved on: the tie must still fit it, as a new one would.
            relationships::fits(
                conn,
                then.from_person_id,
                then.to_person_id,
                then.kind,
                Some(now.id),
            )
            .await?;
            Restored::Relationship(
                write_back::<relationship::ActiveModel>(
                    conn,
                    viewer,
                    now,
                    then,
                    input.version,
                    None,
                )
                .await?,
            )
        }
        "search_activity" => {
            let now = search_activity::Entity::find_by_id(input.id)
                .one(conn)
                .await?
                .ok_or(ApiError::NotFound("record"))?;
            access::writable_child(conn, viewer, now.child_id).await?;
            let mut then: search_activity::Model =
                at_version(conn, viewer, input.id, input.to_version).await?;
            (then.child_id, then.person_id) = (now.child_id, now.person_id);
            let child = Some(now.child_id);
            Restored::SearchActivity(
                write_back::<search_activity::ActiveModel>(
                    conn,
                    viewer,
                    now,
                    then,
                    input.version,
                    child,
                )
                .await?,
            )
        }
        "consent" => {
            let now = consent::Entity::find_by_id(input.id)
                .one(conn)
                .await?
                .ok_or(ApiError::NotFound("record"))?;
            access::writable_child(conn, viewer, now.child_id).await?;
            let mut then: consent::Model =
                at_version(conn, viewer, input.id, input.to_version).await?;
            (then.child_id, then.person_id) = (now.child_id, now.person_id);
            let child = Some(now.child_id);
            Restored::Consent(
                write_back::<consent::ActiveModel>(conn, viewer, now, then, input.version, child)
                    .await?,
            )
        }
        "person" => {
            let now = access::writable_person(conn, viewer, input.id)
                .await
                .map_err(|_| ApiError::NotFound("record"))?;
            let mut then: person::Model =
                at_version(conn, viewer, input.id, input.to_version).await?;
            then.merged_into_id = now.merged_into_id;
            then.name_key = name_key(
                &[&then.given_name, &then.family_name, &then.preferred_name]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            Restored::Person(
                write_back::<person::ActiveModel>(conn, viewer, now, then, input.version, None)
                    .await?,
            )
        }
        _ => {
            return Err(ApiError::bad_input(
                "id",
                "this kind of record is not restored here",
            ));
        }
    };
    txn.commit().await?;
    Ok(restored)
}

/// Writes `then` over the row as it is `now` (read at `version` by the client), live
/// again, as the next version, with its audit event (`table.restore`) and revision.
async fn write_back<A>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    now: Model<A>,
    then: Model<A>,
    version: i32,
    child_id: Option<Uuid>,
) -> Result<Model<A>, ApiError>
where
    A: ActiveModelTrait + Send,
    Model<A>: Versioned + serde::Serialize + Sync + IntoActiveModel<A>,
    <A::Entity as EntityTrait>::Column: std::str::FromStr,
{
    versioned::check_version("record", now.version(), version)?;
    let active = then.into_active_model().reset_all();
    versioned::save(db, viewer, Write::Restore, active, &now, child_id).await
}

type Model<A> = <<A as ActiveModelTrait>::Entity as EntityTrait>::Model;
