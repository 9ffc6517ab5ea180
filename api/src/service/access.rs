//! Who may see and change what. Every path to a child or a person goes through the
//! conditions here, so that another organisation's record and an unassigned child answer
//! exactly as a missing one.

use chrono::{DateTime, Utc};
use entity::{assignment, child, emergency_access, network_member, person};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Select,
    sea_query::{Query, SelectStatement, UnionType},
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{auth::Role, error::ApiError};

/// The person making a request: their ids from the database, their roles from the token.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub user_id: Uuid,
    pub organisation_id: Uuid,
    /// The organisation's slug, as the token's `org` names it.
    pub organisation: String,
    pub subject: String,
    pub name: Option<String>,
    pub roles: Vec<Role>,
    /// The way in: what the access log says a read came through.
    pub via: Via,
    /// When the request is made, by the server's clock: what a time-limited grant is
    /// measured against.
    pub at: DateTime<Utc>,
}

/// The way a request reached the data, as the access log records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Via {
    /// The GraphQL API (the page and GraphiQL among its clients).
    Graphql,
    /// A file of the network (GEDCOM, CSV, GraphML, JSON, DOT).
    Export,
    /// A picture (the ecomap or the genogram).
    Picture,
    /// A conference document (the invitation list, the plan).
    Document,
    /// A subject access export.
    SubjectAccess,
    /// A subscription's events, over the WebSocket at `/graphql`.
    Subscription,
    /// The command line (an import, the demo).
    Command,
}

impl Viewer {
    /// The same viewer, reaching the data through `via`.
    pub fn through(mut self, via: Via) -> Self {
        self.via = via;
        self
    }
}

impl Viewer {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|role| self.has(*role))
    }

    /// Managers and admins read every child of the organisation.
    pub fn reads_every_child(&self) -> bool {
        self.has_any(&[Role::Manager, Role::Admin])
    }

    /// Practitioners change the networks of the children assigned to them.
    pub fn writes_assigned_children(&self) -> bool {
        self.has_any(&[Role::Coordinator, Role::SocialWorker, Role::FgcCoordinator])
    }

    /// Managers and admins assign practitioners.
    pub fn assigns(&self) -> bool {
        self.has_any(&[Role::Manager, Role::Admin])
    }

    /// May create a child record (and is then assigned to it).
    pub fn creates_children(&self) -> bool {
        self.writes_assigned_children() || self.has_any(&[Role::Manager, Role::Admin])
    }

    /// Viewers and service accounts never see contact details.
    pub fn sees_contact_details(&self) -> bool {
        self.has_any(&[
            Role::Coordinator,
            Role::SocialWorker,
            Role::FgcCoordinator,
            Role::Manager,
            Role::Admin,
        ])
    }
}

/// The ids of the children the viewer is assigned to.
fn assigned_child_ids(viewer: &Viewer) -> SelectStatement {
    Query::select()
        .column(assignment::Column::ChildId)
        .from(assignment::Entity)
        .and_where(assignment::Column::UserId.eq(viewer.user_id))
        .and_where(assignment::Column::DeletedAt.is_null())
        .to_owned()
}

/// The children the viewer may read: every child of the organisation for managers and
/// admins; for anyone else, those assigned to them and those an emergency grant covers at
/// the time of the request (`emergency.rs`). A grant lets them read, never change.
pub fn readable_children(viewer: &Viewer) -> Condition {
    let base = Condition::all()
        .add(child::Column::OrganisationId.eq(viewer.organisation_id))
        .add(child::Column::DeletedAt.is_null());
    if viewer.reads_every_child() {
        base
    } else {
        // One subquery of both lists: an OR of two would keep the planner from joining.
        let mut readable = assigned_child_ids(viewer);
        readable.union(UnionType::All, granted_child_ids(viewer));
        base.add(child::Column::Id.in_subquery(readable))
    }
}

/// The children an emergency grant lets the viewer read at the time of the request. A
/// grant starts when it is written, so only its end is compared: one time parameter fewer
/// in a statement every read runs.
fn granted_child_ids(viewer: &Viewer) -> SelectStatement {
    Query::select()
        .column(emergency_access::Column::ChildId)
        .from(emergency_access::Entity)
        .and_where(emergency_access::Column::UserId.eq(viewer.user_id))
        .and_where(emergency_access::Column::OrganisationId.eq(viewer.organisation_id))
        .and_where(emergency_access::Column::ExpiresAt.gt(viewer.at))
        .and_where(emergency_access::Column::DeletedAt.is_null())
        .to_owned()
}

/// The ids of the children the viewer may read, as a subquery.
fn readable_child_ids(viewer: &Viewer) -> SelectStatement {
    Query::select()
        .column(child::Column::Id)
        .from(child::Entity)
        .cond_where(readable_children(viewer))
        .to_owned()
}

/// The persons the viewer may read: the children they may read, and everyone in those
/// children's networks.
pub fn readable_people(viewer: &Viewer) -> Condition {
    people_readable(viewer, None)
}

