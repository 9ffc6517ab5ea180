//! The one place that decides which fields of a person a viewer may see. Every path that
//! shows a person, or derives an answer from one (queries, nested fields, scores, exports),
//! reads a [`VisiblePerson`]: the person with what the viewer may not see already removed.
//!
//! Three rules. Contact details and notes are hidden from the viewer and service roles. A
//! person whose location must not be disclosed in some child's network is, to anyone not
//! on that child's assigned team, a name without a whereabouts: their area and address, and
//! everything else that could lead to them (phone, email, notes), are hidden. And in a file
//! (an export), such a person is a name without a whereabouts to everyone, the team too:
//! a file leaves the server and goes where no policy follows it. A person who has not
//! agreed to their details being shared (`consents::Standing::shares_details`) has no
//! contact details in any file or document, to anyone.

use entity::person;
use uuid::Uuid;

use crate::service::Viewer;

/// A field of a person that not every viewer sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Area,
    Address,
    Phone,
    Email,
    Notes,
}

/// What one viewer may see of one person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Sight {
    /// Contact details and notes, by role.
    pub contact: bool,
    /// Whereabouts, by the location restrictions on the person.
    pub location: bool,
}

impl Sight {
    /// What `viewer` sees of a person whose location is protected in the networks of
    /// `restricted_in`, given the children the viewer is assigned to.
    pub fn of(viewer: &Viewer, restricted_in: &[Uuid], caseload: &[Uuid]) -> Self {
        Self {
            contact: sees_contact(viewer),
            location: sees_location(restricted_in, caseload),
        }
    }

    pub fn shows(self, field: Field) -> bool {
        match field {
            Field::Area => self.location,
            // A phone number or an email finds a person as surely as an address, and notes
            // may say where they live.
            Field::Address | Field::Phone | Field::Email | Field::Notes => {
                self.contact && self.location
            }
        }
    }

    /// `value` if the viewer may see `field`.
    pub fn show<T>(self, field: Field, value: Option<T>) -> Option<T> {
        value.filter(|_| self.shows(field))
    }
}

/// A person as one viewer may see them: area, contact details and notes are already gone
/// where the viewer may not see them. The only way to a person's sensitive fields.
#[derive(Clone, Debug)]
pub struct VisiblePerson {
    person: person::View,
    sight: Sight,
    /// Their location is protected in some network.
    protected: bool,
}

/// How to reach a person, as far as the viewer may see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Contact<'a> {
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub address: Option<&'a str>,
}

impl VisiblePerson {
    /// `person` as `viewer` sees them, where `restricted_in` are the children whose networks
    /// protect the person's location and `caseload` the children the viewer is assigned to.
    pub fn see(
        viewer: &Viewer,
        mut person: person::View,
        restricted_in: &[Uuid],
        caseload: &[Uuid],
    ) -> Self {
        let sight = Sight::of(viewer, restricted_in, caseload);
        person.area = sight.show(Field::Area, person.area.take());
        person.phone = sight.show(Field::Phone, person.phone.take());
        person.email = sight.show(Field::Email, person.email.take());
        person.address = sight.show(Field::Address, person.address.take());
        person.notes = sight.show(Field::Notes, person.notes.take());
        Self {
            person,
            sight,
            protected: !restricted_in.is_empty(),
        }
    }

    /// The person as a file may carry them: for a person whose location is protected in any
    /// network, nothing of where they are or how to reach them, whoever asks; for one who
    /// has not agreed to their details being shared (`details_shared` false), no contact
    /// details.
    pub fn in_a_file(self, details_shared: bool) -> Self {
        let shared = self.in_a_document(details_shared);
        if !shared.protected {
            return shared;
        }
        let sight = Sight {
            location: false,
            ..shared.sight
        };
        let mut person = shared.person;
        person.area = None;
        person.phone = None;
        person.email = None;
        person.address = None;
        person.notes = None;
        Self {
            person,
            sight,
            protected: true,
        }
    }

    /// The person as a document about their case (an invitation list, a plan) may carry
    /// them: without contact details unless they agreed to their details being shared.
    /// Their own notes go too, since notes may hold the same details.
    pub fn in_a_document(mut self, details_shared: bool) -> Self {
        if !details_shared {
            self.person.phone = None;
            self.person.email = None;
            self.person.address = None;
            self.person.notes = None;
        }
        self
    }

    /// Whether their location is protected in some network (a file marks them confidential).
    pub fn location_protected(&self) -> bool {
        self.protected
    }

