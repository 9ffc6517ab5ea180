//! Gaps: the places where family is missing from a network, each with a next step a
//! coordinator can take.

use crate::{
    kinship::{KinshipReport, Side},
    network::{EdgeKind, FamilySide, Network, ParentKind, PersonId, Sex},
};

/// The size Family Finding aims for, unless the caller says otherwise.
pub const DEFAULT_TARGET_SIZE: usize = 40;

/// What is missing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GapKind {
    MotherUnknown,
    FatherUnknown,
    /// No one recorded on this side of the family.
    NoOneOnSide(Side),
    /// A parent of the child whose own parents are not recorded.
    GrandparentsUnknown {
        parent: PersonId,
        side: Side,
    },
    /// Fewer people in the network than the target.
    BelowTarget {
        size: usize,
        target: usize,
    },
}

/// A gap and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap {
    pub kind: GapKind,
    pub next_step: String,
}

fn is_lineage(kind: EdgeKind) -> bool {
    matches!(
        kind,
        EdgeKind::Parent(ParentKind::Birth | ParentKind::Adoptive)
    )
}

/// The recorded birth or adoptive parents of `person`.
fn parents(network: &Network, person: PersonId) -> Vec<PersonId> {
    let mut found: Vec<PersonId> = network
        .edges()
        .filter(|edge| edge.to == person && is_lineage(edge.kind))
        .map(|edge| edge.from)
        .collect();
    found.sort();
    found.dedup();
    found
}

fn sex_of(network: &Network, person: PersonId) -> Sex {
    network
        .person(person)
        .map(|person| person.sex)
        .unwrap_or_default()
}

/// Finds the gaps in a network, in a fixed order: parents, sides, grandparents, size.
///
/// # Complexity
/// O(N + E).
pub fn gaps(network: &Network, kinship: &KinshipReport, target_size: usize) -> Vec<Gap> {
    let child = network.child();
    let mut found = Vec::new();
    let parents = parents(network, child);
    let count = |sex: Sex| {
        parents
            .iter()
            .filter(|parent| sex_of(network, **parent) == sex)
            .count()
    };
    // A parent whose sex is not recorded fills whichever place is empty.
    let mut unknown = count(Sex::Unknown);
    let mut missing = |sex: Sex| {
        if count(sex) > 0 {
            false
        } else if unknown > 0 {
            unknown -= 1;
            false
        } else {
            true
        }
    };
    if missing(Sex::Female) {
        found.push(Gap {
            kind: GapKind::MotherUnknown,
            next_step: "Record the child's mother: check the birth certificate and the case file, \
                        and ask the child and the family."
                .into(),
        });
    }
    if missing(Sex::Male) {
        found.push(Gap {
            kind: GapKind::FatherUnknown,
            next_step: "Record the child's father: check the birth certificate, the case file and \
                        court papers, and ask the mother's side of the family."
                .into(),
        });
    }
    for (side, recorded, name) in [
        (Side::Maternal, FamilySide::Maternal, "mother's"),
        (Side::Paternal, FamilySide::Paternal, "father's"),
    ] {
        let someone = network.people().any(|person| {
            person.id != child
                && person.member.as_ref().is_some_and(|member| {
                    member.side == recorded
                        || member.side == FamilySide::Both
                        || kinship
                            .of(person.id)
                            .is_some_and(|k| k.side() == side || k.side() == Side::Both)
                })
        });
        if !someone {
            found.push(Gap {
                kind: GapKind::NoOneOnSide(side),
                next_step: format!(
                    "No one is recorded on the {name} side: ask the child who they remember, \
                     and ask the parent for their own parents, brothers and sisters."
                ),
            });
        }
    }
    for parent in &parents {
        if self::parents(network, *parent).is_empty() {
            let side = match sex_of(network, *parent) {
                Sex::Female => Side::Maternal,
                Sex::Male => Side::Paternal,
                Sex::Unknown => Side::None,
            };
            found.push(Gap {
                kind: GapKind::GrandparentsUnknown {
                    parent: *parent,
                    side,
                },
                next_step: "Record this parent's own parents: ask the parent, and search the \
                            case file and public records for them."
                    .into(),
            });
        }
    }
    let size = network
        .people()
        .filter(|person| person.id != child && person.member.is_some())
        .count();
    if size < target_size {
        found.push(Gap {
            kind: GapKind::BelowTarget {
                size,
                target: target_size,
            },
            next_step: format!(
                "The network has {size} people; Family Finding aims for {target_size}. Work \
                 through the leads, and ask each relative found who else matters to the child."
            ),
        });
    }
    found
}
