//! The access log, read: who read which child's network or which person, when, and by which
//! way in (GraphQL, an export, a picture, a document), with the emergency grant a read was
//! made under, if any. Managers and administrators read everyone's; anyone else their own.

use chrono::{DateTime, Utc};
use entity::{audit_event, child, emergency_access, network_member};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Query,
};
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    service::{Viewer, access::Via, emergency},
};

/// Which reads to list; every part narrows the list.
#[derive(Clone, Debug, Default)]
pub struct AccessFilter {
    pub child_id: Option<Uuid>,
    /// Reads of this person's record, and of every network they are in.
    pub person_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// One read.
#[derive(Clone, Debug)]
pub struct AccessEvent {
    pub event: audit_event::Model,
    pub via: Option<Via>,
    /// The emergency grant the reader held for the child at the time, if the read was made
    /// under one.
    pub grant: Option<emergency_access::Model>,
}

/// The reads the filter names, newest first, `limit` of them after the event `after`.
/// `FORBIDDEN` for anyone but a manager or an administrator asking about another user.
pub async fn reads(
    db: &Db,
    viewer: &Viewer,
    mut filter: AccessFilter,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<AccessEvent>, ApiError> {
    if !viewer.reads_every_child() {
        match filter.user_id {
            Some(user) if user != viewer.user_id => {
                return Err(ApiError::forbidden(
                    "only managers and administrators read others' access",
                ));
            }
            _ => filter.user_id = Some(viewer.user_id),
        }
    }
    let mut query = audit_event::Entity::find()
        .filter(audit_event::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(audit_event::Column::Action.like("%.read"));
    if let Some(child) = filter.child_id {
        query = query.filter(audit_event::Column::ChildId.eq(child));
    }
    if let Some(person) = filter.person_id {
        query = query.filter(about_person(person));
    }
    if let Some(user) = filter.user_id {
        query = query.filter(audit_event::Column::UserId.eq(user));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_event::Column::OccurredAt.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(audit_event::Column::OccurredAt.lt(to));
    }
    if let Some(after) = after {
        query = query.filter(audit_event::Column::Id.lt(after));
    }
    let events = query
        .order_by_desc(audit_event::Column::Id)
        .limit(limit)
        .all(&db.conn)
        .await?;
    let mut users: Vec<Uuid> = events.iter().filter_map(|event| event.user_id).collect();
    let mut children: Vec<Uuid> = events.iter().filter_map(|event| event.child_id).collect();
    users.sort();
    users.dedup();
    children.sort();
    children.dedup();
    let grants = emergency::covering(db, viewer.organisation_id, &users, &children).await?;
    Ok(events
        .into_iter()
        .map(|event| {
            let via = event
                .detail
                .as_ref()
                .and_then(|detail| serde_json::from_value(detail["via"].clone()).ok());
            let grant = grants
                .iter()
                .find(|grant| {
                    Some(grant.user_id) == event.user_id
                        && Some(grant.child_id) == event.child_id
                        && emergency::in_force(grant, event.occurred_at)
                })
                .cloned();
            AccessEvent { event, via, grant }
        })
        .collect())
}

/// Reads of `person`'s own record, and of the network of every child they are in or are.
pub fn about_person(person: Uuid) -> Condition {
    let networks = Query::select()
        .column(network_member::Column::ChildId)
        .from(network_member::Entity)
        .and_where(network_member::Column::PersonId.eq(person))
        .to_owned();
    let own = Query::select()
        .column(child::Column::Id)
        .from(child::Entity)
        .and_where(child::Column::PersonId.eq(person))
        .to_owned();
    Condition::any()
        .add(
            Condition::all()
                .add(audit_event::Column::EntityType.eq("person"))
                .add(audit_event::Column::EntityId.eq(person)),
        )
        .add(
            Condition::all()
                .add(audit_event::Column::Action.eq("network.read"))
                .add(
                    Condition::any()
                        .add(audit_event::Column::ChildId.in_subquery(networks))
                        .add(audit_event::Column::ChildId.in_subquery(own)),
                ),
        )
}
