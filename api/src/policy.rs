//! The one place that decides which fields of a person a viewer may see. Every path that
//! shows a person (queries, nested fields, exports) asks here.

use uuid::Uuid;

use crate::service::Viewer;

/// Phone, email, address and notes: hidden from viewer and service roles.
pub fn sees_contact(viewer: &Viewer) -> bool {
    viewer.sees_contact_details()
}

/// A person's location (area and address) is hidden when some child's network marks it
/// "must not be disclosed" and the viewer is not on that child's assigned team.
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
}
