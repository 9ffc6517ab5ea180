//! The offer of a conference to each person with parental responsibility (section 31ZA of
//! the Children Act 1989), and their answers: one acceptance makes the conference ACCEPTED.

use chrono::NaiveDate;
use entity::{
    conference_offer,
    enums::{ConferenceStatus, OfferAnswer},
};
use sea_orm::{ActiveValue::Set, ConnectionTrait};

use super::{advance, writable};
use crate::service::network::member_of;
use crate::{
    db::Db,
    error::ApiError,
    service::{
        Viewer,
        ids::{ConferenceId, PersonId},
        validate,
        versioned::{self, Write},
    },
};

/// An offer made, with its answer so far. Recording an offer for someone who has one
/// already records their new answer.
#[derive(Clone, Debug)]
pub struct NewOffer {
    pub conference_id: ConferenceId,
    pub person_id: PersonId,
    pub offered_on: NaiveDate,
    pub in_letter_before_proceedings: bool,
    pub answer: OfferAnswer,
    pub answered_on: Option<NaiveDate>,
}

/// The live offers of a conference, oldest first.
pub async fn offers_of(
    db: &impl ConnectionTrait,
    conference_id: uuid::Uuid,
) -> Result<Vec<conference_offer::Model>, ApiError> {
    super::of_conference::<conference_offer::Entity>(db, conference_id).await
}

/// Records an offer and its answer, and moves the conference on: to OFFERED once offered,
/// to ACCEPTED once anyone accepts, to DECLINED once everyone offered has declined.
pub async fn record_offer(
    db: &Db,
    viewer: &Viewer,
    input: NewOffer,
) -> Result<conference_offer::Model, ApiError> {
    let offered_on =
        validate::not_future("offeredOn", Some(input.offered_on))?.unwrap_or(input.offered_on);
    let answered_on = validate::not_future("answeredOn", input.answered_on)?;
    if answered_on.is_some_and(|answered| answered < offered_on) {
        return Err(ApiError::bad_input(
            "answeredOn",
            "an offer is answered after it is made",
        ));
    }
    let txn = db.begin_write().await?;
    let (conference, child) = writable(txn.conn(), viewer, input.conference_id).await?;
    if matches!(
        conference.status,
        ConferenceStatus::Held | ConferenceStatus::Reviewed | ConferenceStatus::Closed
    ) {
        return Err(ApiError::bad_input(
            "conferenceId",
            "offers are made before a conference is held",
        ));
    }
    let member = member_of(txn.conn(), &child, input.person_id.uuid(), "personId").await?;
    if !member.holds_parental_responsibility {
        return Err(ApiError::bad_input(
            "personId",
            "a conference is offered to the people with parental responsibility",
        ));
    }
    let existing = offers_of(txn.conn(), conference.id)
        .await?
        .into_iter()
        .find(|offer| offer.person_id == member.person_id);
    let offer = match existing {
        Some(before) => {
            let mut active: conference_offer::ActiveModel = before.clone().into();
            active.offered_on = Set(offered_on);
            active.in_letter_before_proceedings = Set(input.in_letter_before_proceedings);
            active.answer = Set(input.answer);
            active.answered_on = Set(answered_on);
            versioned::save(
                txn.conn(),
                viewer,
                Write::Update,
                active,
                &before,
                Some(child.id),
            )
            .await?
        }
        None => {
            let offer = conference_offer::ActiveModel {
                conference_id: Set(conference.id),
                person_id: Set(member.person_id),
                offered_on: Set(offered_on),
                in_letter_before_proceedings: Set(input.in_letter_before_proceedings),
                answer: Set(input.answer),
                answered_on: Set(answered_on),
                ..Default::default()
            };
            versioned::create(txn.conn(), viewer, offer, Some(child.id)).await?
        }
    };
    let answers: Vec<OfferAnswer> = offers_of(txn.conn(), conference.id)
        .await?
        .iter()
        .map(|offer| offer.answer)
        .collect();
    advance(txn.conn(), viewer, &conference, stage_of(&answers)).await?;
    txn.commit().await?;
    Ok(offer)
}

/// Where the answers so far put a conference that has been offered.
fn stage_of(answers: &[OfferAnswer]) -> ConferenceStatus {
    if answers.contains(&OfferAnswer::Accepted) {
        ConferenceStatus::Accepted
    } else if !answers.is_empty() && answers.iter().all(|a| *a == OfferAnswer::Declined) {
        ConferenceStatus::Declined
    } else {
        ConferenceStatus::Offered
    }
}

/// `BAD_USER_INPUT` unless someone offered the conference has accepted it.
pub(super) async fn check_accepted(
    db: &impl ConnectionTrait,
    conference_id: uuid::Uuid,
) -> Result<(), ApiError> {
    let offers = offers_of(db, conference_id).await?;
    if offers
        .iter()
        .any(|offer| offer.answer == OfferAnswer::Accepted)
    {
        Ok(())
    } else {
        Err(ApiError::bad_input(
            "status",
            "a conference is ACCEPTED when someone offered it accepts: record their answer",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_acceptance_is_enough_and_all_must_decline_to_decline() {
        use OfferAnswer::*;
        assert_eq!(
            stage_of(&[NoAnswer, Accepted, Declined]),
            ConferenceStatus::Accepted
        );
        assert_eq!(stage_of(&[Declined, Declined]), ConferenceStatus::Declined);
        assert_eq!(stage_of(&[Declined, NoAnswer]), ConferenceStatus::Offered);
    }
}
