//! Networks: a child's members, opened for reading (and logged), and changed.

use chrono::NaiveDate;
use entity::{
    child, enums,
    enums::{ChildView, Circle, ConnectionStatus, FamilySide, Restriction, SupportRole},
    network_member, person, relationship,
};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PartialModelTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait,
    sea_query::{Expr, Query, SelectStatement, UnionType},
};
use std::sync::Arc;
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    service::{
        Viewer, access, audit,
        ids::{ChildId, MemberId, PersonId},
        network_cache::Rows,
        network_events, people,
        validate::{self, NOTES_MAX, Patch, SHORT_TEXT_MAX},
        versioned,
    },
};

/// Who joins a network: a person the viewer may already see, or a new one.
#[derive(Clone, Debug)]
pub enum Joining {
    Existing(PersonId),
    New(Box<people::NewPerson>),
}

/// A person to put into a child's network, and their place in it.
#[derive(Clone, Debug)]
pub struct NewMember {
    pub child_id: ChildId,
    pub person: Joining,
    pub membership: Membership,
}

/// A person's place in one child's network.
#[derive(Clone, Debug)]
pub struct Membership {
    pub connection_status: ConnectionStatus,
    pub side: FamilySide,
    pub circle: Circle,
    pub roles: Vec<SupportRole>,
    pub child_view: ChildView,
    pub known_to_child_as: Option<String>,
    pub holds_parental_responsibility: bool,
    pub restriction: Restriction,
    /// Required for any restriction other than none.
    pub restriction_reason: Option<String>,
    pub found_via: Option<String>,
    pub found_on: Option<NaiveDate>,
    pub last_contact_on: Option<NaiveDate>,
    pub notes: Option<String>,
}

impl Default for Membership {
    /// Someone found and not yet approached, on no side, in the outer circle, the child not
    /// yet asked, unrestricted.
    fn default() -> Self {
        Self {
            connection_status: ConnectionStatus::NotYetContacted,
            side: FamilySide::None,
            circle: Circle::Outer,
            roles: Vec::new(),
            child_view: ChildView::NotAsked,
            known_to_child_as: None,
            holds_parental_responsibility: false,
            restriction: Restriction::None,
            restriction_reason: None,
            found_via: None,
            found_on: None,
            last_contact_on: None,
            notes: None,
        }
    }
}

/// A change to a person's place in a network, based on the version the client read.
#[derive(Clone, Debug, Default)]
pub struct MembershipChange {
    pub version: i32,
    pub connection_status: Option<ConnectionStatus>,
    pub side: Option<FamilySide>,
    pub circle: Option<Circle>,
    pub roles: Option<Vec<SupportRole>>,
    pub child_view: Option<ChildView>,
    pub known_to_child_as: Patch<String>,
    pub holds_parental_responsibility: Option<bool>,
    pub restriction: Option<Restriction>,
    pub restriction_reason: Patch<String>,
    pub found_via: Patch<String>,
    pub found_on: Patch<NaiveDate>,
    pub last_contact_on: Patch<NaiveDate>,
    pub notes: Patch<String>,
}

/// A network opened for reading: its live members, oldest entry first, and what the cache
/// kept of it as of its last event when it was opened.
#[derive(Clone)]
pub struct OpenNetwork {
    pub members: Arc<Vec<network_member::View>>,
    /// The network's last event number when it was opened and the rows kept under it;
    /// `None` when the cache is off.
    pub(crate) kept: Option<(i64, Rows)>,
}

/// The child `child_id` if the viewer may read it ([`access::readable_child`]), with the
/// number of its network's last event read in the same statement, for [`open`].
pub async fn readable_child(
    db: &Db,
    viewer: &Viewer,
    child_id: Uuid,
) -> Result<(child::Model, i64), ApiError> {
    let statement = access::readable_child_select(viewer, child_id)
        .expr_as(network_events::last_of_each_child(), "last_event")
        .into_query();
    let row = db
        .conn
        .query_one(&statement)
        .await?
        .ok_or(ApiError::NotFound("child"))?;
    let last_event: Option<i64> = row.try_get("", "last_event")?;
    Ok((
        child::Model::from_query_result(&row, "")?,
        last_event.unwrap_or(0),
    ))
}

/// Opens a child's network for reading: logs the access, then returns the live members.
/// If the access cannot be logged, the read fails. `last_event` is the number of the
/// network's last event if it was read with the child's row in this request
/// ([`readable_child`]); otherwise it is read here.
#[tracing::instrument(skip_all, fields(child_id = %child.id))]
pub async fn open(
    db: &Db,
    viewer: &Viewer,
    child: &child::Model,
    last_event: Option<i64>,
) -> Result<OpenNetwork, ApiError> {
    // The access row and the read go out together; if the row cannot be written, the
    // read fails with it.
    let row = audit::event_row(
        uuid::Uuid::now_v7(),
        viewer,
        "network.read",
        "child",
        Some(child.id),
        Some(child.id),
    );
    let (_, network) = tokio::try_join!(db.access_log.write(row), opened(db, child, last_event))?;
    Ok(network)
}

