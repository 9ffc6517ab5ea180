//! When both records of a merge are in one child's network, their two places in it become
//! one. Nothing that protects the child or the person may be lost on the way: the stricter
//! restriction (with both reasons), the child's view that protects more, the earlier date
//! found; and what the kept membership leaves empty is taken from the other.

use entity::{
    enums::{ChildView, FamilySide, Restriction},
    network_member,
};

use crate::error::ApiError;

/// The kept membership with the merged one folded in, or `SAFEGUARDING` when the two carry
/// restrictions that one membership cannot hold together.
pub fn combine(
    kept: &network_member::Model,
    merged: &network_member::Model,
) -> Result<network_member::Model, ApiError> {
    let restriction = stricter(kept.restriction, merged.restriction).ok_or_else(|| {
        ApiError::Safeguarding(format!(
            "the two records carry different restrictions in one child's network ({} and {}), \
             and one record can hold only one: settle the restriction in that network first",
            describe(kept.restriction),
            describe(merged.restriction),
        ))
    })?;
    let mut combined = kept.clone();
    combined.restriction = restriction;
    combined.restriction_reason = both(&kept.restriction_reason, &merged.restriction_reason);
    combined.child_view = if protection(merged.child_view) > protection(kept.child_view) {
        merged.child_view
    } else {
        kept.child_view
    };
    combined.found_on = earliest(kept.found_on, merged.found_on);
    combined.last_contact_on = kept.last_contact_on.max(merged.last_contact_on);
    if kept.side == FamilySide::None {
        combined.side = merged.side;
    }
    combined.holds_parental_responsibility =
        kept.holds_parental_responsibility || merged.holds_parental_responsibility;
    combined.roles = union(&kept.roles, &merged.roles);
    for (field, other) in [
        (&mut combined.known_to_child_as, &merged.known_to_child_as),
        (&mut combined.found_via, &merged.found_via),
        (&mut combined.notes, &merged.notes),
    ] {
        if field.as_deref().is_none_or(|text| text.trim().is_empty()) {
            field.clone_from(other);
        }
    }
    Ok(combined)
}

/// Whether one place in a network can carry both restrictions (one implies the other).
pub fn can_hold_both(a: Restriction, b: Restriction) -> bool {
    stricter(a, b).is_some()
}

/// The stricter of two restrictions, where one implies the other; `None` where neither
/// does (no contact says nothing of the location; a protected location says nothing of
/// contact).
fn stricter(a: Restriction, b: Restriction) -> Option<Restriction> {
    use Restriction::{NoContact, None as Unrestricted, SupervisedOnly};
    match (a, b) {
        _ if a == b => Some(a),
        (Unrestricted, other) | (other, Unrestricted) => Some(other),
        (SupervisedOnly, NoContact) | (NoContact, SupervisedOnly) => Some(NoContact),
        _ => None,
    }
}

fn describe(restriction: Restriction) -> &'static str {
    match restriction {
        Restriction::None => "none",
        Restriction::SupervisedOnly => "supervised contact only",
        Restriction::NoContact => "no contact",
        Restriction::DoNotDiscloseLocation => "location must not be disclosed",
    }
}

/// How far a child's view holds contact back: a child who does not want contact most, one
/// who wants it least.
fn protection(view: ChildView) -> u8 {
    match view {
        ChildView::DoesNotWant => 3,
        ChildView::Unsure => 2,
        ChildView::NotAsked => 1,
        ChildView::WantsContact => 0,
    }
}