/// [`readable_people`], or where `only` is given, that one person: their memberships alone
/// are looked at, not every membership of every readable network (which a database would
/// gather for each lookup).
fn people_readable(viewer: &Viewer, only: Option<Uuid>) -> Condition {
    let mut members = Query::select()
        .column(network_member::Column::PersonId)
        .from(network_member::Entity)
        .and_where(network_member::Column::DeletedAt.is_null())
        .and_where(network_member::Column::ChildId.in_subquery(readable_child_ids(viewer)))
        .to_owned();
    let mut children = Query::select()
        .column(child::Column::PersonId)
        .from(child::Entity)
        .cond_where(readable_children(viewer))
        .to_owned();
    if let Some(person) = only {
        members.and_where(network_member::Column::PersonId.eq(person));
        children.and_where(child::Column::PersonId.eq(person));
    }
    Condition::all()
        .add(person::Column::OrganisationId.eq(viewer.organisation_id))
        .add(person::Column::DeletedAt.is_null())
        .add(
            Condition::any()
                .add(person::Column::Id.in_subquery(members))
                .add(person::Column::Id.in_subquery(children)),
        )
}

/// The statement that reads the child `child_id` if the viewer may read it: what
/// [`readable_child`] runs, for a read that selects more beside the child's row.
pub fn readable_child_select(viewer: &Viewer, child_id: Uuid) -> Select<child::Entity> {
    child::Entity::find_by_id(child_id).filter(readable_children(viewer))
}

/// A child the viewer may read, or `NOT_FOUND`.
pub async fn readable_child(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    child_id: Uuid,
) -> Result<child::Model, ApiError> {
    readable_child_select(viewer, child_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("child"))
}

/// Whether the viewer may change this child's record and network (having read it).
pub async fn can_write_child(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    child_id: Uuid,
) -> Result<bool, ApiError> {
    if viewer.has(Role::Admin) {
        return Ok(true);
    }
    if !viewer.writes_assigned_children() {
        return Ok(false);
    }
    let assigned = assignment::Entity::find()
        .filter(assignment::Column::ChildId.eq(child_id))
        .filter(assignment::Column::UserId.eq(viewer.user_id))
        .filter(assignment::Column::DeletedAt.is_null())
        .one(db)
        .await?;
    Ok(assigned.is_some())
}

/// A child the viewer may change: `NOT_FOUND` when they cannot see it, `FORBIDDEN` when
/// they can see it but not change it.
pub async fn writable_child(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    child_id: Uuid,
) -> Result<child::Model, ApiError> {
    let child = readable_child(db, viewer, child_id).await?;
    if can_write_child(db, viewer, child_id).await? {
        Ok(child)
    } else {
        Err(ApiError::forbidden(
            "you may read this child's network but not change it",
        ))
    }
}

/// A person the viewer may read, or `NOT_FOUND`.
pub async fn readable_person(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    person_id: Uuid,
) -> Result<person::Model, ApiError> {
    person::Entity::find_by_id(person_id)
        .filter(people_readable(viewer, Some(person_id)))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("person"))
}

/// The children the viewer may change, as a condition on `child.id` values.
fn writable_child_ids(viewer: &Viewer) -> Option<SelectStatement> {
    if viewer.has(Role::Admin) {
        Some(readable_child_ids(viewer))
    } else if viewer.writes_assigned_children() {
        Some(
            Query::select()
                .column(child::Column::Id)
                .from(child::Entity)
                .cond_where(readable_children(viewer))
                .and_where(child::Column::Id.in_subquery(assigned_child_ids(viewer)))
                .to_owned(),
        )
    } else {
        None
    }
}

/// A person the viewer may change: one in (or the subject of) a network they may change.
pub async fn writable_person(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    person_id: Uuid,
) -> Result<person::Model, ApiError> {
    let person = readable_person(db, viewer, person_id).await?;
    let Some(writable) = writable_child_ids(viewer) else {
        return Err(ApiError::forbidden("you may not change people's records"));
    };
    let in_member = Query::select()
        .column(network_member::Column::PersonId)
        .from(network_member::Entity)
        .and_where(network_member::Column::DeletedAt.is_null())
        .and_where(network_member::Column::ChildId.in_subquery(writable.clone()))
        .and_where(network_member::Column::PersonId.eq(person_id))
        .to_owned();
    let in_child = Query::select()
        .column(child::Column::PersonId)
        .from(child::Entity)
        .and_where(child::Column::Id.in_subquery(writable))
        .and_where(child::Column::PersonId.eq(person_id))
        .to_owned();
    let found = person::Entity::find_by_id(person_id)
        .filter(
            Condition::any()
                .add(person::Column::Id.in_subquery(in_member))
                .add(person::Column::Id.in_subquery(in_child)),
        )
        .one(db)
        .await?;
    match found {
        Some(_) => Ok(person),
        None => Err(ApiError::forbidden(
            "this person is in no network you may change",
        )),
    }
}

/// The ids of the children the viewer is assigned to; the "team" for location rules.
pub async fn caseload(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Vec<Uuid>, ApiError> {
    let rows = assignment::Entity::find()
        .filter(assignment::Column::UserId.eq(viewer.user_id))
        .filter(assignment::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|row| row.child_id).collect())
}
