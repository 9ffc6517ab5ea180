//! The plan a conference agrees, action by action, each owned by someone in the network,
//! and its reviews: what was kept, and how large the network had grown.

use chrono::NaiveDate;
use entity::{
    conference, conference_review,
    enums::{ActionStatus, ConferenceStatus},
    plan_action,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{advance, members, writable};
use crate::service::network::member_of;
use crate::{
    db::Db,
    error::ApiError,
    service::{
        Viewer,
        ids::{ActionId, ConferenceId, PersonId},
        validate::{self, NOTES_MAX, Patch},
        versioned::{self, Write},
    },
};

/// An action of the plan.
#[derive(Clone, Debug)]
pub struct NewAction {
    pub conference_id: ConferenceId,
    pub description: String,
    /// Who does it: a person in the child's network.
    pub owner: PersonId,
    pub due_on: Option<NaiveDate>,
    /// Who checks it was done, if anyone in particular.
    pub checker: Option<PersonId>,
    pub notes: Option<String>,
}

/// A change to an action, based on the version the client read.
#[derive(Clone, Debug, Default)]
pub struct ActionChange {
    pub version: i32,
    pub description: Option<String>,
    pub owner: Option<PersonId>,
    pub due_on: Patch<NaiveDate>,
    pub checker: Patch<PersonId>,
    pub status: Option<ActionStatus>,
    pub notes: Patch<String>,
}

/// What a review found of one action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewedAction {
    pub action_id: Uuid,
    pub status: ActionStatus,
    pub notes: Option<String>,
}

/// A review of the plan.
#[derive(Clone, Debug)]
pub struct NewReview {
    pub conference_id: ConferenceId,
    pub reviewed_on: NaiveDate,
    pub actions: Vec<(ActionId, ActionStatus, Option<String>)>,
    pub notes: Option<String>,
}

/// The live actions of a conference's plan, oldest first.
pub async fn actions_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> Result<Vec<plan_action::Model>, ApiError> {
    super::of_conference::<plan_action::Entity>(db, conference_id).await
}

/// The reviews of a conference, oldest first.
pub async fn reviews_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> Result<Vec<conference_review::Model>, ApiError> {
    Ok(conference_review::Entity::find()
        .filter(conference_review::Column::ConferenceId.eq(conference_id))
        .filter(conference_review::Column::DeletedAt.is_null())
        .order_by_asc(conference_review::Column::ReviewedOn)
        .order_by_asc(conference_review::Column::Id)
        .all(db)
        .await?)
}

/// A plan is agreed at the conference: its actions are recorded once it is held.
fn plan_open(conference: &conference::Model) -> Result<(), ApiError> {
    match conference.status {
        ConferenceStatus::Held | ConferenceStatus::Reviewed => Ok(()),
        _ => Err(ApiError::bad_input(
            "conferenceId",
            "a plan is agreed at the conference: record it once the conference is held",
        )),
    }
}

/// Adds an action to the plan.
pub async fn add_action(
    db: &Db,
    viewer: &Viewer,
    input: NewAction,
) -> Result<plan_action::Model, ApiError> {
    let description = validate::required_text("description", input.description, NOTES_MAX)?;
    let notes = validate::text("notes", input.notes, NOTES_MAX)?;
    let txn = db.begin_write().await?;
    let (conference, child) = writable(txn.conn(), viewer, input.conference_id).await?;
    plan_open(&conference)?;
    member_of(txn.conn(), &child, input.owner.uuid(), "ownerId").await?;
    if let Some(checker) = input.checker {
        member_of(txn.conn(), &child, checker.uuid(), "checkerId").await?;
    }
    let action = plan_action::ActiveModel {
        conference_id: Set(conference.id),
        description: Set(description),
        owner_person_id: Set(input.owner.uuid()),
        due_on: Set(input.due_on),
        checker_person_id: Set(input.checker.map(PersonId::uuid)),
        status: Set(ActionStatus::Agreed),
        notes: Set(notes),
        ..Default::default()
    };
    let action = versioned::create(txn.conn(), viewer, action, Some(child.id)).await?;
    txn.commit().await?;
    Ok(action)
}

