//! Demo and synthetic data. Every person here is fictional.
//!
//! The demo organisation is a sibling group of three children in care who share one birth
//! family: four generations on both sides, with every connection status, a no-contact
//! restriction, a location that must not be disclosed, friends, a teacher and a former
//! foster carer. [`synthetic`] builds a network of any size for tests and benchmarks.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    assignment, audit_event, child, enums, network_member, person, person_name, relationship,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, PaginatorTrait};
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    service::{identity, validate},
};

pub const ORGANISATION: &str = "demo";
pub const COORDINATOR: &str = "demo-coordinator";
pub const MANAGER: &str = "demo-manager";

/// The demo family. `people`: key | given | family | sex | born | died? | other names | area.
/// `member`: children | person | status | side | circle | options. `rel`: kind | from | to |
/// options. Options: `as=` the child's name for them, `roles=` support roles joined by `+`,
/// `view=` the child's view, `pr` parental responsibility, `restrict=KIND:reason`,
/// `ended=` and `quality=` for relationships.
const DEMO: &str = include_str!("demo/family.txt");

/// A bad line in the demo text (`demo/family.txt`), caught by this module's tests.
#[derive(Debug, thiserror::Error)]
#[error("demo data, line {line}: {message}")]
pub struct DemoError {
    line: usize,
    message: String,
}

fn enum_value<T: sea_orm::ActiveEnum<Value = String>>(value: &str) -> Result<T, String> {
    T::try_from_value(&value.to_owned()).map_err(|_| format!("unknown value `{value}`"))
}

/// Rows to insert, gathered in memory and written in batches inside one transaction.
struct Rows {
    organisation_id: Uuid,
    user_id: Uuid,
    now: DateTime<Utc>,
    people: Vec<person::ActiveModel>,
    names: Vec<person_name::ActiveModel>,
    relationships: Vec<relationship::ActiveModel>,
    members: Vec<network_member::ActiveModel>,
    children: Vec<child::ActiveModel>,
    assignments: Vec<assignment::ActiveModel>,
}

struct NewPerson<'a> {
    given: &'a str,
    family: &'a str,
    sex: Option<enums::Sex>,
    born: Option<&'a str>,
    deceased: bool,
    other_names: Vec<(String, enums::NameKind)>,
    area: Option<&'a str>,
}

#[derive(Default)]
struct Membership {
    known_as: Option<String>,
    roles: Vec<String>,
    view: Option<enums::ChildView>,
    parental_responsibility: bool,
    restriction: Option<(enums::Restriction, String)>,
}

impl Rows {
    fn new(organisation_id: Uuid, user_id: Uuid) -> Self {
        Self {
            organisation_id,
            user_id,
            now: Utc::now(),
            people: Vec::new(),
            names: Vec::new(),
            relationships: Vec::new(),
            members: Vec::new(),
            children: Vec::new(),
            assignments: Vec::new(),
        }
    }

    fn person(&mut self, new: NewPerson<'_>) -> Uuid {
        let id = Uuid::now_v7();
        let mut key_parts = vec![new.given.to_owned(), new.family.to_owned()];
        for (name, kind) in new.other_names {
            key_parts.push(name.clone());
            self.names.push(person_name::ActiveModel {
                id: Set(Uuid::now_v7()),
                organisation_id: Set(self.organisation_id),
                person_id: Set(id),
                name_key: Set(validate::name_key(&name)),
                name: Set(name),
                kind: Set(kind),
                version: Set(1),
                created_at: Set(self.now),
                created_by: Set(Some(self.user_id)),
                updated_at: Set(self.now),
                updated_by: Set(Some(self.user_id)),
                deleted_at: Set(None),
                deleted_by: Set(None),
            });
        }
        self.people.push(person::ActiveModel {
            id: Set(id),
            organisation_id: Set(self.organisation_id),
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
            version: Set(1),
            created_at: Set(self.now),
            created_by: Set(Some(self.user_id)),
            updated_at: Set(self.now),
            updated_by: Set(Some(self.user_id)),
            deleted_at: Set(None),
            deleted_by: Set(None),
        });
        id
    }

