//! The one place that decides which fields of a person a viewer may see. Every path that
//! shows a person, or derives an answer from one (queries, nested fields, scores, exports),
//! asks here.
//!
//! Two rules. Contact details and notes are hidden from the viewer and service roles. And a
//! person whose location must not be disclosed in some child's network is, to anyone not
//! on that child's assigned team, a name without a whereabouts: their area and address, and
//! everything else that could lead to them (phone, email, notes), are hidden.

use uuid::Uuid;

use crate::service::Viewer;

/// A field of a person that not every viewer sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Area,
    Address,
    Phone,
    Email,
    Notes,
}

/// What one viewer may see of one person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sight {
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

/// Phone, email, address and notes: hidden from viewer and service roles.
pub fn sees_contact(viewer: &Viewer) -> bool {
    viewer.sees_contact_details()
}

/// A person's location is hidden when some child's network marks it "must not be
/// disclosed" and the viewer is not on that child's assigned team.
pub fn sees_location(restricted_in: &[Uuid], caseload: &[Uuid]) -> bool {
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
}
