//! Who is invited to a conference and how they take part, and which invitees must not meet
//! as planned. A person under a no-contact restriction, or whom the child does not want to
//! see, is never invited in person: they may still give written views or come to a
//! separate session, with the reason recorded.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{
    child, conference,
    enums::{
        ChildView, InvitationRole, InvitationStatus, Participation, RelationshipKind,
        RelationshipQuality, Restriction,
    },
    invitation, network_member, relationship,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::{readable, writable};
use crate::{
    db::Db,
    error::ApiError,
    service::{
        Viewer,
        analysis::{NetworkAnalysis, convert},
        consents::Standing,
        ids::{ConferenceId, InvitationId, PersonId},
        network,
        validate::{self, Patch, SHORT_TEXT_MAX},
        versioned::{self, Write},
    },
};

/// Someone to invite.
#[derive(Clone, Debug)]
pub struct NewInvitation {
    pub person_id: PersonId,
    pub role: InvitationRole,
    pub participation: Participation,
    /// Why they take part apart (required for someone who may not attend in person).
    pub reason: Option<String>,
}

/// A change to an invitation, based on the version the client read.
#[derive(Clone, Debug, Default)]
pub struct InvitationChange {
    pub version: i32,
    pub role: Option<InvitationRole>,
    pub participation: Option<Participation>,
    pub status: Option<InvitationStatus>,
    pub reason: Patch<String>,
    pub prepared_on: Patch<NaiveDate>,
    pub responded_on: Patch<NaiveDate>,
    pub attended: Option<bool>,
}

/// The live invitations of a conference, oldest first.
pub async fn invitations_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> Result<Vec<invitation::Model>, ApiError> {
    super::of_conference::<invitation::Entity>(db, conference_id).await
}

/// The one safeguarding rule of invitations: who may not be in the room.
fn safeguard(
    member: Option<&network_member::Model>,
    participation: Participation,
    reason: &Option<String>,
) -> Result<(), ApiError> {
    let Some(member) = member else {
        return Ok(());
    };
    let barred = if member.restriction == Restriction::NoContact {
        Some("a no-contact restriction stands")
    } else if member.child_view == ChildView::DoesNotWant {
        Some("the child does not want contact with them")
    } else {
        None
    };
    match (barred, participation) {
        (Some(why), Participation::InPerson) => Err(ApiError::Safeguarding(format!(
            "this person cannot be invited in person: {why}; they may give written views or \
             come to a separate session, with the reason recorded"
        ))),
        (Some(_), _) if reason.is_none() => Err(ApiError::bad_input(
            "reason",
            "record why this person takes part apart",
        )),
        _ => Ok(()),
    }
}

/// The invitee's place in the network, or, for the child themselves, none; anyone else is
/// `BAD_USER_INPUT`.
async fn invitee(
    db: &impl ConnectionTrait,
    child: &child::Model,
    person: Uuid,
    role: InvitationRole,
) -> Result<Option<network_member::Model>, ApiError> {
    if person == child.person_id {
        return match role {
            InvitationRole::Child => Ok(None),
            _ => Err(ApiError::bad_input("role", "the child is invited as CHILD")),
        };
    }
    crate::service::network::member_of(db, child, person, "personId")
        .await
        .map(Some)
}

/// Invites people, all or none: one refused (outside the network, already invited, barred
/// from the room, not agreeing to be contacted or invited) writes nothing.
pub async fn propose(
    db: &Db,
    viewer: &Viewer,
    conference_id: ConferenceId,
    people: Vec<NewInvitation>,
) -> Result<Vec<invitation::Model>, ApiError> {
    let txn = db.begin_write().await?;
    let (conference, child) = writable(txn.conn(), viewer, conference_id).await?;
    open_for_invitations(&conference)?;
    let mut invited: Vec<Uuid> = invitations_of(txn.conn(), conference.id)
        .await?
        .iter()
        .map(|invitation| invitation.person_id)
        .collect();
    let consents = Standing::of(txn.conn(), &child).await?;
    let mut created = Vec::new();
    for person in people {
        let reason = validate::text("reason", person.reason, SHORT_TEXT_MAX)?;
        let person_id = person.person_id.uuid();
        let member = invitee(txn.conn(), &child, person_id, person.role).await?;
        consents.may_invite(person_id)?;
        safeguard(member.as_ref(), person.participation, &reason)?;
        if invited.contains(&person_id) {
            return Err(ApiError::bad_input(
                "personId",
                "this person is already invited to the conference",
            ));
        }
        invited.push(person_id);
        let invitation = invitation::ActiveModel {
            conference_id: Set(conference.id),
            person_id: Set(person_id),
            role: Set(person.role),
            participation: Set(person.participation),
            status: Set(InvitationStatus::Proposed),
            excluded_reason: Set(reason),
            prepared_on: Set(None),
            responded_on: Set(None),
            attended: Set(false),
            ..Default::default()
        };
        created.push(versioned::create(txn.conn(), viewer, invitation, Some(child.id)).await?);
    }
    txn.commit().await?;
    Ok(created)
}

