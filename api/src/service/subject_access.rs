//! Subject access (UK GDPR article 15): everything held about one person, for an
//! administrator to review and send. The person's own record comes whole; whatever is
//! mainly about someone else (a relative at the other end of a relationship, the child
//! whose network they are in, free text that may name others) is marked for review, and
//! other people appear by name only: never their details, never a child whose network the
//! person is not in.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{
    child, conference, consent, invitation, network_member, person, person_name, relationship,
    revision, search_activity,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use uuid::Uuid;

use crate::{
    auth::Role,
    db::Db,
    error::ApiError,
    service::{
        Viewer,
        access::Via,
        access_events::{self, AccessFilter},
        people, reads,
    },
};

/// A record held, and why a reviewer should look at it before it is sent, if they should.
#[derive(Clone, Debug, Serialize)]
pub struct Held<T> {
    pub record: T,
    /// Empty when the record is the person's own alone.
    pub review: Vec<String>,
}

fn held<T>(record: T, review: Vec<String>) -> Held<T> {
    Held { record, review }
}

/// Someone else, by name only.
#[derive(Clone, Debug, Serialize)]
pub struct Named {
    pub id: Uuid,
    pub name: String,
}

/// A place in a child's network, with the child named.
#[derive(Clone, Debug, Serialize)]
pub struct Membership {
    pub child: Named,
    pub case_reference: String,
    pub place: network_member::Model,
}

/// A relationship, with the other person named.
#[derive(Clone, Debug, Serialize)]
pub struct Tie {
    /// "from" or "to": for a parent relationship, "from" is the parent.
    pub this_person_is: &'static str,
    pub other_person: Named,
    pub relationship: relationship::Model,
}

/// A search for or contact attempt with them, with the child it was for.
#[derive(Clone, Debug, Serialize)]
pub struct Search {
    pub child: Named,
    pub search: search_activity::Model,
}

/// One read of their data.
#[derive(Clone, Debug, Serialize)]
pub struct Access {
    pub at: DateTime<Utc>,
    pub by: Option<String>,
    pub action: String,
    pub via: Option<Via>,
    pub child_id: Option<Uuid>,
    pub under_emergency_access: bool,
}

/// Everything held about one person.
#[derive(Clone, Debug, Serialize)]
pub struct SubjectAccess {
    pub produced_at: DateTime<Utc>,
    pub produced_by: String,
    pub person: person::Model,
    pub other_names: Vec<person_name::Model>,
    pub memberships: Vec<Held<Membership>>,
    pub relationships: Vec<Held<Tie>>,
    pub search_activities: Vec<Held<Search>>,
    pub consents: Vec<Held<consent::Model>>,
    pub invitations: Vec<Held<invitation::Model>>,
    pub revisions: Vec<revision::Model>,
    pub access_events: Vec<Access>,
}

const OTHERS_NAMED: &str = "names another person: give their name only if they agree, or it is \
                            reasonable without their agreement";
const CHILDS_CASE: &str = "held in another child's case: the child is named, and nothing else of \
                           theirs is included";
const FREE_TEXT: &str = "free text written by practitioners: it may name others";