fn earliest<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Both texts, each once, in order; `None` when neither says anything.
fn both(a: &Option<String>, b: &Option<String>) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for text in [a, b].into_iter().flatten() {
        let text = text.trim();
        if !text.is_empty() && !parts.contains(&text) {
            parts.push(text);
        }
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The roles of both, the kept membership's first.
fn union(a: &serde_json::Value, b: &serde_json::Value) -> serde_json::Value {
    let mut roles: Vec<serde_json::Value> = a.as_array().cloned().unwrap_or_default();
    for role in b.as_array().into_iter().flatten() {
        if !roles.contains(role) {
            roles.push(role.clone());
        }
    }
    serde_json::Value::Array(roles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use entity::enums::{Circle, ConnectionStatus};
    use uuid::Uuid;

    fn member() -> network_member::Model {
        network_member::Model {
            id: Uuid::now_v7(),
            organisation_id: Uuid::nil(),
            child_id: Uuid::nil(),
            person_id: Uuid::now_v7(),
            connection_status: ConnectionStatus::Lost,
            side: FamilySide::None,
            circle: Circle::Outer,
            roles: serde_json::json!([]),
            child_view: ChildView::NotAsked,
            known_to_child_as: None,
            holds_parental_responsibility: false,
            restriction: Restriction::None,
            restriction_reason: None,
            found_via: None,
            found_on: None,
            last_contact_on: None,
            notes: None,
            version: 1,
            created_at: chrono::Utc::now(),
            created_by: None,
            updated_at: chrono::Utc::now(),
            updated_by: None,
            deleted_at: None,
            deleted_by: None,
        }
    }

    fn day(text: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    }

    #[test]
    fn a_restriction_on_either_record_survives_with_both_reasons() {
        let kept = member();
        let mut merged = member();
        merged.restriction = Restriction::NoContact;
        merged.restriction_reason = Some("court order".into());
        let combined = combine(&kept, &merged).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(combined.restriction, Restriction::NoContact);
        assert_eq!(combined.restriction_reason.as_deref(), Some("court order"));

        let mut kept = member();
        kept.restriction = Restriction::SupervisedOnly;
        kept.restriction_reason = Some("risk assessment".into());
        let combined = combine(&kept, &merged).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(combined.restriction, Restriction::NoContact);
        assert_eq!(
            combined.restriction_reason.as_deref(),
            Some("risk assessment; court order")
        );
        let reversed = combine(&merged, &kept).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(reversed.restriction, Restriction::NoContact);
    }

    #[test]
    fn restrictions_one_record_cannot_hold_together_refuse_the_merge() {
        let mut kept = member();
        kept.restriction = Restriction::DoNotDiscloseLocation;
        for other in [Restriction::NoContact, Restriction::SupervisedOnly] {
            let mut merged = member();
            merged.restriction = other;
            let refused = combine(&kept, &merged);
            assert!(
                matches!(refused, Err(ApiError::Safeguarding(_))),
                "{other:?}"
            );
            assert!(matches!(
                combine(&merged, &kept),
                Err(ApiError::Safeguarding(_))
            ));
        }
    }

    #[test]
    fn the_more_protective_view_the_earlier_find_and_the_empty_fields_are_taken() {
        let mut kept = member();
        kept.child_view = ChildView::WantsContact;
        kept.found_on = day("2025-03-01");
        kept.known_to_child_as = Some("Nan".into());
        kept.roles = serde_json::json!(["RESPITE"]);
        let mut merged = member();
        merged.child_view = ChildView::DoesNotWant;
        merged.found_on = day("2024-01-01");
        merged.last_contact_on = day("2024-06-01");
        merged.known_to_child_as = Some("Grandma".into());
        merged.found_via = Some("aunt".into());
        merged.side = FamilySide::Maternal;
        merged.roles = serde_json::json!(["RESPITE", "MENTOR"]);
        merged.holds_parental_responsibility = true;
        let combined = combine(&kept, &merged).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(combined.child_view, ChildView::DoesNotWant);
        assert_eq!(combined.found_on, day("2024-01-01"));
        assert_eq!(combined.last_contact_on, day("2024-06-01"));
        assert_eq!(combined.known_to_child_as.as_deref(), Some("Nan"));
        assert_eq!(combined.found_via.as_deref(), Some("aunt"));
        assert_eq!(combined.side, FamilySide::Maternal);
        assert_eq!(combined.roles, serde_json::json!(["RESPITE", "MENTOR"]));
        assert!(combined.holds_parental_responsibility);
        assert_eq!((combined.id, combined.version), (kept.id, kept.version));
    }
}