fn open_for_invitations(conference: &conference::Model) -> Result<(), ApiError> {
    use entity::enums::ConferenceStatus::*;
    match conference.status {
        Held | Reviewed | Closed | Declined => Err(ApiError::bad_input(
            "conferenceId",
            "invitations go out before a conference is held",
        )),
        _ => Ok(()),
    }
}

/// Invites the suggested list of support candidates who are not invited yet, in person:
/// relatives as FAMILY, everyone else as SUPPORT_PERSON.
pub async fn propose_suggested(
    db: &Db,
    viewer: &Viewer,
    conference_id: ConferenceId,
    size: i32,
) -> Result<Vec<invitation::Model>, ApiError> {
    let conference = readable(&db.conn, viewer, conference_id.uuid()).await?;
    let child =
        crate::service::access::readable_child(&db.conn, viewer, conference.child_id).await?;
    let network = network::open(db, viewer, &child, None).await?;
    let analysis = NetworkAnalysis::new(child.clone(), network);
    let answer = analysis
        .support_candidates(db, viewer, size, conference.shared_with_birth_family)
        .await?;
    let already: Vec<Uuid> = invitations_of(&db.conn, conference.id)
        .await?
        .iter()
        .map(|invitation| invitation.person_id)
        .collect();
    let kin: HashMap<graph::PersonId, bool> = answer
        .candidates
        .iter()
        .map(|candidate| {
            let family = candidate.relation.is_some()
                && candidate
                    .factors
                    .iter()
                    .any(|factor| factor.kind == graph::FactorKind::Kinship && factor.value > 0.5);
            (candidate.person, family)
        })
        .collect();
    let people = answer
        .suggested
        .iter()
        .filter(|suggested| !already.contains(&convert::uuid(suggested.person)))
        .map(|suggested| NewInvitation {
            person_id: convert::uuid(suggested.person).into(),
            role: if kin.get(&suggested.person).copied().unwrap_or(false) {
                InvitationRole::Family
            } else {
                InvitationRole::SupportPerson
            },
            participation: Participation::InPerson,
            reason: None,
        })
        .collect();
    propose(db, viewer, conference_id, people).await
}

/// Changes an invitation, based on the version the client read; the safeguarding rule holds
/// for the invitation as changed.
pub async fn update_invitation(
    db: &Db,
    viewer: &Viewer,
    id: InvitationId,
    input: InvitationChange,
) -> Result<invitation::Model, ApiError> {
    let txn = db.begin_write().await?;
    let (before, _, child) =
        super::writable_part::<invitation::Entity>(txn.conn(), viewer, id.uuid(), "invitation")
            .await?;
    versioned::check_version("invitation", before.version, input.version)?;
    let role = input.role.unwrap_or(before.role);
    let participation = input.participation.unwrap_or(before.participation);
    let reason = match input.reason.update() {
        Some(value) => validate::text("reason", value, SHORT_TEXT_MAX)?,
        None => before.excluded_reason.clone(),
    };
    let member = invitee(txn.conn(), &child, before.person_id, role).await?;
    safeguard(member.as_ref(), participation, &reason)?;
    let mut active: invitation::ActiveModel = before.clone().into();
    active.role = Set(role);
    active.participation = Set(participation);
    active.excluded_reason = Set(reason);
    if let Some(status) = input.status {
        active.status = Set(status);
    }
    if let Some(value) = input.prepared_on.update() {
        active.prepared_on = Set(validate::not_future("preparedOn", value)?);
    }
    if let Some(value) = input.responded_on.update() {
        active.responded_on = Set(validate::not_future("respondedOn", value)?);
    }
    if let Some(attended) = input.attended {
        active.attended = Set(attended);
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

/// Why two invitees must not meet as planned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictReason {
    /// A hostile, conflicted or cut-off relationship between them.
    Relationship,
    /// One's location must not be disclosed, and the other is a former partner or on bad
    /// terms with them.
    ProtectedLocation,
    /// Contact must be supervised, and no professional is in the session.
    Unsupervised,
}

/// Two invitees (or one, for an unsupervised session) who must not meet as planned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub a: Uuid,
    pub b: Option<Uuid>,
    pub reason: ConflictReason,
    pub detail: String,
    pub suggestion: String,
}

