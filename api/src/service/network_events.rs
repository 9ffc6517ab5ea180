//! Network events: what a subscriber to a child's network is told. Every recorded change
//! to a record of a network raises one event for each network it belongs to, written in the
//! change's own transaction, unnumbered; [`number`] numbers a transaction's events last of
//! all before COMMIT, so that the numbers of an organisation run in commit order without
//! gaps. A subscriber who has seen number n has seen everything before it, and one who
//! reconnects asks for what came after n ([`after`]).

use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};

use chrono::{DateTime, Utc};
use entity::{child, network_event, network_member};
use futures_util::Stream;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
    sea_query::{Expr, ExprTrait, Query, SubQueryStatement},
};
use tokio::sync::broadcast;
use uuid::Uuid;

use crate::{
    db::placeholders,
    error::ApiError,
    live::hub::Hub,
    service::{Viewer, access, access::Via, reads},
};

/// The PostgreSQL channel a numbered event is announced on, as `organisation:sequence`.
pub const CHANNEL: &str = "kinmap_network_events";

/// The tables whose changes are changes to a network.
const NETWORK_RECORDS: &[&str] = &[
    "child",
    "network_member",
    "person",
    "relationship",
    "search_activity",
    "consent",
    "conference",
    "conference_offer",
    "invitation",
    "plan_action",
    "conference_review",
];

/// What a change did to its record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Created,
    Updated,
    Removed,
    Restored,
    /// Another record of the same person was merged into this one, or this one into it.
    Merged,
    Unmerged,
}

impl ChangeKind {
    /// The kind of change an audit action (`network_member.remove`) records.
    pub fn of(action: &str) -> Self {
        match action.rsplit('.').next().unwrap_or_default() {
            "create" => Self::Created,
            "remove" => Self::Removed,
            "restore" => Self::Restored,
            "merge" | "merge_into" => Self::Merged,
            "unmerge" => Self::Unmerged,
            _ => Self::Updated,
        }
    }
}

/// The kind of record a change was to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    Child,
    Member,
    Person,
    Relationship,
    Search,
    Consent,
    Conference,
    ConferenceOffer,
    Invitation,
    PlanAction,
    ConferenceReview,
}

impl RecordKind {
    /// The kind of record stored in `table`.
    pub fn of(table: &str) -> Self {
        match table {
            "child" => Self::Child,
            "network_member" => Self::Member,
            "person" => Self::Person,
            "relationship" => Self::Relationship,
            "search_activity" => Self::Search,
            "consent" => Self::Consent,
            "conference" => Self::Conference,
            "conference_offer" => Self::ConferenceOffer,
            "invitation" => Self::Invitation,
            "plan_action" => Self::PlanAction,
            _ => Self::ConferenceReview,
        }
    }
}

/// One recorded change, as the audit log has it.
pub struct Raised<'a> {
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: Uuid,
    pub child_id: Option<Uuid>,
    pub version: i32,
    /// The two people a relationship joins, read from the record.
    pub joins: Option<(Uuid, Uuid)>,
}

/// Writes an event for each network each change belongs to: the child's it is filed under;
/// for a person, every network they are in; for a relationship, every network both its
/// people are in.
pub async fn raise(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    raised: &[Raised<'_>],
) -> Result<(), ApiError> {
    let raised: Vec<&Raised> = raised
        .iter()
        .filter(|change| NETWORK_RECORDS.contains(&change.entity_type))
        .collect();
    if raised.is_empty() {
        return Ok(());
    }
    let mut people = HashSet::new();
    for change in raised.iter().filter(|change| change.child_id.is_none()) {
        match (change.entity_type, change.joins) {
            ("person", _) => {
                people.insert(change.entity_id);
            }
            ("relationship", Some((from, to))) => {
                people.insert(from);
                people.insert(to);
            }
            _ => {}
        }
    }
    let networks = networks_of(db, viewer, people.into_iter().collect()).await?;
    let none = HashSet::new();
    let of = |person: &Uuid| networks.get(person).unwrap_or(&none);
    let now = Utc::now();
    let mut rows = Vec::new();
    for change in raised {
        let children: Vec<Uuid> = match (change.child_id, change.entity_type, change.joins) {
            (Some(child), _, _) => vec![child],
            (None, "person", _) => of(&change.entity_id).iter().copied().collect(),
            (None, "relationship", Some((from, to))) => {
                of(&from).intersection(of(&to)).copied().collect()
            }
            _ => Vec::new(),
        };
        for child_id in children {
            rows.push(network_event::ActiveModel {
                id: Set(Uuid::now_v7()),
                organisation_id: Set(viewer.organisation_id),
                sequence: Set(None),
                child_id: Set(child_id),
                action: Set(change.action.to_owned()),
                entity_type: Set(change.entity_type.to_owned()),
                entity_id: Set(change.entity_id),
                version: Set(change.version),
                user_id: Set(Some(viewer.user_id)),
                occurred_at: Set(now),
            });
        }
    }
    const BATCH: usize = 500;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<_> = rows.by_ref().take(BATCH).collect();
        network_event::Entity::insert_many(batch).exec(db).await?;
    }
    Ok(())
}

