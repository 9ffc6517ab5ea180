//! Who looked, and emergency access: `accessLog`, `emergencyAccessGrants`,
//! `requestEmergencyAccess`. The rules are in `service::access_events` and
//! `service::emergency`.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::emergency_access;

use crate::{
    error::ApiError,
    schema::{
        assignments::User,
        children::Child,
        context::request,
        ids,
        pages::{connection, keyset_page},
        people,
    },
    service,
};

/// The way a read reached the data.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::service::access::Via")]
pub enum AccessPath {
    /// The GraphQL API (the coordinator's page and GraphiQL among its clients).
    Graphql,
    /// A file of the network: GEDCOM, CSV, GraphML, JSON or DOT.
    Export,
    /// A picture: the ecomap or the genogram.
    Picture,
    /// A conference document: the invitation list or the plan.
    Document,
    /// A subject access export.
    SubjectAccess,
    /// A subscription's event (`networkChanged`), read as it was delivered.
    Subscription,
    /// The command line: an import, the demo.
    Command,
}

async fn user(ctx: &Context<'_>, id: uuid::Uuid) -> Result<User, ApiError> {
    request(ctx)?
        .loaders
        .users
        .load_one(id)
        .await?
        .map(User)
        .ok_or(ApiError::NotFound("user"))
}

/// A grant of read access to a child, to a practitioner not assigned to them, for a
/// limited time.
#[derive(Clone)]
pub struct EmergencyAccessGrant(pub emergency_access::Model);

/// A grant of read access to a child, to a practitioner not assigned to them, for a
/// limited time. It ends by itself.
#[Object]
impl EmergencyAccessGrant {
    /// Unique id.
    async fn id(&self) -> ID {
        ids::id(self.0.id)
    }

    /// The child's id (the child itself is readable while the grant is in force, or to a
    /// manager).
    async fn child_id(&self) -> ID {
        ids::id(self.0.child_id)
    }

    /// The practitioner it was granted to.
    async fn user(&self, ctx: &Context<'_>) -> Result<User, ApiError> {
        user(ctx, self.0.user_id).await
    }

    /// Why it was needed, as they gave it.
    async fn reason(&self) -> &str {
        &self.0.reason
    }

    /// When it began.
    async fn granted_at(&self) -> DateTime<Utc> {
        self.0.granted_at
    }

    /// When it ends, or ended.
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }

    /// Whether it is in force now.
    async fn in_force(&self, ctx: &Context<'_>) -> Result<bool, ApiError> {
        Ok(service::emergency::in_force(
            &self.0,
            request(ctx)?.viewer().at,
        ))
    }
}

connection!(
    EmergencyAccessGrantConnection,
    EmergencyAccessGrantEdge,
    EmergencyAccessGrant,
    "A page of emergency access grants, newest first.",
    "An emergency access grant, with its cursor."
);

/// One read of personal data.
#[derive(Clone)]
pub struct AccessEvent(pub service::access_events::AccessEvent);

/// One read of personal data: who, when, what, and by which way in.
#[Object]
impl AccessEvent {
    /// Unique id.
    async fn id(&self) -> ID {
        ids::id(self.0.event.id)
    }