/// The network's members, from the cache when nothing has changed in it since they were
/// kept.
async fn opened(
    db: &Db,
    child: &child::Model,
    last_event: Option<i64>,
) -> Result<OpenNetwork, ApiError> {
    if !db.networks.is_on() {
        let members = Arc::new(members(db, child).await?);
        return Ok(OpenNetwork {
            members,
            kept: None,
        });
    }
    // The number first, and only then the rows: rows are never older than the number
    // they are kept under. A number read earlier in the request, with the child's row, is
    // as good: rows read after it may be newer than it, and the next read, finding a later
    // number, reads them again.
    let last_event = match last_event {
        Some(last_event) => last_event,
        None => network_events::last_of(&db.conn, child).await?,
    };
    if let Some(rows) = db.networks.get(child.id, last_event) {
        return Ok(OpenNetwork {
            members: rows.members.clone(),
            kept: Some((last_event, rows)),
        });
    }
    let rows = Rows {
        members: Arc::new(members(db, child).await?),
        ..Rows::default()
    };
    db.networks.keep(child.id, last_event, rows.clone());
    Ok(OpenNetwork {
        members: rows.members.clone(),
        kept: Some((last_event, rows)),
    })
}

/// The child's own person row as kept with the network's rows under `last_event` (the
/// number read with the child's row, [`readable_child`]), so that the child's names cost
/// no statement of their own when the network is read unchanged; `None` when they are not
/// kept, and the caller reads the person as any other.
pub fn kept_child_person(
    db: &Db,
    child: &child::Model,
    last_event: i64,
) -> Option<Arc<person::View>> {
    db.networks.person(child.id, last_event, child.person_id)
}

/// The live members of `child`'s network, oldest entry first.
async fn members(db: &Db, child: &child::Model) -> Result<Vec<network_member::View>, ApiError> {
    let mut members = network_member::Entity::find()
        .filter(network_member::Column::ChildId.eq(child.id))
        .filter(network_member::Column::DeletedAt.is_null())
        .into_partial_model::<network_member::View>()
        .all(&db.conn)
        .await?;
    // Sorted here rather than by the database (see `relationships`).
    members.sort_unstable_by_key(|member| member.id);
    Ok(members)
}

/// The people of `child`'s network as a subquery: its live members, and the child, who is
/// not one. Whole-network reads select by it rather than by a list of ids, so that each is
/// one statement with one plan whatever the network's size: with two lists of 2,000 ids
/// PostgreSQL spent 8 to 13 ms planning the relationships (a custom plan) or scanned the
/// second list for every row (43 ms, a generic one); by this subquery it looks up each
/// person's relationships by index and keeps those whose other end is in the set (a hash
/// semi-join).
fn people_of(child: &child::Model) -> SelectStatement {
    Query::select()
        .column(network_member::Column::PersonId)
        .from(network_member::Entity)
        .and_where(network_member::Column::ChildId.eq(child.id))
        .and_where(network_member::Column::DeletedAt.is_null())
        .union(
            UnionType::All,
            Query::select().expr(Expr::val(child.person_id)).to_owned(),
        )
        .to_owned()
}

/// The live people of one child's network (the child included), as the view `V` (the API's
/// or the analysis's), in no order.
pub async fn people<V>(db: &Db, child: &child::Model) -> Result<Vec<V>, ApiError>
where
    V: PartialModelTrait + Send + Sync,
{
    Ok(person::Entity::find()
        .filter(person::Column::OrganisationId.eq(child.organisation_id))
        .filter(person::Column::DeletedAt.is_null())
        .filter(person::Column::Id.in_subquery(people_of(child)))
        .into_partial_model::<V>()
        .all(&db.conn)
        .await?)
}

/// The live relationships between people of one child's network (the child included), as
/// the view `V`, oldest first.
pub async fn relationships<V>(db: &Db, child: &child::Model) -> Result<Vec<V>, ApiError>
where
    V: PartialModelTrait + Send + Sync + RelationshipRow,
{
    let mut relationships = relationship::Entity::find()
        .filter(relationship::Column::OrganisationId.eq(child.organisation_id))
        .filter(relationship::Column::DeletedAt.is_null())
        .filter(relationship::Column::FromPersonId.in_subquery(people_of(child)))
        .filter(relationship::Column::ToPersonId.in_subquery(people_of(child)))
        .into_partial_model::<V>()
        .all(&db.conn)
        .await?;
    // Sorted here: PostgreSQL's sort of 5,600 uuids took a quarter of the statement's time
    // for a 2,000-person network.
    relationships.sort_unstable_by_key(RelationshipRow::id);
    Ok(relationships)
}

