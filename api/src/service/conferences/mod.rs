//! Family Group Conferences, from referral to review: the conference and its stages
//! (`transitions`), the offer to everyone with parental responsibility (`offers`), who is
//! invited and how, and who must not meet (`invitations`), and the plan with its reviews
//! (`plan`). Only the child's assigned practitioners write; every read goes through the
//! child's access rule.

pub mod documents;
mod invitations;
mod offers;
mod plan;
pub mod transitions;
mod work;

use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    child, conference,
    enums::{ConferenceStatus, ConnectionStatus, FamilySide},
    network_member,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, Iterable, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use invitations::{
    Conflict, ConflictReason, InvitationChange, NewInvitation, conflicts, invitations_of, propose,
    propose_suggested, update_invitation,
};
pub use offers::{NewOffer, offers_of, record_offer};
pub use plan::{
    ActionChange, NewAction, NewReview, ReviewedAction, actions_of, add_action, record_review,
    reviewed_actions, reviews_of, update_action,
};
pub use work::{Outcomes, WorkItem, WorkKind, outcomes, work_due};

use crate::{
    db::Db,
    error::ApiError,
    service::{
        Viewer, access,
        ids::{ChildId, ConferenceId, PersonId},
        validate::{self, NOTES_MAX, Patch, SHORT_TEXT_MAX},
        versioned::{self, Write},
    },
};

/// A conference to refer.
#[derive(Clone, Debug)]
pub struct NewConference {
    pub child_id: ChildId,
    pub referred_on: NaiveDate,
    pub reason: String,
    /// Whether the birth family will attend; true unless said.
    pub shared_with_birth_family: bool,
}

/// A change to a conference, based on the version the client read.
#[derive(Clone, Debug, Default)]
pub struct ConferenceChange {
    pub version: i32,
    pub status: Option<ConferenceStatus>,
    /// Required to record that the conference is not offered (`DECLINED` from referral).
    pub not_offered_reason: Patch<String>,
    pub shared_with_birth_family: Option<bool>,
    pub scheduled_for: Patch<DateTime<Utc>>,
    pub venue: Patch<String>,
    pub interpreter_needed: Option<bool>,
    pub language: Patch<String>,
    pub advocate: Patch<String>,
    pub child_attends: Option<bool>,
    pub child_wishes: Patch<String>,
    pub bottom_lines: Patch<String>,
    pub plan_agreed_by_referrer: Option<bool>,
    pub plan_agreed_on: Patch<NaiveDate>,
    pub monitor: Patch<PersonId>,
    pub review_on: Patch<NaiveDate>,
}

/// The network as it stood on a day: live members by status and by side, in the
/// enumerations' order, each value with at least one member.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkCount {
    pub size: usize,
    pub by_status: Vec<(ConnectionStatus, usize)>,
    pub by_side: Vec<(FamilySide, usize)>,
}

impl NetworkCount {
    fn of(members: &[network_member::Model]) -> Self {
        Self::of_places(members.iter().map(|m| (m.connection_status, m.side)))
    }

    /// The count of a network whose members stand at `places` (status, side).
    pub fn of_places(places: impl Iterator<Item = (ConnectionStatus, FamilySide)>) -> Self {
        let places: Vec<_> = places.collect();
        fn counts<T: Iterable + PartialEq>(values: &[T]) -> Vec<(T, usize)> {
            T::iter()
                .map(|value| {
                    let n = values.iter().filter(|v| **v == value).count();
                    (value, n)
                })
                .filter(|(_, n)| *n > 0)
                .collect()
        }
        let statuses: Vec<_> = places.iter().map(|(status, _)| *status).collect();
        let sides: Vec<_> = places.iter().map(|(_, side)| *side).collect();
        Self {
            size: places.len(),
            by_status: counts(&statuses),
            by_side: counts(&sides),
        }
    }

    /// The count a conference stored at referral.
    pub fn stored(conference: &conference::Model) -> Self {
        serde_json::from_value(conference.network_at_referral.clone()).unwrap_or_default()
    }
}

/// A row that belongs to a conference (an invitation, an action of its plan).
trait ConferencePart {
    fn conference_id(&self) -> Uuid;
}

impl ConferencePart for entity::invitation::Model {
    fn conference_id(&self) -> Uuid {
        self.conference_id
    }
}

impl ConferencePart for entity::plan_action::Model {
    fn conference_id(&self) -> Uuid {
        self.conference_id
    }
}