    /// When.
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.event.occurred_at
    }

    /// Who read it; null for a read made by no signed-in user.
    async fn user(&self, ctx: &Context<'_>) -> Result<Option<User>, ApiError> {
        match self.0.event.user_id {
            Some(id) => user(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }

    /// What was read, as `area.read`: `network.read`, `person.read`,
    /// `conference.invitations.read`, ...
    async fn action(&self) -> &str {
        &self.0.event.action
    }

    /// The kind of record read: `child` (its network), `person`, `conference`.
    async fn entity_type(&self) -> &str {
        &self.0.event.entity_type
    }

    /// The record read.
    async fn entity_id(&self) -> Option<ID> {
        self.0.event.entity_id.map(ids::id)
    }

    /// The child whose case it was read through, if any.
    async fn child_id(&self) -> Option<ID> {
        self.0.event.child_id.map(ids::id)
    }

    /// The way in; null for reads logged before kinmap recorded it.
    async fn path(&self) -> Option<AccessPath> {
        self.0.via.map(Into::into)
    }

    /// The emergency grant the reader held for the child at the time, if the read was made
    /// under one.
    async fn emergency_grant(&self) -> Option<EmergencyAccessGrant> {
        self.0.grant.clone().map(EmergencyAccessGrant)
    }
}

connection!(
    AccessEventConnection,
    AccessEventEdge,
    AccessEvent,
    "A page of the access log, newest first.",
    "A read, with its cursor."
);

fn cursor(after: Option<String>) -> Result<Option<uuid::Uuid>, ApiError> {
    after
        .map(|cursor| ids::parse("after", &ID(cursor)))
        .transpose()
}

#[derive(Default)]
pub struct AccessQuery;

#[Object]
impl AccessQuery {
    /// Who read which child's network or which person, when, and by which way in, newest
    /// first. Managers and administrators read everyone's; anyone else their own.
    #[graphql(complexity = "crate::schema::limits::first(first, 20) * child_complexity")]
    #[allow(clippy::too_many_arguments)]
    async fn access_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only reads of this child's network or case.")] child_id: Option<ID>,
        #[graphql(desc = "Only reads of this person, or of a network they are in.")]
        person_id: Option<ID>,
        #[graphql(desc = "Only reads by this user.")] user_id: Option<ID>,
        #[graphql(desc = "Only reads at or after this time.")] from: Option<DateTime<Utc>>,
        #[graphql(desc = "Only reads before this time.")] to: Option<DateTime<Utc>>,
        #[graphql(desc = "How many, at most 100.")] first: Option<i32>,
        #[graphql(desc = "The cursor of the last one of the previous page.")] after: Option<String>,
    ) -> Result<AccessEventConnection, ApiError> {
        let request = request(ctx)?;
        let limit = people::first(first, 20)?;
        let parse = |field: &str, id: Option<ID>| id.map(|id| ids::parse(field, &id)).transpose();
        let filter = service::access_events::AccessFilter {
            child_id: parse("childId", child_id)?,
            person_id: parse("personId", person_id)?,
            user_id: parse("userId", user_id)?,
            from,
            to,
        };
        let after = cursor(after)?;
        let rows =
            service::access_events::reads(&request.db, &request.viewer(), filter, after, limit + 1)
                .await?;
        Ok(AccessEventConnection::new(keyset_page(
            rows,
            limit as usize,
            after.is_some(),
            |row| (row.event.id, AccessEvent(row)),
        )))
    }

    /// Every emergency access grant of the organisation, newest first, for managers and
    /// administrators.
    #[graphql(complexity = "crate::schema::limits::first(first, 20) * child_complexity")]
    async fn emergency_access_grants(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only those in force now.", default = false)] in_force: bool,
        #[graphql(desc = "How many, at most 100.")] first: Option<i32>,
        #[graphql(desc = "The cursor of the last one of the previous page.")] after: Option<String>,
    ) -> Result<EmergencyAccessGrantConnection, ApiError> {
        let request = request(ctx)?;
        let limit = people::first(first, 20)?;
        let after = cursor(after)?;
        let rows = service::emergency::grants(
            &request.db.conn,
            &request.viewer(),
            in_force,
            after,
            limit + 1,
        )
        .await?;
        Ok(EmergencyAccessGrantConnection::new(keyset_page(
            rows,
            limit as usize,
            after.is_some(),
            |row| (row.id, EmergencyAccessGrant(row)),
        )))
    }
}

/// A request for emergency read access to a child you are not assigned to.
#[derive(InputObject)]
pub struct RequestEmergencyAccessInput {
    /// The child.
    pub child_id: ID,
    /// Why it is needed now; required, and shown to managers.
    pub reason: String,
}

/// The grant.
#[derive(SimpleObject)]
pub struct RequestEmergencyAccessPayload {
    /// The grant, in force from now until `expiresAt`.
    pub grant: EmergencyAccessGrant,
    /// The child, readable while the grant is in force.
    pub child: Child,
}

/// A grant to end before its time.
#[derive(InputObject)]
pub struct EndEmergencyAccessInput {
    /// The grant.
    pub id: ID,
}

/// The grant, ended.
#[derive(SimpleObject)]
pub struct EndEmergencyAccessPayload {
    /// The grant, with `expiresAt` now.
    pub grant: EmergencyAccessGrant,
}

#[derive(Default)]
pub struct AccessMutation;

#[Object]
impl AccessMutation {
    /// For duty social workers and managers out of hours: read access to a child you are
    /// not assigned to, for the configured time (four hours unless set), with the reason.
    /// It ends by itself; every grant is listed to managers and shows in the access log.
    async fn request_emergency_access(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request.")] input: RequestEmergencyAccessInput,
    ) -> Result<RequestEmergencyAccessPayload, ApiError> {
        let request = request(ctx)?;
        let grant = service::emergency::request(
            &request.db,
            &request.viewer(),
            ids::parse("childId", &input.child_id)?,
            input.reason,
            request.emergency_access,
        )
        .await?;
        let child =
            service::access::readable_child(&request.db.conn, &request.viewer(), grant.child_id)
                .await?;
        Ok(RequestEmergencyAccessPayload {
            grant: EmergencyAccessGrant(grant),
            child: Child::from(child),
        })
    }

    /// Ends an emergency grant before its time: for managers and administrators, or the
    /// practitioner who holds it once the emergency is over.
    async fn end_emergency_access(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The grant.")] input: EndEmergencyAccessInput,
    ) -> Result<EndEmergencyAccessPayload, ApiError> {
        let request = request(ctx)?;
        let grant =
            service::emergency::end(&request.db, &request.viewer(), ids::parse("id", &input.id)?)
                .await?;
        Ok(EndEmergencyAccessPayload {
            grant: EmergencyAccessGrant(grant),
        })
    }
}