/// A view of a relationship, ordered by its id.
pub trait RelationshipRow {
    fn id(&self) -> Uuid;
}

impl RelationshipRow for relationship::View {
    fn id(&self) -> Uuid {
        self.id
    }
}

impl RelationshipRow for relationship::GraphView {
    fn id(&self) -> Uuid {
        self.id
    }
}

/// A person's memberships in the networks of children the viewer may read.
pub async fn memberships_of(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    person_id: Uuid,
) -> Result<Vec<network_member::View>, ApiError> {
    let readable = Query::select()
        .column(child::Column::Id)
        .from(child::Entity)
        .cond_where(access::readable_children(viewer))
        .to_owned();
    Ok(network_member::Entity::find()
        .filter(network_member::Column::PersonId.eq(person_id))
        .filter(network_member::Column::DeletedAt.is_null())
        .filter(network_member::Column::ChildId.in_subquery(readable))
        .order_by_asc(network_member::Column::Id)
        .into_partial_model::<network_member::View>()
        .all(db)
        .await?)
}

/// `person`'s place in the network of `child`, or `BAD_USER_INPUT` naming `field`.
pub async fn member_of(
    db: &impl ConnectionTrait,
    child: &child::Model,
    person: Uuid,
    field: &str,
) -> Result<network_member::Model, ApiError> {
    network_member::Entity::find()
        .filter(network_member::Column::ChildId.eq(child.id))
        .filter(network_member::Column::PersonId.eq(person))
        .filter(network_member::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| ApiError::bad_input(field, "this person is not in the child's network"))
}

/// A member of a network the viewer may read, or `NOT_FOUND`.
pub async fn readable_member(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> Result<network_member::Model, ApiError> {
    let readable = Query::select()
        .column(child::Column::Id)
        .from(child::Entity)
        .cond_where(access::readable_children(viewer))
        .to_owned();
    network_member::Entity::find_by_id(id)
        .filter(network_member::Column::DeletedAt.is_null())
        .filter(network_member::Column::ChildId.in_subquery(readable))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("network member"))
}

fn roles_json(roles: &[SupportRole]) -> Result<serde_json::Value, ApiError> {
    let mut roles = roles.to_vec();
    roles.dedup();
    serde_json::to_value(roles).map_err(ApiError::internal)
}

/// Parses the stored roles; unknown names (from a later version) are skipped.
pub fn roles_of(member: &network_member::View) -> Vec<SupportRole> {
    member
        .roles
        .as_array()
        .map(|values| {
            values
                .iter()
                .filter_map(|value| serde_json::from_value(value.clone()).ok())
                .collect()
        })
        .unwrap_or_default()
}

pub fn check_restriction(
    restriction: enums::Restriction,
    reason: &Option<String>,
) -> Result<(), ApiError> {
    if restriction != enums::Restriction::None && reason.is_none() {
        return Err(ApiError::bad_input(
            "restrictionReason",
            "a restriction needs a reason",
        ));
    }
    Ok(())
}

/// Puts a person (new, or already known to the organisation) into a child's network.
pub async fn add(
    db: &Db,
    viewer: &Viewer,
    input: NewMember,
) -> Result<network_member::Model, ApiError> {
    let child_id = input.child_id.uuid();
    let txn = db.begin_write().await?;
    let child = access::writable_child(txn.conn(), viewer, child_id).await?;
    let person_id = match input.person {
        Joining::Existing(id) => {
            // An existing person must be one the viewer may already see: siblings' networks
            // share people, but nobody can pull in a record they could not read.
            access::readable_person(txn.conn(), viewer, id.uuid())
                .await
                .map_err(|_| ApiError::bad_input("personId", "no such person"))?
                .id
        }
        Joining::New(person) => {
            people::insert(txn.conn(), viewer, *person, Some(child_id))
                .await?
                .id
        }
    };
    if person_id == child.person_id {
        return Err(ApiError::bad_input(
            "personId",
            "the child is the centre of their own network, not a member of it",
        ));
    }
    let existing = network_member::Entity::find()
        .filter(network_member::Column::ChildId.eq(child_id))
        .filter(network_member::Column::PersonId.eq(person_id))
        .filter(network_member::Column::DeletedAt.is_null())
        .one(txn.conn())
        .await?;
    if existing.is_some() {
        return Err(ApiError::bad_input(
            "personId",
            "this person is already in the child's network",
        ));
    }
    let member = new_member(&child, person_id, input.membership)?;
    let member = versioned::create(txn.conn(), viewer, member, Some(child_id)).await?;
    txn.commit().await?;
    Ok(member)
}

