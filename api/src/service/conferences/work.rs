//! What a coordinator has to do (`work_due`), and what conferences achieved, for a manager
//! (`outcomes`).

use chrono::NaiveDate;
use entity::{
    conference, conference_offer, conference_review,
    enums::{ActionStatus, ConferenceStatus, OfferAnswer},
    plan_action, search_activity,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::NetworkCount;
use crate::{
    db::Db,
    error::ApiError,
    service::{Viewer, access},
};

/// A kind of work due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum WorkKind {
    /// A search or contact attempt to follow up.
    FollowUp,
    /// An action of a plan not yet done.
    ActionDue,
    /// A plan to review.
    ReviewDue,
    /// An offer of a conference nobody has answered.
    OfferUnanswered,
}

/// One thing to do, for one child.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkItem {
    pub kind: WorkKind,
    /// When it is due; an unanswered offer has no date.
    pub due_on: Option<NaiveDate>,
    pub child_id: Uuid,
    pub conference_id: Option<Uuid>,
    /// Whom it concerns, if one person.
    pub person_id: Option<Uuid>,
    /// The search, action or offer.
    pub record_id: Uuid,
}

/// Everything due on or before `before` for the children the viewer is assigned to,
/// soonest first.
pub async fn work_due(
    db: &Db,
    viewer: &Viewer,
    before: NaiveDate,
) -> Result<Vec<WorkItem>, ApiError> {
    let caseload = access::caseload(&db.conn, viewer).await?;
    if caseload.is_empty() {
        return Ok(Vec::new());
    }
    let organisation = viewer.organisation_id;
    let conferences = conference::Entity::find()
        .filter(conference::Column::OrganisationId.eq(organisation))
        .filter(conference::Column::DeletedAt.is_null())
        .filter(conference::Column::Status.ne(ConferenceStatus::Closed))
        .filter(db.one_of(conference::Column::ChildId, &caseload))
        .all(&db.conn)
        .await?;
    let conference_ids: Vec<Uuid> = conferences.iter().map(|c| c.id).collect();
    let child_of = |conference: Uuid| {
        conferences
            .iter()
            .find(|c| c.id == conference)
            .map(|c| c.child_id)
            .unwrap_or_default()
    };
    let (searches, actions, offers, reviews) = tokio::try_join!(
        search_activity::Entity::find()
            .filter(search_activity::Column::OrganisationId.eq(organisation))
            .filter(search_activity::Column::DeletedAt.is_null())
            .filter(search_activity::Column::FollowUpOn.lte(before))
            .filter(db.one_of(search_activity::Column::ChildId, &caseload))
            .all(&db.conn),
        plan_action::Entity::find()
            .filter(plan_action::Column::DeletedAt.is_null())
            .filter(plan_action::Column::DueOn.lte(before))
            .filter(
                plan_action::Column::Status.is_in([ActionStatus::Agreed, ActionStatus::InProgress])
            )
            .filter(db.one_of(plan_action::Column::ConferenceId, &conference_ids))
            .all(&db.conn),
        conference_offer::Entity::find()
            .filter(conference_offer::Column::DeletedAt.is_null())
            .filter(conference_offer::Column::Answer.eq(OfferAnswer::NoAnswer))
            .filter(db.one_of(conference_offer::Column::ConferenceId, &conference_ids))
            .all(&db.conn),
        conference_review::Entity::find()
            .filter(conference_review::Column::DeletedAt.is_null())
            .filter(db.one_of(conference_review::Column::ConferenceId, &conference_ids))
            .all(&db.conn),
    )?;
    let mut due: Vec<WorkItem> = Vec::new();
    due.extend(searches.into_iter().map(|search| WorkItem {
        kind: WorkKind::FollowUp,
        due_on: search.follow_up_on,
        child_id: search.child_id,
        conference_id: None,
        person_id: Some(search.person_id),
        record_id: search.id,
    }));
    due.extend(actions.into_iter().map(|action| WorkItem {
        kind: WorkKind::ActionDue,
        due_on: action.due_on,
        child_id: child_of(action.conference_id),
        conference_id: Some(action.conference_id),
        person_id: Some(action.owner_person_id),
        record_id: action.id,
    }));
    for conference in &conferences {
        let Some(review_on) = conference.review_on.filter(|on| *on <= before) else {
            continue;
        };
        let reviewed_since = reviews
            .iter()
            .any(|review| review.conference_id == conference.id && review.reviewed_on >= review_on);
        let held = matches!(
            conference.status,
            ConferenceStatus::Held | ConferenceStatus::Reviewed
        );
        if held && !reviewed_since {
            due.push(WorkItem {
                kind: WorkKind::ReviewDue,
                due_on: Some(review_on),
                child_id: conference.child_id,
                conference_id: Some(conference.id),
                person_id: None,
                record_id: conference.id,
            });
        }
    }
    let offered = |conference: Uuid| {
        conferences.iter().any(|c| {
            c.id == conference
                && matches!(
                    c.status,
                    ConferenceStatus::Referred | ConferenceStatus::Offered
                )
        })
    };
    due.extend(
        offers
            .into_iter()
            .filter(|offer| offered(offer.conference_id))
            .map(|offer| WorkItem {
                kind: WorkKind::OfferUnanswered,
                due_on: None,
                child_id: child_of(offer.conference_id),
                conference_id: Some(offer.conference_id),
                person_id: Some(offer.person_id),
                record_id: offer.id,
            }),
    );
    due.sort_by_key(|item| {
        (
            item.due_on.is_none(),
            item.due_on,
            item.kind,
            item.record_id,
        )
    });
    Ok(due)
}

