//! Rows of a network gathered in memory and written on the bulk path, in one transaction,
//! each with its audit event and revision, as a service would write them one at a time.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    assignment, child, conference, conference_offer, conference_review, enums, invitation,
    network_member, person, person_name, plan_action, relationship,
};
use sea_orm::{ActiveValue::Set, ConnectionTrait};
use uuid::Uuid;

use crate::{
    auth::Role,
    error::ApiError,
    service::{
        Viewer, audit,
        conferences::{NetworkCount, ReviewedAction},
        identity, people, validate, versioned,
    },
};

/// New rows, each with the child its creation is filed under.
#[derive(Default)]
pub(super) struct Rows {
    pub people: Vec<(person::ActiveModel, Option<Uuid>)>,
    pub names: Vec<person_name::ActiveModel>,
    pub relationships: Vec<(relationship::ActiveModel, Option<Uuid>)>,
    pub members: Vec<(network_member::ActiveModel, Option<Uuid>)>,
    pub children: Vec<(child::ActiveModel, Option<Uuid>)>,
    pub assignments: Vec<(assignment::ActiveModel, Option<Uuid>)>,
    pub conferences: Vec<(conference::ActiveModel, Option<Uuid>)>,
    pub offers: Vec<(conference_offer::ActiveModel, Option<Uuid>)>,
    pub invitations: Vec<(invitation::ActiveModel, Option<Uuid>)>,
    pub actions: Vec<(plan_action::ActiveModel, Option<Uuid>)>,
    pub reviews: Vec<(conference_review::ActiveModel, Option<Uuid>)>,
    /// Each conference's child.
    conference_children: HashMap<Uuid, Uuid>,
}

/// A conference of the demo's, at the stage it has reached.
pub(super) struct NewConference {
    pub child: Uuid,
    pub referred_on: NaiveDate,
    pub referred_by: Uuid,
    pub status: enums::ConferenceStatus,
    pub reason: String,
    pub held: DateTime<Utc>,
    pub venue: String,
    pub monitor: Uuid,
    pub review_on: NaiveDate,
}

pub(super) struct NewPerson<'a> {
    pub given: &'a str,
    pub family: &'a str,
    pub sex: Option<enums::Sex>,
    pub born: Option<&'a str>,
    pub deceased: bool,
    pub other_names: Vec<(String, enums::NameKind)>,
    pub area: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
}

#[derive(Default)]
pub(super) struct Membership {
    pub known_as: Option<String>,
    pub roles: Vec<String>,
    pub view: Option<enums::ChildView>,
    pub parental_responsibility: bool,
    pub restriction: Option<(enums::Restriction, String)>,
}

impl Rows {
    pub fn person(&mut self, new: NewPerson<'_>) -> Uuid {
        let id = Uuid::now_v7();
        let mut key_parts = vec![new.given.to_owned(), new.family.to_owned()];
        for (name, kind) in new.other_names {
            key_parts.push(name.clone());
            self.names.push(people::other_name(id, name, kind));
        }
        self.people.push((
            person::ActiveModel {
                id: Set(id),
                given_name: Set(Some(new.given.to_owned())),
                family_name: Set(Some(new.family.to_owned())),
                preferred_name: Set(None),
                sex: Set(new.sex),
                birth_date: Set(new.born.map(str::to_owned)),
                deceased: Set(new.deceased),
                area: Set(new.area.map(str::to_owned)),
                phone: Set(new.phone.map(str::to_owned)),
                email: Set(new.email.map(str::to_owned)),
                address: Set(None),
                notes: Set(None),
                name_key: Set(validate::name_key(&key_parts.join(" "))),
                merged_into_id: Set(None),
                ..Default::default()
            },
            None,
        ));
        id
    }

    pub fn relationship(
        &mut self,
        kind: enums::RelationshipKind,
        parent_kind: Option<enums::ParentKind>,
        from: Uuid,
        to: Uuid,
        quality: enums::RelationshipQuality,
        ended_on: Option<String>,
    ) {
        self.relationships.push((
            relationship::ActiveModel {
                id: Set(Uuid::now_v7()),
                from_person_id: Set(from),
                to_person_id: Set(to),
                kind: Set(kind),
                parent_kind: Set(parent_kind),
                quality: Set(quality),
                confidence: Set(enums::Confidence::Confirmed),
                source: Set(Some("demo data".into())),
                started_on: Set(None),
                ended_on: Set(ended_on),
                notes: Set(None),
                ..Default::default()
            },
            None,
        ));
    }