/// Every conflict among the conference's in-person invitees, for the coordinator to see
/// before invitations go out.
pub async fn conflicts(
    db: &Db,
    viewer: &Viewer,
    conference_id: Uuid,
) -> Result<Vec<Conflict>, ApiError> {
    let conference = readable(&db.conn, viewer, conference_id).await?;
    let invitations = invitations_of(&db.conn, conference.id).await?;
    let in_room: Vec<&invitation::Model> = invitations
        .iter()
        .filter(|invitation| invitation.participation == Participation::InPerson)
        .filter(|invitation| {
            !matches!(
                invitation.status,
                InvitationStatus::Declined | InvitationStatus::Excluded
            )
        })
        .collect();
    let people: Vec<Uuid> = in_room
        .iter()
        .map(|invitation| invitation.person_id)
        .collect();
    let members: HashMap<Uuid, network_member::Model> = network_member::Entity::find()
        .filter(network_member::Column::ChildId.eq(conference.child_id))
        .filter(network_member::Column::DeletedAt.is_null())
        .filter(db.one_of(network_member::Column::PersonId, &people))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|member| (member.person_id, member))
        .collect();
    let ties = relationship::Entity::find()
        .filter(relationship::Column::DeletedAt.is_null())
        .filter(db.one_of(relationship::Column::FromPersonId, &people))
        .filter(db.one_of(relationship::Column::ToPersonId, &people))
        .order_by_asc(relationship::Column::Id)
        .all(&db.conn)
        .await?;
    Ok(find_conflicts(&in_room, &members, &ties))
}

fn find_conflicts(
    in_room: &[&invitation::Model],
    members: &HashMap<Uuid, network_member::Model>,
    ties: &[relationship::Model],
) -> Vec<Conflict> {
    let apart = "invite one of them to a separate session, or to give written views";
    let mut found = Vec::new();
    for tie in ties {
        let bad_terms = matches!(
            tie.quality,
            RelationshipQuality::Hostile
                | RelationshipQuality::Conflict
                | RelationshipQuality::CutOff
        );
        let former_partners = tie.kind == RelationshipKind::Partner && tie.ended_on.is_some();
        let protected = [tie.from_person_id, tie.to_person_id]
            .into_iter()
            .find(|person| {
                members
                    .get(person)
                    .is_some_and(|m| m.restriction == Restriction::DoNotDiscloseLocation)
            });
        let (a, b) = (tie.from_person_id, tie.to_person_id);
        if let Some(protected) = protected
            && (bad_terms || former_partners)
        {
            let other = if protected == a { b } else { a };
            found.push(Conflict {
                a: protected,
                b: Some(other),
                reason: ConflictReason::ProtectedLocation,
                detail: "one's location must not be disclosed, and the other is a former \
                         partner or on bad terms with them"
                    .to_owned(),
                suggestion: format!("{apart}; never share where the first lives"),
            });
        } else if bad_terms {
            found.push(Conflict {
                a,
                b: Some(b),
                reason: ConflictReason::Relationship,
                detail: format!(
                    "their relationship is recorded as {}",
                    match tie.quality {
                        RelationshipQuality::Hostile => "hostile",
                        RelationshipQuality::Conflict => "in conflict",
                        _ => "cut off",
                    }
                ),
                suggestion: apart.to_owned(),
            });
        }
    }
    let professional = in_room
        .iter()
        .any(|invitation| invitation.role == InvitationRole::Professional);
    if !professional {
        for invitation in in_room {
            if members
                .get(&invitation.person_id)
                .is_some_and(|m| m.restriction == Restriction::SupervisedOnly)
            {
                found.push(Conflict {
                    a: invitation.person_id,
                    b: None,
                    reason: ConflictReason::Unsupervised,
                    detail: "contact with them must be supervised, and no professional is \
                             invited to the session"
                        .to_owned(),
                    suggestion: "invite a professional to the session, or this person to a \
                                 separate one"
                        .to_owned(),
                });
            }
        }
    }
    found.sort_by_key(|conflict| (conflict.a, conflict.b));
    found
}