/// The networks each of `people` is in: as a member, or as the child.
async fn networks_of(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    people: Vec<Uuid>,
) -> Result<HashMap<Uuid, HashSet<Uuid>>, ApiError> {
    const BATCH: usize = 500;
    let mut networks: HashMap<Uuid, HashSet<Uuid>> = HashMap::new();
    for batch in people.chunks(BATCH) {
        let members: Vec<(Uuid, Uuid)> = network_member::Entity::find()
            .select_only()
            .column(network_member::Column::PersonId)
            .column(network_member::Column::ChildId)
            .filter(network_member::Column::OrganisationId.eq(viewer.organisation_id))
            .filter(network_member::Column::PersonId.is_in(batch.iter().copied()))
            .filter(network_member::Column::DeletedAt.is_null())
            .into_tuple()
            .all(db)
            .await?;
        let children: Vec<(Uuid, Uuid)> = child::Entity::find()
            .select_only()
            .column(child::Column::PersonId)
            .column(child::Column::Id)
            .filter(child::Column::OrganisationId.eq(viewer.organisation_id))
            .filter(child::Column::PersonId.is_in(batch.iter().copied()))
            .filter(child::Column::DeletedAt.is_null())
            .into_tuple()
            .all(db)
            .await?;
        for (person, child) in members.into_iter().chain(children) {
            networks.entry(person).or_default().insert(child);
        }
    }
    Ok(networks)
}

/// Numbers the transaction's own events, if it wrote any, as its last writes before
/// COMMIT: takes the organisation's counter (locking its row to COMMIT, so the next
/// transaction numbers after this one commits) and, on PostgreSQL, announces the last
/// number on [`CHANNEL`], which goes out only if the transaction commits. Returns the
/// organisation and its last number.
pub async fn number(db: &impl ConnectionTrait) -> Result<Option<(Uuid, i64)>, ApiError> {
    let backend = db.get_database_backend();
    // Other transactions' unnumbered events are invisible (PostgreSQL) or not there (one
    // writer at a time on SQLite): whatever is unnumbered here is this transaction's own.
    let pending: Vec<(Uuid, i64)> = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT organisation_id, COUNT(*) FROM network_event WHERE sequence IS NULL \
             GROUP BY organisation_id",
        ))
        .await?
        .into_iter()
        .map(|row| Ok((row.try_get_by_index(0)?, row.try_get_by_index(1)?)))
        .collect::<Result<_, sea_orm::DbErr>>()?;
    let mut last = None;
    for (organisation, count) in pending {
        let upto: i64 = db
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                placeholders(
                    backend,
                    "INSERT INTO network_event_counter (organisation_id, last) VALUES (?, ?) \
                     ON CONFLICT (organisation_id) DO UPDATE \
                     SET last = network_event_counter.last + excluded.last RETURNING last",
                ),
                [organisation.into(), count.into()],
            ))
            .await?
            .ok_or_else(|| ApiError::internal(std::io::Error::other("no event counter")))?
            .try_get_by_index(0)?;
        // In the order they were written (UUIDv7 ids), after the numbers already taken;
        // stamped with the time of this, the transaction's last statement before COMMIT.
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            placeholders(
                backend,
                "UPDATE network_event SET sequence = numbered.sequence, occurred_at = ? \
                 FROM (SELECT id, ? + ROW_NUMBER() OVER (ORDER BY id) AS sequence \
                       FROM network_event WHERE sequence IS NULL AND organisation_id = ?) \
                      AS numbered \
                 WHERE network_event.id = numbered.id",
            ),
            [
                Utc::now().into(),
                (upto - count).into(),
                organisation.into(),
            ],
        ))
        .await?;
        if backend == DatabaseBackend::Postgres {
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), format!("{organisation}:{upto}").into()],
            ))
            .await?;
        }
        last = Some((organisation, upto));
    }
    Ok(last)
}

/// The organisation's last event number, 0 before its first.
pub async fn latest(db: &impl ConnectionTrait, organisation: Uuid) -> Result<i64, ApiError> {
    Ok(
        entity::network_event_counter::Entity::find_by_id(organisation)
            .one(db)
            .await?
            .map_or(0, |counter| counter.last),
    )
}