    #[allow(clippy::too_many_arguments)]
    pub fn member(
        &mut self,
        child_id: Uuid,
        person_id: Uuid,
        status: enums::ConnectionStatus,
        side: enums::FamilySide,
        circle: enums::Circle,
        membership: Membership,
    ) {
        let (restriction, reason) = match membership.restriction {
            Some((kind, reason)) => (kind, Some(reason)),
            None => (enums::Restriction::None, None),
        };
        self.members.push((
            network_member::ActiveModel {
                id: Set(Uuid::now_v7()),
                child_id: Set(child_id),
                person_id: Set(person_id),
                connection_status: Set(status),
                side: Set(side),
                circle: Set(circle),
                roles: Set(serde_json::Value::from(membership.roles)),
                child_view: Set(membership.view.unwrap_or(enums::ChildView::NotAsked)),
                known_to_child_as: Set(membership.known_as),
                holds_parental_responsibility: Set(membership.parental_responsibility),
                restriction: Set(restriction),
                restriction_reason: Set(reason),
                found_via: Set(Some("case file".into())),
                found_on: Set(None),
                last_contact_on: Set(None),
                notes: Set(None),
                ..Default::default()
            },
            Some(child_id),
        ));
    }

    pub fn child(
        &mut self,
        person_id: Uuid,
        reference: String,
        entered_care_on: Option<NaiveDate>,
        assignees: &[Uuid],
    ) -> Uuid {
        let id = Uuid::now_v7();
        self.children.push((
            child::ActiveModel {
                id: Set(id),
                person_id: Set(person_id),
                case_reference: Set(reference),
                entered_care_on: Set(entered_care_on),
                status: Set(enums::ChildStatus::Open),
                ..Default::default()
            },
            Some(id),
        ));
        for user in assignees {
            self.assignments.push((
                assignment::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    child_id: Set(id),
                    user_id: Set(*user),
                    role: Set(enums::AssignmentRole::Coordinator),
                    ..Default::default()
                },
                Some(id),
            ));
        }
        id
    }

    /// The members of `child`'s network gathered so far: (status, side) each.
    fn places(&self, child: Uuid) -> Vec<(enums::ConnectionStatus, enums::FamilySide)> {
        self.members
            .iter()
            .filter(|(member, _)| member.child_id.try_as_ref() == Some(&child))
            .filter_map(|(member, _)| {
                Some((
                    *member.connection_status.try_as_ref()?,
                    *member.side.try_as_ref()?,
                ))
            })
            .collect()
    }

    /// A conference; returns its id and its child's.
    pub fn conference(&mut self, new: NewConference) -> (Uuid, Uuid) {
        let id = Uuid::now_v7();
        let at_referral = NetworkCount::of_places(self.places(new.child).into_iter());
        self.conference_children.insert(id, new.child);
        self.conferences.push((
            conference::ActiveModel {
                id: Set(id),
                child_id: Set(new.child),
                status: Set(new.status),
                referred_on: Set(new.referred_on),
                referred_by: Set(new.referred_by),
                reason: Set(new.reason),
                not_offered_reason: Set(None),
                not_offered_by: Set(None),
                shared_with_birth_family: Set(true),
                scheduled_for: Set(Some(new.held)),
                venue: Set(Some(new.venue)),
                interpreter_needed: Set(false),
                language: Set(None),
                advocate: Set(None),
                child_attends: Set(true),
                child_wishes: Set(Some("to see Nan and Dad more, and to keep swimming".into())),
                bottom_lines: Set(Some(
                    "no contact with Dean Walsh; Jodie's address is never shared".into(),
                )),
                plan_agreed_by_referrer: Set(true),
                plan_agreed_on: Set(Some(new.held.date_naive())),
                monitor_person_id: Set(Some(new.monitor)),
                review_on: Set(Some(new.review_on)),
                network_at_referral: Set(serde_json::to_value(at_referral).unwrap_or_default()),
                ..Default::default()
            },
            Some(new.child),
        ));
        (id, new.child)
    }

    pub fn offer(
        &mut self,
        conference: Uuid,
        person: Uuid,
        offered_on: NaiveDate,
        answer: enums::OfferAnswer,
        answered_on: Option<NaiveDate>,
    ) {
        let child = self.conference_children.get(&conference).copied();
        self.offers.push((
            conference_offer::ActiveModel {
                conference_id: Set(conference),
                person_id: Set(person),
                offered_on: Set(offered_on),
                in_letter_before_proceedings: Set(true),
                answer: Set(answer),
                answered_on: Set(answered_on),
                ..Default::default()
            },
            child,
        ));
    }

    pub fn invitation(
        &mut self,
        conference: Uuid,
        person: Uuid,
        role: enums::InvitationRole,
        participation: enums::Participation,
        status: enums::InvitationStatus,
        reason: Option<String>,
    ) {
        let child = self.conference_children.get(&conference).copied();
        self.invitations.push((
            invitation::ActiveModel {
                conference_id: Set(conference),
                person_id: Set(person),
                role: Set(role),
                participation: Set(participation),
                status: Set(status),
                excluded_reason: Set(reason),
                prepared_on: Set(None),
                responded_on: Set(None),
                attended: Set(status == enums::InvitationStatus::Attended),
                ..Default::default()
            },
            child,
        ));
    }

    pub fn action(
        &mut self,
        conference: Uuid,
        owner: Uuid,
        status: enums::ActionStatus,
        due_on: Option<NaiveDate>,
        description: String,
    ) {
        let child = self.conference_children.get(&conference).copied();
        self.actions.push((
            plan_action::ActiveModel {
                id: Set(Uuid::now_v7()),
                conference_id: Set(conference),
                description: Set(description),
                owner_person_id: Set(owner),
                due_on: Set(due_on),
                checker_person_id: Set(None),
                status: Set(status),
                notes: Set(None),
                ..Default::default()
            },
            child,
        ));
    }

    /// A review of `conference`, finding each of its actions as it stands.
    pub fn review(&mut self, conference: Uuid, reviewed_on: NaiveDate, notes: Option<String>) {
        let child = self.conference_children.get(&conference).copied();
        let actions: Vec<ReviewedAction> = self
            .actions
            .iter()
            .filter(|(action, _)| action.conference_id.try_as_ref() == Some(&conference))
            .filter_map(|(action, _)| {
                Some(ReviewedAction {
                    action_id: *action.id.try_as_ref()?,
                    status: *action.status.try_as_ref()?,
                    notes: None,
                })
            })
            .collect();
        let size = child.map_or(0, |child| self.places(child).len());
        self.reviews.push((
            conference_review::ActiveModel {
                conference_id: Set(conference),
                reviewed_on: Set(reviewed_on),
                network_size: Set(i32::try_from(size).unwrap_or(i32::MAX)),
                actions: Set(serde_json::to_value(actions).unwrap_or_default()),
                notes: Set(notes),
                ..Default::default()
            },
            child,
        ));
    }

    /// Writes everything, parents before children, as `author`, and an event saying what
    /// was seeded (`demo.seed`).
    pub async fn write(
        self,
        db: &impl ConnectionTrait,
        author: &Viewer,
        what: &str,
    ) -> Result<(), ApiError> {
        versioned::create_many(db, author, self.people).await?;
        versioned::create_parts(db, author, self.names).await?;
        versioned::create_many(db, author, self.children).await?;
        versioned::create_many(db, author, self.assignments).await?;
        versioned::create_many(db, author, self.relationships).await?;
        versioned::create_many(db, author, self.members).await?;
        versioned::create_many(db, author, self.conferences).await?;
        versioned::create_many(db, author, self.offers).await?;
        versioned::create_many(db, author, self.invitations).await?;
        versioned::create_many(db, author, self.actions).await?;
        versioned::create_many(db, author, self.reviews).await?;
        audit::event(
            db,
            author,
            &format!("{what}.seed"),
            "organisation",
            Some(author.organisation_id),
            None,
        )
        .await?;
        Ok(())
    }
}

/// The practitioner data is seeded as: the user `subject` of the organisation `org`, made
/// if need be, acting as a coordinator.
pub(super) async fn author(
    db: &impl ConnectionTrait,
    org: &str,
    subject: &str,
    name: Option<&str>,
) -> Result<Viewer, ApiError> {
    let organisation_id = identity::ensure_organisation(db, org).await?;
    let user_id = identity::ensure_user(db, organisation_id, subject, name).await?;
    Ok(Viewer {
        user_id,
        organisation_id,
        organisation: org.to_owned(),
        subject: subject.to_owned(),
        name: name.map(str::to_owned),
        roles: vec![Role::Coordinator],
        via: crate::service::access::Via::Command,
        at: chrono::Utc::now(),
    })
}