/// What the conferences held in a period achieved.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcomes {
    pub held: usize,
    /// Plans the referrer agreed.
    pub plans_agreed: usize,
    pub actions: usize,
    pub actions_done: usize,
    /// The median network size at referral, and at the latest review (of those reviewed).
    pub median_at_referral: Option<f64>,
    pub median_at_review: Option<f64>,
}

fn median(mut values: Vec<usize>) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2] as f64),
        _ => Some((values[n / 2 - 1] + values[n / 2]) as f64 / 2.0),
    }
}

/// The organisation's conferences held from `from` to `to` (both included): how many, how
/// many plans were agreed, how many actions were done, and how the networks grew. Managers
/// and admins only.
pub async fn outcomes(
    db: &Db,
    viewer: &Viewer,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Outcomes, ApiError> {
    if !viewer.reads_every_child() {
        return Err(ApiError::forbidden(
            "outcomes across the organisation are for managers",
        ));
    }
    if to < from {
        return Err(ApiError::bad_input(
            "to",
            "the period ends before it starts",
        ));
    }
    let held: Vec<conference::Model> = conference::Entity::find()
        .filter(conference::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(conference::Column::DeletedAt.is_null())
        .filter(conference::Column::Status.is_in([
            ConferenceStatus::Held,
            ConferenceStatus::Reviewed,
            ConferenceStatus::Closed,
        ]))
        .filter(conference::Column::ScheduledFor.is_not_null())
        .all(&db.conn)
        .await?
        .into_iter()
        .filter(|c| {
            c.scheduled_for
                .is_some_and(|at| (from..=to).contains(&at.date_naive()))
        })
        .collect();
    let ids: Vec<Uuid> = held.iter().map(|c| c.id).collect();
    let (actions, reviews) = tokio::try_join!(
        plan_action::Entity::find()
            .filter(plan_action::Column::DeletedAt.is_null())
            .filter(db.one_of(plan_action::Column::ConferenceId, &ids))
            .all(&db.conn),
        conference_review::Entity::find()
            .filter(conference_review::Column::DeletedAt.is_null())
            .filter(db.one_of(conference_review::Column::ConferenceId, &ids))
            .all(&db.conn),
    )?;
    let at_review: Vec<usize> = held
        .iter()
        .filter_map(|c| {
            reviews
                .iter()
                .filter(|review| review.conference_id == c.id)
                .max_by_key(|review| (review.reviewed_on, review.id))
                .map(|review| usize::try_from(review.network_size).unwrap_or_default())
        })
        .collect();
    Ok(Outcomes {
        held: held.len(),
        plans_agreed: held.iter().filter(|c| c.plan_agreed_by_referrer).count(),
        actions: actions.len(),
        actions_done: actions
            .iter()
            .filter(|a| a.status == ActionStatus::Done)
            .count(),
        median_at_referral: median(held.iter().map(|c| NetworkCount::stored(c).size).collect()),
        median_at_review: median(at_review),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![7, 26, 9]), Some(9.0));
        assert_eq!(median(vec![7, 26, 9, 30]), Some(17.5));
    }
}
