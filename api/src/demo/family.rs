//! The demo family, read from its data file (`family.txt`) into rows.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::enums;
use uuid::Uuid;

use super::rows::{Membership, NewConference, NewPerson, Rows};

/// The demo family. `people`: key | given | family | sex | born | died? | other names | area.
/// `member`: children | person | status | side | circle | options. `rel`: kind | from | to |
/// options. Options: `as=` the child's name for them, `roles=` support roles joined by `+`,
/// `view=` the child's view, `pr` parental responsibility, `restrict=KIND:reason`,
/// `ended=` and `quality=` for relationships. A conference's lines (`conference`, `offer`,
/// `invite`, `action`, `review`) follow its `conference` line, their fields named in the
/// comments above them; `#` starts a comment.
const DEMO: &str = include_str!("family.txt");

/// A bad line in the demo text (`demo/family.txt`), caught by this module's tests.
#[derive(Debug, thiserror::Error)]
#[error("demo data, line {line}: {message}")]
pub struct DemoError {
    line: usize,
    message: String,
}

pub(super) fn enum_value<T: sea_orm::ActiveEnum<Value = String>>(value: &str) -> Result<T, String> {
    T::try_from_value(&value.to_owned()).map_err(|_| format!("unknown value `{value}`"))
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

/// The demo family's rows, its children assigned to `coordinator`.
pub(super) fn rows(coordinator: Uuid) -> Result<Rows, DemoError> {
    let mut rows = Rows::default();
    let mut people: HashMap<&str, Uuid> = HashMap::new();
    let mut children: HashMap<&str, Uuid> = HashMap::new();
    let mut pending_members = Vec::new();
    let mut pending_conference = Vec::new();
    // A person's contact details, by key, read first so that each person is written whole.
    let mut contacts: HashMap<&str, (Option<&str>, Option<&str>)> = HashMap::new();
    for (index, raw) in DEMO.lines().enumerate() {
        if let Some(rest) = raw.trim().strip_prefix("contact ") {
            let [key, phone, email] = fields(rest)[..] else {
                return Err(DemoError {
                    line: index + 1,
                    message: "a contact line has three fields".into(),
                });
            };
            let given = |text: &'static str| (!text.is_empty()).then_some(text);
            contacts.insert(key, (given(phone), given(email)));
        }
    }
    for (index, raw) in DEMO.lines().enumerate() {
        let line = index + 1;
        let fail = |message: String| DemoError { line, message };
        // `#` starts a comment line.
        let Some((kind, rest)) = raw
            .trim()
            .split_once(' ')
            .filter(|_| !raw.trim().starts_with('#'))
        else {
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
                    phone: contacts.get(key).and_then(|(phone, _)| *phone),
                    email: contacts.get(key).and_then(|(_, email)| *email),
                });
                people.insert(key, id);
            }
            // Read before the people.
            "contact" => {}
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
            "conference" | "offer" | "invite" | "action" | "review" => {
                pending_conference.push((line, kind, f));
            }
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
    let mut conference = None;
    for (line, kind, f) in pending_conference {
        let fail = |message: String| DemoError { line, message };
        let child = |key: &str| {
            children
                .get(key)
                .copied()
                .ok_or_else(|| fail(format!("unknown child `{key}`")))
        };
        let person = |key: &str| {
            people
                .get(key)
                .copied()
                .ok_or_else(|| fail(format!("unknown person `{key}`")))
        };
        let date = |text: &str| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|error| fail(error.to_string()))
        };
        let optional = |text: &str| (!text.is_empty()).then(|| text.to_owned());
        let kid = child(f.first().copied().unwrap_or_default())?;
        let current = match (kind, conference) {
            ("conference", _) => Uuid::nil(),
            (_, Some((id, of))) if of == kid => id,
            _ => {
                return Err(fail(
                    "a conference's lines follow its `conference` line".into(),
                ));
            }
        };
        match (kind, &f[..]) {
            ("conference", [_, referred, stage, reason, held, venue, monitor, review]) => {
                let held = chrono::DateTime::parse_from_rfc3339(held)
                    .map_err(|error| fail(error.to_string()))?
                    .with_timezone(&chrono::Utc);
                conference = Some(rows.conference(NewConference {
                    child: kid,
                    referred_on: date(referred)?,
                    status: enum_value(stage).map_err(&fail)?,
                    reason: (*reason).to_owned(),
                    held,
                    venue: (*venue).to_owned(),
                    monitor: person(monitor)?,
                    review_on: date(review)?,
                    referred_by: coordinator,
                }));
            }
            ("offer", [_, who, offered, answer, answered]) => rows.offer(
                current,
                person(who)?,
                date(offered)?,
                enum_value(answer).map_err(&fail)?,
                Some(date(answered)?),
            ),
            ("invite", [_, who, role, participation, status, reason]) => rows.invitation(
                current,
                person(who)?,
                enum_value(role).map_err(&fail)?,
                enum_value(participation).map_err(&fail)?,
                enum_value(status).map_err(&fail)?,
                optional(reason),
            ),
            ("action", [_, owner, status, due, what]) => rows.action(
                current,
                person(owner)?,
                enum_value(status).map_err(&fail)?,
                Some(date(due)?),
                (*what).to_owned(),
            ),
            ("review", [_, on, notes]) => rows.review(current, date(on)?, optional(notes)),
            _ => return Err(fail(format!("a {kind} line has the wrong fields"))),
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_family_parses_into_about_sixty_people() {
        let rows = rows(Uuid::now_v7()).map_err(|e| e.to_string());
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
            .filter_map(|(member, _)| member.restriction.try_as_ref().copied())
            .collect();
        assert!(restrictions.contains(&enums::Restriction::NoContact));
        assert!(restrictions.contains(&enums::Restriction::DoNotDiscloseLocation));
        let statuses: std::collections::HashSet<_> = rows
            .members
            .iter()
            .filter_map(|(member, _)| member.connection_status.try_as_ref().copied())
            .collect();
        assert_eq!(statuses.len(), 6, "every connection status appears");
        assert_eq!(rows.conferences.len(), 1);
        assert_eq!(rows.actions.len(), 3);
        assert_eq!(rows.reviews.len(), 1);
    }
}
