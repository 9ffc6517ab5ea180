//! What a conference's documents hold (the invitation list, the plan), read as the viewer
//! may see it: every person through the visible-person view, every read accounted for.
//! The interfaces only lay these out.

use std::collections::HashMap;

use entity::{child, conference, conference_review, invitation, plan_action};
use uuid::Uuid;

use super::{actions_of, invitations_of, reviews_of};
use crate::{
    db::Db,
    error::ApiError,
    policy::{self, VisiblePerson},
    service::{Viewer, access, reads},
};

/// A conference's invitees, as the viewer may see them.
pub struct InvitationList {
    pub conference: conference::Model,
    pub child: Option<VisiblePerson>,
    /// Oldest invitation first; someone the viewer may not see has no person.
    pub rows: Vec<(invitation::Model, Option<VisiblePerson>)>,
}

/// A conference's plan, as the viewer may see it.
pub struct PlanDocument {
    pub conference: conference::Model,
    pub child: Option<VisiblePerson>,
    pub monitor: Option<VisiblePerson>,
    /// Each action with its owner and checker.
    pub actions: Vec<PlannedAction>,
    pub reviews: Vec<conference_review::Model>,
    /// The free text of the case (reason, bottom lines, notes), where the viewer may read it.
    pub shows_case_notes: bool,
}

pub struct PlannedAction {
    pub action: plan_action::Model,
    pub owner: Option<VisiblePerson>,
    pub checker: Option<VisiblePerson>,
}

async fn case(
    db: &Db,
    viewer: &Viewer,
    id: Uuid,
) -> Result<(conference::Model, child::Model), ApiError> {
    let conference = reads::conference(db, viewer, id).await?;
    let child = access::readable_child(&db.conn, viewer, conference.child_id).await?;
    Ok((conference, child))
}

/// The invitation list of a conference.
pub async fn invitation_list(
    db: &Db,
    viewer: &Viewer,
    id: Uuid,
) -> Result<InvitationList, ApiError> {
    let (conference, child) = case(db, viewer, id).await?;
    let invitations = invitations_of(&db.conn, conference.id).await?;
    let ids: Vec<Uuid> = invitations
        .iter()
        .map(|invitation| invitation.person_id)
        .chain([child.person_id])
        .collect();
    let mut people =
        reads::visible_people(db, viewer, "conference.invitations.read", &child, &ids).await?;
    let rows = invitations
        .into_iter()
        .map(|invitation| {
            let person = people.get(&invitation.person_id).cloned();
            (invitation, person)
        })
        .collect();
    Ok(InvitationList {
        child: people.remove(&child.person_id),
        conference,
        rows,
    })
}

/// The plan of a conference.
pub async fn plan(db: &Db, viewer: &Viewer, id: Uuid) -> Result<PlanDocument, ApiError> {
    let (conference, child) = case(db, viewer, id).await?;
    let actions = actions_of(&db.conn, conference.id).await?;
    let reviews = reviews_of(&db.conn, conference.id).await?;
    let ids: Vec<Uuid> = actions
        .iter()
        .flat_map(|action| [Some(action.owner_person_id), action.checker_person_id])
        .chain([conference.monitor_person_id, Some(child.person_id)])
        .flatten()
        .collect();
    let people: HashMap<Uuid, VisiblePerson> =
        reads::visible_people(db, viewer, "conference.plan.read", &child, &ids).await?;
    let get = |id: Option<Uuid>| id.and_then(|id| people.get(&id).cloned());
    Ok(PlanDocument {
        child: get(Some(child.person_id)),
        monitor: get(conference.monitor_person_id),
        actions: actions
            .into_iter()
            .map(|action| PlannedAction {
                owner: get(Some(action.owner_person_id)),
                checker: get(action.checker_person_id),
                action,
            })
            .collect(),
        reviews,
        shows_case_notes: policy::sees_case_notes(viewer),
        conference,
    })
}