/// The number of the network's last event, as a column of a statement that reads `child`
/// rows (null where there is none, which [`last_of`] reads as 0): read with the child's row,
/// it spares the network's read a statement of its own.
pub fn last_of_each_child() -> Expr {
    let last = Query::select()
        .expr(Expr::col((network_event::Entity, network_event::Column::Sequence)).max())
        .from(network_event::Entity)
        .and_where(
            Expr::col((network_event::Entity, network_event::Column::OrganisationId))
                .equals((child::Entity, child::Column::OrganisationId)),
        )
        .and_where(
            Expr::col((network_event::Entity, network_event::Column::ChildId))
                .equals((child::Entity, child::Column::Id)),
        )
        .to_owned();
    Expr::SubQuery(None, Box::new(SubQueryStatement::SelectStatement(last)))
}

/// The number of the last event of `child`'s network, 0 before its first: whatever changes
/// a record of the network moves it.
pub async fn last_of(db: &impl ConnectionTrait, child: &child::Model) -> Result<i64, ApiError> {
    let last: Option<Option<i64>> = network_event::Entity::find()
        .select_only()
        .expr(Expr::col(network_event::Column::Sequence).max())
        .filter(network_event::Column::OrganisationId.eq(child.organisation_id))
        .filter(network_event::Column::ChildId.eq(child.id))
        .into_tuple()
        .one(db)
        .await?;
    Ok(last.flatten().unwrap_or(0))
}

/// The organisation's events numbered after `after`, oldest first, at most `limit`; for one
/// child's network, or for every network.
pub async fn after(
    db: &impl ConnectionTrait,
    organisation: Uuid,
    child: Option<Uuid>,
    after: i64,
    limit: u64,
) -> Result<Vec<network_event::Model>, ApiError> {
    let mut query = network_event::Entity::find()
        .filter(network_event::Column::OrganisationId.eq(organisation))
        .filter(network_event::Column::Sequence.gt(after));
    if let Some(child) = child {
        query = query.filter(network_event::Column::ChildId.eq(child));
    }
    Ok(query
        .order_by_asc(network_event::Column::Sequence)
        .limit(limit)
        .all(db)
        .await?)
}

/// The events of `child`'s network numbered after `after` (from now, without it), oldest
/// first, without end: first those already in the database, then each as the hub delivers
/// it. The viewer may read the network at the time of each event (their assignment or
/// grant checked again each time, by `now`), or the stream ends with `NOT_FOUND`, as
/// the network of a child they may not see is missing.
pub fn follow(
    hub: Hub,
    viewer: Viewer,
    child: Uuid,
    after: Option<i64>,
    now: impl Fn() -> DateTime<Utc> + Send + 'static,
) -> impl Stream<Item = Result<network_event::Model, ApiError>> + Send {
    const PAGE: u64 = 200;
    const READ: &str = "network_event.read";
    let viewer = viewer.through(Via::Subscription);
    let organisation = viewer.organisation_id;
    let db = hub.db().clone();
    let conn = db.conn.clone();
    // Before each event: the viewer may still read the network now, and the read is on
    // record.
    let deliverable = move |event: Uuid| {
        let (db, mut viewer) = (db.clone(), viewer.clone());
        viewer.at = now();
        async move {
            access::readable_child(&db.conn, &viewer, child).await?;
            reads::account(&db, &viewer, READ, "network_event", [(event, Some(child))]).await
        }
    };
    async_stream::try_stream! {
        // Receiving first, then following: nothing numbered after the start is missed.
        let mut delivered = hub.subscribe();
        hub.follow(organisation).await?;
        let mut last = match after {
            Some(after) => after,
            None => latest(&conn, organisation).await?,
        };
        let mut behind = true;
        loop {
            if behind {
                let events = self::after(&conn, organisation, Some(child), last, PAGE).await?;
                behind = events.len() as u64 == PAGE;
                for event in events {
                    deliverable(event.id).await?;
                    last = event.sequence.unwrap_or(last);
                    yield event;
                }
                continue;
            }
            match delivered.recv().await {
                Ok(event) => {
                    let sequence = event.sequence.unwrap_or_default();
                    if event.organisation_id == organisation && event.child_id == child
                        && sequence > last
                    {
                        deliverable(event.id).await?;
                        last = sequence;
                        yield Arc::unwrap_or_clone(event);
                    }
                }
                // Fallen behind the hub: the rest is in the database.
                Err(broadcast::error::RecvError::Lagged(_)) => behind = true,
                Err(broadcast::error::RecvError::Closed) => break,
            }
        }
    }
}