    /// The record, with the hidden fields empty.
    pub fn person(&self) -> &person::View {
        &self.person
    }

    pub fn area(&self) -> Option<&str> {
        self.person.area.as_deref()
    }

    /// `None` when the viewer's role sees no one's contact details; otherwise each detail
    /// the viewer may see.
    pub fn contact(&self) -> Option<Contact<'_>> {
        self.sight.contact.then_some(Contact {
            phone: self.person.phone.as_deref(),
            email: self.person.email.as_deref(),
            address: self.person.address.as_deref(),
        })
    }

    pub fn notes(&self) -> Option<&str> {
        self.person.notes.as_deref()
    }

    /// Notes written about this person elsewhere (their place in a network, a search for
    /// them) may say where they are, so they show only as far as the person's own do.
    pub fn notes_about<'a>(&self, notes: Option<&'a str>) -> Option<&'a str> {
        self.sight.show(Field::Notes, notes)
    }
}

/// Notes about two people at once (a relationship's) show only if both people's would.
pub fn notes_between<'a>(
    a: &VisiblePerson,
    b: &VisiblePerson,
    notes: Option<&'a str>,
) -> Option<&'a str> {
    b.notes_about(a.notes_about(notes))
}

/// Whether a changed column of a record shows in the record's history to the viewer, so
/// that a diff never reads what the record itself would hide: a person's whereabouts and
/// contact details as [`VisiblePerson`] shows them (`about` holds the person); free text
/// about people (notes, reasons, how they were found) as their notes show (`about` holds
/// everyone the record is about); the free text of a case as [`case_notes`] shows it.
pub fn shows_in_history(
    viewer: &Viewer,
    entity_type: &str,
    column: &str,
    about: &[&VisiblePerson],
) -> bool {
    const ABOUT_PEOPLE: [&str; 7] = [
        "notes",
        "evidence",
        "restriction_reason",
        "found_via",
        "excluded_reason",
        "known_to_child_as",
        "source",
    ];
    const OF_A_CASE: [&str; 6] = [
        "reason",
        "not_offered_reason",
        "child_wishes",
        "bottom_lines",
        "description",
        "notes",
    ];
    let case = matches!(
        entity_type,
        "conference"
            | "conference_offer"
            | "conference_review"
            | "plan_action"
            | "emergency_access"
    );
    let field = match column {
        "area" => Some(Field::Area),
        "address" => Some(Field::Address),
        "phone" => Some(Field::Phone),
        "email" => Some(Field::Email),
        "notes" => Some(Field::Notes),
        _ => None,
    };
    if entity_type == "person" {
        return field.is_none_or(|field| about.iter().all(|person| person.sight.shows(field)));
    }
    if case && OF_A_CASE.contains(&column) {
        return sees_case_notes(viewer)
            && about
                .iter()
                .all(|person| person.notes_about(Some("")).is_some());
    }
    if ABOUT_PEOPLE.contains(&column) {
        return about
            .iter()
            .all(|person| person.notes_about(Some("")).is_some());
    }
    true
}

/// Practitioners' free text about a case (why a conference was referred, the child's
/// wishes, the plan's notes) is hidden from viewer and service roles, as a person's notes
/// are.
pub fn case_notes<'a>(viewer: &Viewer, text: Option<&'a str>) -> Option<&'a str> {
    text.filter(|_| sees_case_notes(viewer))
}

/// Whether the viewer reads practitioners' free text about a case (see [`case_notes`]).
pub fn sees_case_notes(viewer: &Viewer) -> bool {
    sees_contact(viewer)
}

/// Phone, email, address and notes: hidden from viewer and service roles.
fn sees_contact(viewer: &Viewer) -> bool {
    viewer.sees_contact_details()
}