/// The row `id` of `E`, with its conference and child, if the viewer may change that
/// conference; `NOT_FOUND` naming `what` when there is no such row they may see.
async fn writable_part<E>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
    what: &'static str,
) -> Result<(E::Model, conference::Model, child::Model), ApiError>
where
    E: EntityTrait,
    E::Model: ConferencePart,
    E::Column: std::str::FromStr,
{
    let column = |name: &str| versioned::column::<E>(what, name);
    let part = E::find()
        .filter(column("id")?.eq(id))
        .filter(column("organisation_id")?.eq(viewer.organisation_id))
        .filter(column("deleted_at")?.is_null())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound(what))?;
    let (conference, child) = writable(db, viewer, part.conference_id().into())
        .await
        .map_err(|error| match error {
            ApiError::NotFound(_) => ApiError::NotFound(what),
            other => other,
        })?;
    Ok((part, conference, child))
}

/// The live rows of `E` that belong to a conference, oldest first.
async fn of_conference<E>(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> Result<Vec<E::Model>, ApiError>
where
    E: EntityTrait,
    E::Column: std::str::FromStr,
{
    let column = |name: &str| versioned::column::<E>("conference part", name);
    Ok(E::find()
        .filter(column("conference_id")?.eq(conference_id))
        .filter(column("deleted_at")?.is_null())
        .order_by_asc(column("id")?)
        .all(db)
        .await?)
}

/// The live members of a child's network.
async fn members(
    db: &impl ConnectionTrait,
    child_id: Uuid,
) -> Result<Vec<network_member::Model>, ApiError> {
    Ok(network_member::Entity::find()
        .filter(network_member::Column::ChildId.eq(child_id))
        .filter(network_member::Column::DeletedAt.is_null())
        .order_by_asc(network_member::Column::Id)
        .all(db)
        .await?)
}

/// A conference the viewer may read, or `NOT_FOUND`.
pub async fn readable(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> Result<conference::Model, ApiError> {
    let found = conference::Entity::find_by_id(id)
        .filter(conference::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(conference::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("conference"))?;
    match access::readable_child(db, viewer, found.child_id).await {
        Ok(_) => Ok(found),
        Err(ApiError::NotFound(_)) => Err(ApiError::NotFound("conference")),
        Err(other) => Err(other),
    }
}

/// A conference the viewer may change, with its child.
async fn writable(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: ConferenceId,
) -> Result<(conference::Model, child::Model), ApiError> {
    let found = readable(db, viewer, id.uuid()).await?;
    let child = access::writable_child(db, viewer, found.child_id).await?;
    Ok((found, child))
}

/// A child's conferences, newest referral first.
pub async fn of_child(
    db: &Db,
    viewer: &Viewer,
    child_id: Uuid,
) -> Result<Vec<conference::Model>, ApiError> {
    access::readable_child(&db.conn, viewer, child_id).await?;
    Ok(conference::Entity::find()
        .filter(conference::Column::ChildId.eq(child_id))
        .filter(conference::Column::DeletedAt.is_null())
        .order_by_desc(conference::Column::ReferredOn)
        .order_by_desc(conference::Column::Id)
        .all(&db.conn)
        .await?)
}

/// Refers a child for a conference, recording the network as it stands.
pub async fn create(
    db: &Db,
    viewer: &Viewer,
    input: NewConference,
) -> Result<conference::Model, ApiError> {
    let reason = validate::required_text("reason", input.reason, NOTES_MAX)?;
    let referred_on =
        validate::not_future("referredOn", Some(input.referred_on))?.unwrap_or(input.referred_on);
    let txn = db.begin_write().await?;
    let child = access::writable_child(txn.conn(), viewer, input.child_id.uuid()).await?;
    let at_referral = NetworkCount::of(&members(txn.conn(), child.id).await?);
    let conference = conference::ActiveModel {
        child_id: Set(child.id),
        status: Set(ConferenceStatus::Referred),
        referred_on: Set(referred_on),
        referred_by: Set(viewer.user_id),
        reason: Set(reason),
        not_offered_reason: Set(None),
        not_offered_by: Set(None),
        shared_with_birth_family: Set(input.shared_with_birth_family),
        scheduled_for: Set(None),
        venue: Set(None),
        interpreter_needed: Set(false),
        language: Set(None),
        advocate: Set(None),
        child_attends: Set(false),
        child_wishes: Set(None),
        bottom_lines: Set(None),
        plan_agreed_by_referrer: Set(false),
        plan_agreed_on: Set(None),
        monitor_person_id: Set(None),
        review_on: Set(None),
        network_at_referral: Set(serde_json::to_value(at_referral).map_err(ApiError::internal)?),
        ..Default::default()
    };
    let conference = versioned::create(txn.conn(), viewer, conference, Some(child.id)).await?;
    txn.commit().await?;
    Ok(conference)
}

fn text(field: &str, patch: Patch<String>, max: usize) -> Result<Option<Option<String>>, ApiError> {
    patch
        .update()
        .map(|value| validate::text(field, value, max))
        .transpose()
}

/// Changes a conference, based on the version the client read. A change of stage is
/// checked against the stages' order and what each stage needs (a reason not to offer, a
/// date to schedule).
pub async fn update(
    db: &Db,
    viewer: &Viewer,
    id: ConferenceId,
    input: ConferenceChange,
) -> Result<conference::Model, ApiError> {
    let txn = db.begin_write().await?;
    let (before, child) = writable(txn.conn(), viewer, id).await?;
    versioned::check_version("conference", before.version, input.version)?;
    let mut active: conference::ActiveModel = before.clone().into();
    let mut after = before.clone();
    if let Some(value) = text("notOfferedReason", input.not_offered_reason, NOTES_MAX)? {
        after.not_offered_by = value.as_ref().map(|_| viewer.user_id);
        active.not_offered_by = Set(after.not_offered_by);
        after.not_offered_reason = value.clone();
        active.not_offered_reason = Set(value);
    }
    if let Some(value) = input.scheduled_for.update() {
        after.scheduled_for = value;
        active.scheduled_for = Set(value);
    }
    for (field, patch, column) in [
        ("venue", input.venue, conference::Column::Venue),
        ("language", input.language, conference::Column::Language),
        ("advocate", input.advocate, conference::Column::Advocate),
    ] {
        if let Some(value) = text(field, patch, SHORT_TEXT_MAX)? {
            sea_orm::ActiveModelTrait::set(&mut active, column, value.into());
        }
    }
    for (field, patch, column) in [
        (
            "childWishes",
            input.child_wishes,
            conference::Column::ChildWishes,
        ),
        (
            "bottomLines",
            input.bottom_lines,
            conference::Column::BottomLines,
        ),
    ] {
        if let Some(value) = text(field, patch, NOTES_MAX)? {
            sea_orm::ActiveModelTrait::set(&mut active, column, value.into());
        }
    }
    if let Some(value) = input.shared_with_birth_family {
        active.shared_with_birth_family = Set(value);
    }
    if let Some(value) = input.interpreter_needed {
        active.interpreter_needed = Set(value);
    }
    if let Some(value) = input.child_attends {
        active.child_attends = Set(value);
    }
    if let Some(value) = input.plan_agreed_by_referrer {
        active.plan_agreed_by_referrer = Set(value);
    }
    if let Some(value) = input.plan_agreed_on.update() {
        active.plan_agreed_on = Set(validate::not_future("planAgreedOn", value)?);
    }
    if let Some(value) = input.review_on.update() {
        active.review_on = Set(value);
    }
    if let Some(monitor) = input.monitor.update() {
        if let Some(person) = monitor {
            crate::service::network::member_of(txn.conn(), &child, person.uuid(), "monitorId")
                .await?;
        }
        active.monitor_person_id = Set(monitor.map(PersonId::uuid));
    }
    if let Some(status) = input.status {
        transitions::check(before.status, status)?;
        let from_referral = matches!(before.status, ConferenceStatus::Referred);
        if status == ConferenceStatus::Declined
            && from_referral
            && after.not_offered_reason.is_none()
        {
            return Err(ApiError::bad_input(
                "notOfferedReason",
                "not offering a conference needs the best-interests decision behind it",
            ));
        }
        if status == ConferenceStatus::Scheduled && after.scheduled_for.is_none() {
            return Err(ApiError::bad_input(
                "scheduledFor",
                "a conference is scheduled for a date and time",
            ));
        }
        if status == ConferenceStatus::Accepted {
            offers::check_accepted(txn.conn(), before.id).await?;
        }
        active.status = Set(status);
    }
    let after = versioned::save(
        txn.conn(),
        viewer,
        Write::Update,
        active,
        &before,
        Some(child.id),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Moves a conference to `status` as the consequence of another write (an offer answered,
/// a review recorded), if the stages allow it and it is not there already.
async fn advance(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    before: &conference::Model,
    status: ConferenceStatus,
) -> Result<(), ApiError> {
    if before.status == status || transitions::check(before.status, status).is_err() {
        return Ok(());
    }
    let mut active: conference::ActiveModel = before.clone().into();
    active.status = Set(status);
    versioned::save(
        db,
        viewer,
        Write::Update,
        active,
        before,
        Some(before.child_id),
    )
    .await?;
    Ok(())
}