    fn relationship(
        &mut self,
        kind: enums::RelationshipKind,
        parent_kind: Option<enums::ParentKind>,
        from: Uuid,
        to: Uuid,
        quality: enums::RelationshipQuality,
        ended_on: Option<String>,
    ) {
        self.relationships.push(relationship::ActiveModel {
            id: Set(Uuid::now_v7()),
            organisation_id: Set(self.organisation_id),
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
            version: Set(1),
            created_at: Set(self.now),
            created_by: Set(Some(self.user_id)),
            updated_at: Set(self.now),
            updated_by: Set(Some(self.user_id)),
            deleted_at: Set(None),
            deleted_by: Set(None),
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn member(
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
        self.members.push(network_member::ActiveModel {
            id: Set(Uuid::now_v7()),
            organisation_id: Set(self.organisation_id),
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
            version: Set(1),
            created_at: Set(self.now),
            created_by: Set(Some(self.user_id)),
            updated_at: Set(self.now),
            updated_by: Set(Some(self.user_id)),
            deleted_at: Set(None),
            deleted_by: Set(None),
        });
    }

    fn child(
        &mut self,
        person_id: Uuid,
        reference: String,
        entered_care_on: Option<NaiveDate>,
        assignees: &[Uuid],
    ) -> Uuid {
        let id = Uuid::now_v7();
        self.children.push(child::ActiveModel {
            id: Set(id),
            organisation_id: Set(self.organisation_id),
            person_id: Set(person_id),
            case_reference: Set(reference),
            entered_care_on: Set(entered_care_on),
            status: Set(enums::ChildStatus::Open),
            version: Set(1),
            created_at: Set(self.now),
            created_by: Set(Some(self.user_id)),
            updated_at: Set(self.now),
            updated_by: Set(Some(self.user_id)),
            deleted_at: Set(None),
            deleted_by: Set(None),
        });
        for user in assignees {
            self.assignments.push(assignment::ActiveModel {
                id: Set(Uuid::now_v7()),
                organisation_id: Set(self.organisation_id),
                child_id: Set(id),
                user_id: Set(*user),
                role: Set(enums::AssignmentRole::Coordinator),
                version: Set(1),
                created_at: Set(self.now),
                created_by: Set(Some(self.user_id)),
                updated_at: Set(self.now),
                updated_by: Set(Some(self.user_id)),
                deleted_at: Set(None),
                deleted_by: Set(None),
            });
        }
        id
    }

    /// Writes everything, parents before children, in batches that stay under the
    /// bind-parameter limits of both databases.
    async fn write(self, db: &impl ConnectionTrait, what: &str) -> Result<(), ApiError> {
        const BATCH: usize = 400;
        async fn batches<A>(db: &impl ConnectionTrait, rows: Vec<A>) -> Result<(), ApiError>
        where
            A: ActiveModelTrait + Send,
        {
            let mut rows = rows.into_iter().peekable();
            while rows.peek().is_some() {
                let batch: Vec<A> = rows.by_ref().take(BATCH).collect();
                <A::Entity as EntityTrait>::insert_many(batch)
                    .exec(db)
                    .await?;
            }
            Ok(())
        }
        let organisation_id = self.organisation_id;
        let user_id = self.user_id;
        batches(db, self.people).await?;
        batches(db, self.names).await?;
        batches(db, self.children).await?;
        batches(db, self.assignments).await?;
        batches(db, self.relationships).await?;
        batches(db, self.members).await?;
        audit_event::ActiveModel {
            id: Set(Uuid::now_v7()),
            organisation_id: Set(organisation_id),
            user_id: Set(Some(user_id)),
            action: Set(format!("{what}.seed")),
            entity_type: Set("organisation".into()),
            entity_id: Set(Some(organisation_id)),
            child_id: Set(None),
            occurred_at: Set(Utc::now()),
            detail: Set(None),
        }
        .insert(db)
        .await?;
        Ok(())
    }
}

fn fields(line: &str) -> Vec<&str> {
    line.split('|').map(str::trim).collect()
}

fn options(text: &str) -> Vec<(&str, &str)> {
    // Options are space-separated `key=value` pairs, except that a `restrict=` value runs
    // to the end of the line, since its reason is prose.
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        if let Some(value) = rest.strip_prefix("restrict=") {
            out.push(("restrict", value));
            break;
        }
        let (word, tail) = rest.split_once(' ').unwrap_or((rest, ""));
        let (key, value) = word.split_once('=').unwrap_or((word, ""));
        out.push((key, value));
        rest = tail.trim();
    }
    out
}

fn parse_membership(text: &str) -> Result<Membership, String> {
    let mut membership = Membership::default();
    for (key, value) in options(text) {
        match key {
            "as" => membership.known_as = Some(value.replace('_', " ")),
            "roles" => membership.roles = value.split('+').map(str::to_owned).collect(),
            "view" => membership.view = Some(enum_value(value)?),
            "pr" => membership.parental_responsibility = true,
            "restrict" => {
                let (kind, reason) = value.split_once(':').ok_or("restrict needs KIND:reason")?;
                membership.restriction = Some((enum_value(kind)?, reason.to_owned()));
            }
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(membership)
}

/// Builds the demo rows; `users` are the coordinator and manager user ids.
fn demo_rows(organisation_id: Uuid, coordinator: Uuid) -> Result<Rows, DemoError> {
    let mut rows = Rows::new(organisation_id, coordinator);
    let mut people: HashMap<&str, Uuid> = HashMap::new();
    let mut children: HashMap<&str, Uuid> = HashMap::new();
    let mut pending_members = Vec::new();
    for (index, raw) in DEMO.lines().enumerate() {
        let line = index + 1;
        let fail = |message: String| DemoError { line, message };
        let Some((kind, rest)) = raw.trim().split_once(' ') else {
            continue;
        };
        let f = fields(rest);
        let person = |key: &str| {
            people
                .get(key)
                .copied()
                .ok_or_else(|| fail(format!("unknown person `{key}`")))
        };
        match kind {
            "person" => {
                let [key, given, family, sex, born, died, others, area] = f[..] else {
                    return Err(fail("a person line has eight fields".into()));
                };
                let mut other_names = Vec::new();
                for other in others.split(',').filter(|other| !other.is_empty()) {
                    let (name, kind) = other
                        .split_once(':')
                        .ok_or_else(|| fail("other names are NAME:KIND".into()))?;
                    other_names.push((name.to_owned(), enum_value(kind).map_err(&fail)?));
                }
                let sex = match sex {
                    "F" => Some(enums::Sex::Female),
                    "M" => Some(enums::Sex::Male),
                    _ => None,
                };
                let id = rows.person(NewPerson {
                    given,
                    family,
                    sex,
                    born: (!born.is_empty()).then_some(born),
                    deceased: died == "D",
                    other_names,
                    area: (!area.is_empty()).then_some(area),
                });
                people.insert(key, id);
            }
            "rel" => {
                let (head, from, to, extra) = match f[..] {
                    [head, from, to] => (head, from, to, ""),
                    [head, from, to, extra] => (head, from, to, extra),
                    _ => return Err(fail("a rel line has three or four fields".into())),
                };
                let mut words = head.split_whitespace();
                let kind: enums::RelationshipKind =
                    enum_value(&words.next().unwrap_or_default().to_uppercase()).map_err(&fail)?;
                let parent_kind = words
                    .next()
                    .map(|word| enum_value::<enums::ParentKind>(&word.to_uppercase()))
                    .transpose()
                    .map_err(&fail)?;
                let mut quality = enums::RelationshipQuality::Ordinary;
                let mut ended = None;
                for (key, value) in options(extra) {
                    match key {
                        "quality" => quality = enum_value(value).map_err(&fail)?,
                        "ended" => ended = Some(value.to_owned()),
                        other => return Err(fail(format!("unknown option `{other}`"))),
                    }
                }
                let (from, to) = (person(from)?, person(to)?);
                rows.relationship(kind, parent_kind, from, to, quality, ended);
            }
            "member" => pending_members.push((line, f)),
            "child" => {
                let [key, reference, entered] = f[..] else {
                    return Err(fail("a child line has three fields".into()));
                };
                let entered = NaiveDate::parse_from_str(entered, "%Y-%m-%d")
                    .map_err(|error| fail(error.to_string()))?;
                let id = rows.child(
                    person(key)?,
                    reference.to_owned(),
                    Some(entered),
                    &[coordinator],
                );
                children.insert(key, id);
            }
            _ => return Err(fail(format!("unknown line kind `{kind}`"))),
        }
    }
    for (line, f) in pending_members {
        let fail = |message: String| DemoError { line, message };
        let [kids, key, status, side, circle, extra] = f[..] else {
            return Err(fail("a member line has six fields".into()));
        };
        let person_id = *people
            .get(key)
            .ok_or_else(|| fail(format!("unknown person `{key}`")))?;
        for kid in kids.split(',') {
            let child_id = *children
                .get(kid)
                .ok_or_else(|| fail(format!("unknown child `{kid}`")))?;
            rows.member(
                child_id,
                person_id,
                enum_value(status).map_err(&fail)?,
                enum_value(side).map_err(&fail)?,
                enum_value(circle).map_err(&fail)?,
                parse_membership(extra).map_err(&fail)?,
            );
        }
    }
    Ok(rows)
}

/// Loads the demo organisation when the database holds no people yet. Returns whether it
/// loaded anything.
pub async fn seed_if_empty(db: &Db) -> Result<bool, ApiError> {
    let txn = db.begin_write().await?;
    if person::Entity::find().count(txn.conn()).await? > 0 {
        return Ok(false);
    }
    let organisation_id = identity::ensure_organisation(txn.conn(), ORGANISATION).await?;
    let coordinator = identity::ensure_user(
        txn.conn(),
        organisation_id,
        COORDINATOR,
        Some("Demo Coordinator"),
    )
    .await?;
    identity::ensure_user(txn.conn(), organisation_id, MANAGER, Some("Demo Manager")).await?;
    let rows = demo_rows(organisation_id, coordinator).map_err(ApiError::internal)?;
    rows.write(txn.conn(), "demo").await?;
    txn.commit().await?;
    Ok(true)
}

/// Builds a synthetic network of `size` people around one new child of the organisation
/// `org`, assigned to the user `subject`: a pedigree five generations deep, then aunts,
/// uncles, cousins and their partners, then friends. Deterministic for a given size.
/// Returns the child's id.
pub async fn synthetic(db: &Db, org: &str, subject: &str, size: usize) -> Result<Uuid, ApiError> {
    let txn = db.begin_write().await?;
    let organisation_id = identity::ensure_organisation(txn.conn(), org).await?;
    let user = identity::ensure_user(txn.conn(), organisation_id, subject, None).await?;
    let mut rows = Rows::new(organisation_id, user);
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15 ^ size as u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    const GIVEN: [&str; 12] = [
        "Alex", "Bea", "Cal", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy", "Joy", "Kit", "Lou",
    ];
    const FAMILY: [&str; 8] = [
        "Ashby", "Brook", "Carter", "Dale", "Ellis", "Frost", "Grey", "Hale",
    ];
    let mut make = |rows: &mut Rows, generation: i32| {
        let n = next();
        let born = format!("{}", 2012 - 25 * generation + (n % 10) as i32);
        rows.person(NewPerson {
            given: GIVEN[(n % 12) as usize],
            family: FAMILY[((n >> 8) % 8) as usize],
            sex: Some(if n % 2 == 0 {
                enums::Sex::Female
            } else {
                enums::Sex::Male
            }),
            born: Some(&born),
            deceased: generation >= 4,
            other_names: if n % 5 == 0 {
                vec![(
                    format!(
                        "{} {}",
                        GIVEN[((n >> 4) % 12) as usize],
                        FAMILY[((n >> 12) % 8) as usize]
                    ),
                    enums::NameKind::Maiden,
                )]
            } else {
                Vec::new()
            },
            area: Some("Synthtown"),
        })
    };
    let child_person = make(&mut rows, 0);
    let child_id = rows.child(
        child_person,
        format!("SYN-{}", Uuid::now_v7().simple()),
        None,
        &[user],
    );
    let statuses = [
        enums::ConnectionStatus::Active,
        enums::ConnectionStatus::Lost,
        enums::ConnectionStatus::NotYetContacted,
        enums::ConnectionStatus::Reestablished,
        enums::ConnectionStatus::Declined,
    ];
    let mut count = 1;
    // (person, generation, side); generation 1 is the parents.
    let mut lineage: Vec<(Uuid, i32, enums::FamilySide)> = Vec::new();
    let mut frontier = vec![(child_person, 0, enums::FamilySide::None)];
    while let Some((person, generation, side)) = frontier.pop() {
        if generation >= 5 || count + 2 > size {
            continue;
        }
        for (index, parent_side) in [enums::FamilySide::Maternal, enums::FamilySide::Paternal]
            .into_iter()
            .enumerate()
        {
            let side = if generation == 0 { parent_side } else { side };
            let parent = make(&mut rows, generation + 1);
            count += 1;
            rows.relationship(
                enums::RelationshipKind::Parent,
                Some(enums::ParentKind::Birth),
                parent,
                person,
                enums::RelationshipQuality::Ordinary,
                None,
            );
            rows.member(
                child_id,
                parent,
                statuses[(count + index) % statuses.len()],
                side,
                enums::Circle::Middle,
                Membership::default(),
            );
            lineage.push((parent, generation + 1, side));
            frontier.push((parent, generation + 1, side));
        }
    }
    // Descendants of the ancestors: each ancestor gains children, each of those a partner
    // and children, round after round until the network is full.
    let mut cursor = 0;
    while count < size && !lineage.is_empty() {
        let (ancestor, generation, side) = lineage[cursor % lineage.len()];
        cursor += 1;
        let kid = make(&mut rows, (generation - 1).max(0));
        count += 1;
        rows.relationship(
            enums::RelationshipKind::Parent,
            Some(enums::ParentKind::Birth),
            ancestor,
            kid,
            enums::RelationshipQuality::Ordinary,
            None,
        );
        rows.member(
            child_id,
            kid,
            statuses[count % statuses.len()],
            side,
            enums::Circle::Outer,
            Membership::default(),
        );
        if count < size && generation > 1 {
            let partner = make(&mut rows, (generation - 1).max(0));
            count += 1;
            rows.relationship(
                enums::RelationshipKind::Partner,
                None,
                kid,
                partner,
                enums::RelationshipQuality::Ordinary,
                None,
            );
            rows.member(
                child_id,
                partner,
                statuses[count % statuses.len()],
                enums::FamilySide::None,
                enums::Circle::Outer,
                Membership::default(),
            );
            lineage.push((kid, generation - 1, side));
        }
        if cursor > 4 * size {
            break;
        }
    }
    while count < size {
        let friend = make(&mut rows, 0);
        count += 1;
        rows.relationship(
            enums::RelationshipKind::Friend,
            None,
            child_person,
            friend,
            enums::RelationshipQuality::Close,
            None,
        );
        rows.member(
            child_id,
            friend,
            enums::ConnectionStatus::Active,
            enums::FamilySide::None,
            enums::Circle::Inner,
            Membership::default(),
        );
    }
    rows.write(txn.conn(), "synthetic").await?;
    txn.commit().await?;
    Ok(child_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_family_parses_into_about_sixty_people() {
        let rows = demo_rows(Uuid::now_v7(), Uuid::now_v7()).map_err(|e| e.to_string());
        let rows = rows.unwrap_or_else(|error| panic!("{error}"));
        assert!(
            (55..=65).contains(&rows.people.len()),
            "{}",
            rows.people.len()
        );
        assert_eq!(rows.children.len(), 3);
        let restrictions: Vec<_> = rows
            .members
            .iter()
            .filter_map(|member| member.restriction.try_as_ref().copied())
            .collect();
        assert!(restrictions.contains(&enums::Restriction::NoContact));
        assert!(restrictions.contains(&enums::Restriction::DoNotDiscloseLocation));
        let statuses: std::collections::HashSet<_> = rows
            .members
            .iter()
            .filter_map(|member| member.connection_status.try_as_ref().copied())
            .collect();
        assert_eq!(statuses.len(), 6, "every connection status appears");
    }
}
