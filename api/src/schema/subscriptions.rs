//! `networkChanged`: a child's network as it changes, over the WebSocket at `/graphql`.
//! The events and their checks are `service::network_events`; each event's record is read
//! as `node(id:)` reads it, with the request context renewed first, so that nothing read
//! for an earlier event (a cached record, the caseload, the time) is used again.

use async_graphql::{Context, Enum, ID, Object, Subscription};
use chrono::{DateTime, Utc};
use entity::network_event;
use futures_util::{Stream, StreamExt};

use crate::{
    clock::Clock,
    error::ApiError,
    live::hub::Hub,
    schema::{assignments::User, context::request, ids, node},
    service::network_events,
};

/// What a subscription needs besides the request context: the hub that delivers events
/// and the clock each one is checked by. Only the WebSocket handler supplies it.
#[derive(Clone)]
pub struct Live {
    pub hub: Hub,
    pub clock: Clock,
}

/// What a change did to its record.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::service::network_events::ChangeKind")]
pub enum ChangeKind {
    /// The record was added.
    Created,
    /// The record was changed.
    Updated,
    /// The record was removed (it is kept, marked removed).
    Removed,
    /// An earlier version of the record was written back.
    Restored,
    /// Two records of one person were merged; this is the one kept or the one merged.
    Merged,
    /// A merge was undone.
    Unmerged,
}

/// The kind of record that changed.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::service::network_events::RecordKind")]
pub enum ChangedRecord {
    /// The child's own record.
    Child,
    /// A person's place in the network (`NetworkMember`).
    Member,
    /// A person in the network.
    Person,
    /// A relationship between two people of the network.
    Relationship,
    /// A search made for a person (`SearchActivity`).
    Search,
    /// A consent given, refused or withdrawn.
    Consent,
    /// A family group conference of the child.
    Conference,
    /// An offer of support made for a conference.
    ConferenceOffer,
    /// An invitation to a conference.
    Invitation,
    /// An action of a conference's plan.
    PlanAction,
    /// A review of a conference's plan.
    ConferenceReview,
}

/// One committed change to a child's network.
pub struct NetworkChange(network_event::Model);

/// One committed change to a child's network: what, to which record, by whom and when,
/// and the record as you may see it now.
#[Object]
impl NetworkChange {
    /// The change's number among the organisation's changes, in commit order: give the
    /// last one you received as `after` to resubscribe without missing any. A decimal
    /// number, as text (it outgrows a GraphQL `Int`).
    async fn sequence(&self) -> String {
        self.0.sequence.unwrap_or_default().to_string()
    }

    /// The child whose network changed.
    async fn child_id(&self) -> ID {
        ids::id(self.0.child_id)
    }

    /// What the change did.
    async fn change(&self) -> ChangeKind {
        network_events::ChangeKind::of(&self.0.action).into()
    }

    /// The kind of record changed.
    async fn record_type(&self) -> ChangedRecord {
        network_events::RecordKind::of(&self.0.entity_type).into()
    }

    /// The audit action, as `table.verb`: `network_member.create`, `person.merge`, ...
    async fn action(&self) -> &str {
        &self.0.action
    }

    /// The changed record's id.
    async fn record_id(&self) -> ID {
        ids::id(self.0.entity_id)
    }

    /// The record's version after the change.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// Who made the change.
    async fn changed_by(&self, ctx: &Context<'_>) -> Result<Option<User>, ApiError> {
        let Some(id) = self.0.user_id else {
            return Ok(None);
        };
        Ok(request(ctx)?.loaders.users.load_one(id).await?.map(User))
    }

    /// When it was committed.
    async fn changed_at(&self) -> DateTime<Utc> {
        self.0.occurred_at
    }

    /// The record as you may see it now, read as `node(id:)` reads it (a later change may
    /// already show); null when it is removed, or is not one `node` returns (a consent, a
    /// conference's parts: read them through the conference or the member).
    async fn record(&self, ctx: &Context<'_>) -> Result<Option<node::Node>, ApiError> {
        node::by_id(ctx, self.0.entity_id, Some(&self.0.entity_type)).await
    }
}

#[derive(Default)]
pub struct NetworkSubscription;

/// Changes as they are committed.
#[Subscription]
impl NetworkSubscription {
    /// Every committed change to the child's network, in commit order: its members,
    /// relationships between its people, its people, searches, consents, merges that
    /// touched it and its conferences. A child you may not see is missing, as in
    /// `child(id:)`; the stream ends (`NOT_FOUND`) when you may no longer see it. With
    /// `after`, the changes numbered after it come first, so a client that reconnects
    /// misses nothing.
    async fn network_changed<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(desc = "The child whose network to follow.")] child_id: ID,
        #[graphql(
            desc = "The `sequence` of the last change you received; the changes after it come first."
        )]
        after: Option<String>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<NetworkChange>> + 'ctx>
    {
        let request = request(ctx)?;
        let live = ctx.data::<Live>().map_err(|_| {
            ApiError::bad_input(
                "networkChanged",
                "subscriptions are served over the WebSocket at /graphql (graphql-transport-ws)",
            )
        })?;
        let child = ids::parse("childId", &child_id)?;
        let after = after
            .map(|after| {
                after
                    .parse::<i64>()
                    .ok()
                    .filter(|after| *after >= 0)
                    .ok_or_else(|| {
                        ApiError::bad_input("after", "after is a sequence number a change gave")
                    })
            })
            .transpose()?;
        let viewer = request.viewer();
        crate::service::access::readable_child(&request.db.conn, &viewer, child).await?;
        let clock = live.clock.clone();
        let events = network_events::follow(
            live.hub.clone(),
            (*viewer).clone(),
            child,
            after,
            move || clock.now(),
        );
        let clock = live.clock.clone();
        Ok(events.then(move |event| {
            let clock = clock.clone();
            async move {
                let event = event.map_err(async_graphql::Error::from)?;
                request.renew(clock.now()).await;
                Ok(NetworkChange(event))
            }
        }))
    }
}