/// Changes an action, based on the version the client read.
pub async fn update_action(
    db: &Db,
    viewer: &Viewer,
    id: ActionId,
    input: ActionChange,
) -> Result<plan_action::Model, ApiError> {
    let txn = db.begin_write().await?;
    let (before, _, child) =
        super::writable_part::<plan_action::Entity>(txn.conn(), viewer, id.uuid(), "plan action")
            .await?;
    versioned::check_version("plan action", before.version, input.version)?;
    let mut active: plan_action::ActiveModel = before.clone().into();
    if let Some(description) = input.description {
        active.description = Set(validate::required_text(
            "description",
            description,
            NOTES_MAX,
        )?);
    }
    if let Some(owner) = input.owner {
        member_of(txn.conn(), &child, owner.uuid(), "ownerId").await?;
        active.owner_person_id = Set(owner.uuid());
    }
    if let Some(checker) = input.checker.update() {
        if let Some(checker) = checker {
            member_of(txn.conn(), &child, checker.uuid(), "checkerId").await?;
        }
        active.checker_person_id = Set(checker.map(PersonId::uuid));
    }
    if let Some(due_on) = input.due_on.update() {
        active.due_on = Set(due_on);
    }
    if let Some(status) = input.status {
        active.status = Set(status);
    }
    if let Some(notes) = input.notes.update() {
        active.notes = Set(validate::text("notes", notes, NOTES_MAX)?);
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

/// Records a review: each action's state then (written to the action too), the network's
/// size on the day, and the conference REVIEWED.
pub async fn record_review(
    db: &Db,
    viewer: &Viewer,
    input: NewReview,
) -> Result<conference_review::Model, ApiError> {
    let reviewed_on =
        validate::not_future("reviewedOn", Some(input.reviewed_on))?.unwrap_or(input.reviewed_on);
    let notes = validate::text("notes", input.notes, NOTES_MAX)?;
    let txn = db.begin_write().await?;
    let (conference, child) = writable(txn.conn(), viewer, input.conference_id).await?;
    if !matches!(
        conference.status,
        ConferenceStatus::Held | ConferenceStatus::Reviewed
    ) {
        return Err(ApiError::bad_input(
            "conferenceId",
            "a plan is reviewed after the conference is held",
        ));
    }
    let actions = actions_of(txn.conn(), conference.id).await?;
    let mut reviewed = Vec::new();
    for (id, status, action_notes) in input.actions {
        let before = actions
            .iter()
            .find(|action| action.id == id.uuid())
            .ok_or_else(|| {
                ApiError::bad_input("actionId", "this action is not in the conference's plan")
            })?;
        let action_notes = validate::text("notes", action_notes, NOTES_MAX)?;
        if before.status != status {
            let mut active: plan_action::ActiveModel = before.clone().into();
            active.status = Set(status);
            versioned::save(
                txn.conn(),
                viewer,
                Write::Update,
                active,
                before,
                Some(child.id),
            )
            .await?;
        }
        reviewed.push(ReviewedAction {
            action_id: before.id,
            status,
            notes: action_notes,
        });
    }
    let size = members(txn.conn(), child.id).await?.len();
    let review = conference_review::ActiveModel {
        conference_id: Set(conference.id),
        reviewed_on: Set(reviewed_on),
        network_size: Set(i32::try_from(size).unwrap_or(i32::MAX)),
        actions: Set(serde_json::to_value(&reviewed).map_err(ApiError::internal)?),
        notes: Set(notes),
        ..Default::default()
    };
    let review = versioned::create(txn.conn(), viewer, review, Some(child.id)).await?;
    advance(txn.conn(), viewer, &conference, ConferenceStatus::Reviewed).await?;
    txn.commit().await?;
    Ok(review)
}

/// What a stored review found, action by action.
pub fn reviewed_actions(review: &conference_review::Model) -> Vec<ReviewedAction> {
    serde_json::from_value(review.actions.clone()).unwrap_or_default()
}
