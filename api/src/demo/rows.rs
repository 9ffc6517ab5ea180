//! Rows of a network gathered in memory and written on the bulk path, in one transaction,
//! each with its audit event and revision, as a service would write them one at a time.

use chrono::NaiveDate;
use entity::{assignment, child, enums, network_member, person, person_name, relationship};
use sea_orm::{ActiveValue::Set, ConnectionTrait};
use uuid::Uuid;

use crate::{
    auth::Role,
    error::ApiError,
    service::{Viewer, audit, identity, people, validate, versioned},
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
}

pub(super) struct NewPerson<'a> {
    pub given: &'a str,
    pub family: &'a str,
    pub sex: Option<enums::Sex>,
    pub born: Option<&'a str>,
    pub deceased: bool,
    pub other_names: Vec<(String, enums::NameKind)>,
    pub area: Option<&'a str>,
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
                phone: Set(None),
                email: Set(None),
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
    })
}