/// Everything held about person `id` of the administrator's organisation; a person of
/// another organisation is a missing one. The export is itself accounted for in the
/// access log.
pub async fn export(db: &Db, viewer: &Viewer, id: Uuid) -> Result<SubjectAccess, ApiError> {
    if !viewer.has(Role::Admin) {
        return Err(ApiError::forbidden(
            "only an administrator produces a subject access export",
        ));
    }
    let viewer = viewer.clone().through(Via::SubjectAccess);
    let conn = &db.conn;
    let person = person::Entity::find_by_id(id)
        .filter(person::Column::OrganisationId.eq(viewer.organisation_id))
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("person"))?;
    let other_names = person_name::Entity::find()
        .filter(person_name::Column::PersonId.eq(id))
        .order_by_asc(person_name::Column::Id)
        .all(conn)
        .await?;
    let places = network_member::Entity::find()
        .filter(network_member::Column::PersonId.eq(id))
        .order_by_asc(network_member::Column::Id)
        .all(conn)
        .await?;
    let ties = relationship::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(relationship::Column::FromPersonId.eq(id))
                .add(relationship::Column::ToPersonId.eq(id)),
        )
        .order_by_asc(relationship::Column::Id)
        .all(conn)
        .await?;
    let searches = search_activity::Entity::find()
        .filter(search_activity::Column::PersonId.eq(id))
        .order_by_asc(search_activity::Column::Id)
        .all(conn)
        .await?;
    let consents = consent::Entity::find()
        .filter(consent::Column::PersonId.eq(id))
        .order_by_asc(consent::Column::Id)
        .all(conn)
        .await?;
    let invitations = invitation::Entity::find()
        .filter(invitation::Column::PersonId.eq(id))
        .order_by_asc(invitation::Column::Id)
        .all(conn)
        .await?;

    // The revisions of their own records: the person, their names, and each place, search
    // and consent of theirs; a relationship's revisions are the other person's too, and
    // stay out.
    let own: Vec<Uuid> = [id]
        .into_iter()
        .chain(other_names.iter().map(|name| name.id))
        .chain(places.iter().map(|place| place.id))
        .chain(searches.iter().map(|search| search.id))
        .chain(consents.iter().map(|consent| consent.id))
        .collect();

    // Other people, by name: the children whose networks hold them, the other ends of
    // their relationships.
    let mut children: Vec<Uuid> = places.iter().map(|place| place.child_id).collect();
    children.extend(searches.iter().map(|search| search.child_id));
    let conferences: Vec<conference::Model> = conference::Entity::find()
        .filter(
            db.one_of(
                conference::Column::Id,
                &invitations
                    .iter()
                    .map(|i| i.conference_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(conn)
        .await?;
    children.extend(conferences.iter().map(|c| c.child_id));
    children.sort();
    children.dedup();
    let children: HashMap<Uuid, child::Model> = child::Entity::find()
        .filter(child::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(db.one_of(child::Column::Id, &children))
        .all(conn)
        .await?
        .into_iter()
        .map(|child| (child.id, child))
        .collect();
    let mut others: Vec<Uuid> = children.values().map(|child| child.person_id).collect();
    others.extend(
        ties.iter()
            .map(|tie| other_end(tie, id))
            .filter(|other| *other != id),
    );
    let names: HashMap<Uuid, String> = person::Entity::find()
        .filter(person::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(db.one_of(person::Column::Id, &others))
        .all(conn)
        .await?
        .into_iter()
        .map(|other| {
            let name = people::display_name(&other.clone().into());
            (other.id, name)
        })
        .collect();
    let named = |person: Uuid| Named {
        id: person,
        name: names
            .get(&person)
            .cloned()
            .unwrap_or_else(|| "(not known)".to_owned()),
    };
    let child_named = |child: Uuid| {
        children.get(&child).map_or(
            Named {
                id: child,
                name: "(not known)".to_owned(),
            },
            |found| Named {
                id: child,
                name: named(found.person_id).name,
            },
        )
    };
    let is_own_case = |child: Uuid| children.get(&child).is_some_and(|c| c.person_id == id);
    let free_text = |text: &[&Option<String>]| text.iter().any(|t| t.is_some());

    let memberships = places
        .into_iter()
        .map(|place| {
            let mut review = vec![CHILDS_CASE.to_owned()];
            if free_text(&[&place.notes, &place.restriction_reason, &place.found_via]) {
                review.push(FREE_TEXT.to_owned());
            }
            let case_reference = children
                .get(&place.child_id)
                .map(|c| c.case_reference.clone())
                .unwrap_or_default();
            held(
                Membership {
                    child: child_named(place.child_id),
                    case_reference,
                    place,
                },
                review,
            )
        })
        .collect();
    let relationships = ties
        .into_iter()
        .map(|tie| {
            let mut review = vec![OTHERS_NAMED.to_owned()];
            if free_text(&[&tie.notes, &tie.source]) {
                review.push(FREE_TEXT.to_owned());
            }
            held(
                Tie {
                    this_person_is: if tie.from_person_id == id {
                        "from"
                    } else {
                        "to"
                    },
                    other_person: named(other_end(&tie, id)),
                    relationship: tie,
                },
                review,
            )
        })
        .collect();
    let search_activities = searches
        .into_iter()
        .map(|search| {
            let mut review = Vec::new();
            if !is_own_case(search.child_id) {
                review.push(CHILDS_CASE.to_owned());
            }
            if search.notes.is_some() {
                review.push(FREE_TEXT.to_owned());
            }
            held(
                Search {
                    child: child_named(search.child_id),
                    search,
                },
                review,
            )
        })
        .collect();
    let consents = consents
        .into_iter()
        .map(|consent| {
            let mut review = Vec::new();
            if !is_own_case(consent.child_id) {
                review.push(CHILDS_CASE.to_owned());
            }
            if free_text(&[&consent.notes, &consent.evidence]) {
                review.push(FREE_TEXT.to_owned());
            }
            held(consent, review)
        })
        .collect();
    let invitations = invitations
        .into_iter()
        .map(|invitation| {
            let mut review = vec![CHILDS_CASE.to_owned()];
            if invitation.excluded_reason.is_some() {
                review.push(FREE_TEXT.to_owned());
            }
            held(invitation, review)
        })
        .collect();

    let revisions = revision::Entity::find()
        .filter(revision::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(db.one_of(revision::Column::EntityId, &own))
        .order_by_asc(revision::Column::Id)
        .all(conn)
        .await?;
    let reads = access_events::reads(
        db,
        &viewer,
        AccessFilter {
            person_id: Some(id),
            ..AccessFilter::default()
        },
        None,
        10_000,
    )
    .await?;
    let users: HashMap<Uuid, String> = entity::app_user::Entity::find()
        .filter(entity::app_user::Column::OrganisationId.eq(viewer.organisation_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|user| (user.id, user.subject))
        .collect();
    let access_events = reads
        .into_iter()
        .map(|read| Access {
            at: read.event.occurred_at,
            by: read
                .event
                .user_id
                .and_then(|user| users.get(&user).cloned()),
            action: read.event.action,
            via: read.via,
            child_id: read.event.child_id,
            under_emergency_access: read.grant.is_some(),
        })
        .collect();
    reads::account(db, &viewer, "subject_access.read", "person", [(id, None)]).await?;
    Ok(SubjectAccess {
        produced_at: viewer.at,
        produced_by: viewer.subject.clone(),
        person,
        other_names,
        memberships,
        relationships,
        search_activities,
        consents,
        invitations,
        revisions,
        access_events,
    })
}

fn other_end(tie: &relationship::Model, id: Uuid) -> Uuid {
    if tie.from_person_id == id {
        tie.to_person_id
    } else {
        tie.from_person_id
    }
}
