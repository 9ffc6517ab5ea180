//! The append-only audit log and the revisions that let a change be undone. Both are
//! written inside the transaction of the change they describe, so neither can be lost
//! while the change stands.

use chrono::Utc;
use entity::{audit_event, revision};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde::Serialize;
use uuid::Uuid;

use crate::{
    error::ApiError,
    service::{Viewer, network_events},
};

/// A change to one record, for the audit log and the revision history.
pub struct Change<'a, T: Serialize> {
    /// `person.update`, `network_member.remove`, ...
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: Uuid,
    pub child_id: Option<Uuid>,
    pub version: i32,
    pub before: Option<&'a T>,
    pub after: Option<&'a T>,
}

/// Records a change: one audit event and one revision.
pub async fn change<T: Serialize>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    change: Change<'_, T>,
) -> Result<(), ApiError> {
    changes(db, viewer, [change]).await
}

/// Records many changes, an audit event and a revision each, in batches.
pub async fn changes<'a, T: Serialize + 'a>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    changes: impl IntoIterator<Item = Change<'a, T>>,
) -> Result<(), ApiError> {
    const BATCH: usize = 500;
    let to_json = |value: Option<&T>| -> Result<Option<serde_json::Value>, ApiError> {
        value
            .map(serde_json::to_value)
            .transpose()
            .map_err(ApiError::internal)
    };
    let mut changes = changes.into_iter().peekable();
    while changes.peek().is_some() {
        let mut events = Vec::new();
        let mut revisions = Vec::new();
        let mut raised = Vec::new();
        for change in changes.by_ref().take(BATCH) {
            let event_id = Uuid::now_v7();
            let (before, after) = (to_json(change.before)?, to_json(change.after)?);
            raised.push(network_events::Raised {
                action: change.action,
                entity_type: change.entity_type,
                entity_id: change.entity_id,
                child_id: change.child_id,
                version: change.version,
                joins: joins(after.as_ref().or(before.as_ref())),
            });
            events.push(event_row(
                event_id,
                viewer,
                change.action,
                change.entity_type,
                Some(change.entity_id),
                change.child_id,
            ));
            revisions.push(revision::ActiveModel {
                id: Set(Uuid::now_v7()),
                organisation_id: Set(viewer.organisation_id),
                entity_type: Set(change.entity_type.to_owned()),
                entity_id: Set(change.entity_id),
                version: Set(change.version),
                before: Set(before),
                after: Set(after),
                changed_by: Set(Some(viewer.user_id)),
                changed_at: Set(Utc::now()),
                audit_event_id: Set(event_id),
            });
        }
        audit_event::Entity::insert_many(events).exec(db).await?;
        revision::Entity::insert_many(revisions).exec(db).await?;
        network_events::raise(db, viewer, &raised).await?;
    }
    Ok(())
}

/// The two people a relationship's record joins.
fn joins(record: Option<&serde_json::Value>) -> Option<(Uuid, Uuid)> {
    let record = record?;
    let person = |key: &str| record.get(key)?.as_str()?.parse().ok();
    Some((person("from_person_id")?, person("to_person_id")?))
}

/// The row for an event.
pub fn event_row(
    id: Uuid,
    viewer: &Viewer,
    action: &str,
    entity_type: &str,
    entity_id: Option<Uuid>,
    child_id: Option<Uuid>,
) -> audit_event::ActiveModel {
    audit_event::ActiveModel {
        id: Set(id),
        organisation_id: Set(viewer.organisation_id),
        user_id: Set(Some(viewer.user_id)),
        action: Set(action.to_owned()),
        entity_type: Set(entity_type.to_owned()),
        entity_id: Set(entity_id),
        child_id: Set(child_id),
        occurred_at: Set(Utc::now()),
        detail: Set(Some(serde_json::json!({ "via": viewer.via }))),
    }
}

/// Records an event (a read, or the envelope of a change) and returns its id.
pub async fn event(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    action: &str,
    entity_type: &str,
    entity_id: Option<Uuid>,
    child_id: Option<Uuid>,
) -> Result<Uuid, ApiError> {
    let id = Uuid::now_v7();
    event_row(id, viewer, action, entity_type, entity_id, child_id)
        .insert(db)
        .await?;
    Ok(id)
}