/// A person's new place in `child`'s network, checked, not yet written.
pub fn new_member(
    child: &child::Model,
    person_id: Uuid,
    input: Membership,
) -> Result<network_member::ActiveModel, ApiError> {
    let restriction = input.restriction;
    let restriction_reason = validate::text(
        "restrictionReason",
        input.restriction_reason,
        SHORT_TEXT_MAX,
    )?;
    check_restriction(restriction, &restriction_reason)?;
    Ok(network_member::ActiveModel {
        child_id: Set(child.id),
        person_id: Set(person_id),
        connection_status: Set(input.connection_status),
        side: Set(input.side),
        circle: Set(input.circle),
        roles: Set(roles_json(&input.roles)?),
        child_view: Set(input.child_view),
        known_to_child_as: Set(validate::text(
            "knownToChildAs",
            input.known_to_child_as,
            validate::NAME_MAX,
        )?),
        holds_parental_responsibility: Set(input.holds_parental_responsibility),
        restriction: Set(restriction),
        restriction_reason: Set(restriction_reason),
        found_via: Set(validate::text("foundVia", input.found_via, SHORT_TEXT_MAX)?),
        found_on: Set(validate::not_future("foundOn", input.found_on)?),
        last_contact_on: Set(validate::not_future(
            "lastContactOn",
            input.last_contact_on,
        )?),
        notes: Set(validate::text("notes", input.notes, NOTES_MAX)?),
        ..Default::default()
    })
}

/// Changes a member's place in a network, based on the version the client read.
pub async fn update(
    db: &Db,
    viewer: &Viewer,
    id: MemberId,
    input: MembershipChange,
) -> Result<network_member::Model, ApiError> {
    let txn = db.begin_write().await?;
    let before = readable_member(txn.conn(), viewer, id.uuid()).await?;
    access::writable_child(txn.conn(), viewer, before.child_id).await?;
    versioned::check_version("network member", before.version, input.version)?;
    let mut active: network_member::ActiveModel = before.clone().into();
    if let Some(value) = input.connection_status {
        active.connection_status = Set(value);
    }
    if let Some(value) = input.side {
        active.side = Set(value);
    }
    if let Some(value) = input.circle {
        active.circle = Set(value);
    }
    if let Some(value) = input.roles {
        active.roles = Set(roles_json(&value)?);
    }
    if let Some(value) = input.child_view {
        active.child_view = Set(value);
    }
    if let Some(value) = input.known_to_child_as.update() {
        active.known_to_child_as =
            Set(validate::text("knownToChildAs", value, validate::NAME_MAX)?);
    }
    if let Some(value) = input.holds_parental_responsibility {
        active.holds_parental_responsibility = Set(value);
    }
    if let Some(value) = input.restriction {
        active.restriction = Set(value);
    }
    if let Some(value) = input.restriction_reason.update() {
        active.restriction_reason =
            Set(validate::text("restrictionReason", value, SHORT_TEXT_MAX)?);
    }
    if let Some(value) = input.found_via.update() {
        active.found_via = Set(validate::text("foundVia", value, SHORT_TEXT_MAX)?);
    }
    if let Some(value) = input.found_on.update() {
        active.found_on = Set(validate::not_future("foundOn", value)?);
    }
    if let Some(value) = input.last_contact_on.update() {
        active.last_contact_on = Set(validate::not_future("lastContactOn", value)?);
    }
    if let Some(value) = input.notes.update() {
        active.notes = Set(validate::text("notes", value, NOTES_MAX)?);
    }
    if let (Some(restriction), Some(reason)) = (
        active.restriction.try_as_ref(),
        active.restriction_reason.try_as_ref(),
    ) {
        check_restriction(*restriction, reason)?;
    }
    let after = versioned::save(
        txn.conn(),
        viewer,
        versioned::Write::Update,
        active,
        &before,
        Some(before.child_id),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Takes a person out of a child's network. The row is marked removed, never deleted.
pub async fn remove(
    db: &Db,
    viewer: &Viewer,
    id: MemberId,
    version: i32,
) -> Result<network_member::Model, ApiError> {
    let txn = db.begin_write().await?;
    let before = readable_member(txn.conn(), viewer, id.uuid()).await?;
    access::writable_child(txn.conn(), viewer, before.child_id).await?;
    versioned::check_version("network member", before.version, version)?;
    let after = versioned::save(
        txn.conn(),
        viewer,
        versioned::Write::Remove,
        <network_member::ActiveModel as Default>::default(),
        &before,
        Some(before.child_id),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