/// A person's location is hidden when some child's network marks it "must not be
/// disclosed" and the viewer is not on that child's assigned team.
fn sees_location(restricted_in: &[Uuid], caseload: &[Uuid]) -> bool {
    restricted_in.iter().all(|child| caseload.contains(child))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;

    fn viewer(roles: &[Role]) -> Viewer {
        Viewer {
            user_id: Uuid::now_v7(),
            organisation_id: Uuid::now_v7(),
            organisation: "test".into(),
            subject: "test".into(),
            name: None,
            roles: roles.to_vec(),
            via: crate::service::access::Via::Graphql,
            at: chrono::Utc::now(),
        }
    }

    #[test]
    fn viewers_and_services_never_see_contact_details() {
        assert!(!sees_contact(&viewer(&[Role::Viewer])));
        assert!(!sees_contact(&viewer(&[Role::Service])));
        assert!(sees_contact(&viewer(&[Role::Coordinator])));
    }

    #[test]
    fn a_restricted_location_shows_only_to_the_assigned_team() {
        let child = Uuid::now_v7();
        let other = Uuid::now_v7();
        assert!(sees_location(&[], &[]));
        assert!(!sees_location(&[child], &[other]));
        assert!(sees_location(&[child], &[child, other]));
    }

    #[test]
    fn off_the_team_a_protected_person_has_nothing_that_locates_them() {
        let child = Uuid::now_v7();
        let manager = viewer(&[Role::Manager]);
        let off_team = Sight::of(&manager, &[child], &[]);
        for field in [
            Field::Area,
            Field::Address,
            Field::Phone,
            Field::Email,
            Field::Notes,
        ] {
            assert!(!off_team.shows(field), "{field:?}");
        }
        let on_team = Sight::of(&manager, &[child], &[child]);
        assert!(on_team.shows(Field::Phone) && on_team.shows(Field::Area));
        let reader = Sight::of(&viewer(&[Role::Viewer]), &[], &[]);
        assert!(reader.shows(Field::Area) && !reader.shows(Field::Phone));
    }

    fn recorded() -> person::View {
        person::View {
            id: Uuid::now_v7(),
            given_name: Some("Dawn".into()),
            family_name: Some("Rivers".into()),
            preferred_name: None,
            sex: None,
            birth_date: Some("1980".into()),
            deceased: false,
            area: Some("Northbridge".into()),
            phone: Some("01632 960000".into()),
            email: Some("dawn@example.org".into()),
            address: Some("1 High Street".into()),
            notes: Some("moved to her sister's".into()),
            version: 1,
        }
    }

    /// No area, contact detail or note is left on the record.
    fn assert_nothing_locates(kept: &person::View) {
        assert_eq!(
            (
                &kept.area,
                &kept.phone,
                &kept.email,
                &kept.address,
                &kept.notes
            ),
            (&None, &None, &None, &None, &None)
        );
    }

    #[test]
    fn in_a_file_a_protected_person_has_no_whereabouts_even_for_the_team() {
        let child = Uuid::now_v7();
        let coordinator = viewer(&[Role::Coordinator]);
        let on_team = VisiblePerson::see(&coordinator, recorded(), &[child], &[child]);
        assert!(on_team.area().is_some() && on_team.contact().is_some_and(|c| c.phone.is_some()));
        let filed = on_team.in_a_file(true);
        assert!(filed.location_protected());
        assert_nothing_locates(filed.person());
        assert_eq!(filed.notes_about(Some("at the refuge")), None);
        // Someone protected nowhere keeps what the viewer may see.
        let open = VisiblePerson::see(&coordinator, recorded(), &[], &[child]).in_a_file(true);
        assert!(!open.location_protected());
        assert_eq!(open.area(), Some("Northbridge"));
        assert_eq!(open.contact().and_then(|c| c.phone), Some("01632 960000"));
    }

    #[test]
    fn a_visible_person_carries_only_what_the_viewer_may_see() {
        let child = Uuid::now_v7();
        let manager = viewer(&[Role::Manager]);
        let off_team = VisiblePerson::see(&manager, recorded(), &[child], &[]);
        let kept = off_team.person();
        assert_nothing_locates(kept);
        assert_eq!(kept.given_name.as_deref(), Some("Dawn"));
        assert_eq!(
            off_team.contact(),
            Some(Contact {
                phone: None,
                email: None,
                address: None
            })
        );
        assert_eq!(off_team.notes_about(Some("seen at the school gate")), None);

        let reader = VisiblePerson::see(&viewer(&[Role::Viewer]), recorded(), &[], &[]);
        assert_eq!(reader.area(), Some("Northbridge"));
        assert_eq!((reader.contact(), reader.notes()), (None, None));
        assert_eq!(reader.person().phone, None);

        let on_team = VisiblePerson::see(&manager, recorded(), &[child], &[child]);
        assert_eq!(
            on_team.contact().and_then(|c| c.address),
            Some("1 High Street")
        );
        assert_eq!(
            notes_between(&on_team, &off_team, Some("they argue about contact")),
            None
        );
        assert_eq!(
            notes_between(&on_team, &on_team, Some("fine")),
            Some("fine")
        );
    }
}
