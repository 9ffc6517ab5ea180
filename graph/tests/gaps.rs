//! Gaps: what is missing from a family, on small families in the text form of `support`.

mod support;

use graph::{FamilySide, GapKind, Member, Network, Person, Side, Status, gaps, kinship};
use support::family;

/// Makes everyone but the child a member, on the given recorded sides.
fn members(text: &str, sides: &[(&str, FamilySide)]) -> (support::Family, Network) {
    let family = family(text);
    let child = family.network.child();
    let people: Vec<Person> = family
        .network
        .people()
        .map(|person| {
            let mut person = person.clone();
            if person.id != child {
                let mut member = Member::new(Status::Active);
                if let Some((_, side)) = sides.iter().find(|(name, _)| family.id(name) == person.id)
                {
                    member.side = *side;
                }
                person.member = Some(member);
            }
            person
        })
        .collect();
    let network = Network::new(child, people, family.network.edges().cloned())
        .unwrap_or_else(|e| panic!("{e}"));
    (family, network)
}

#[test]
fn a_child_with_no_one_recorded_has_every_gap() {
    let (_, network) = members("child kid", &[]);
    let kinds: Vec<GapKind> = gaps(&network, &kinship(&network), 40)
        .into_iter()
        .map(|gap| gap.kind)
        .collect();
    assert_eq!(
        kinds,
        vec![
            GapKind::MotherUnknown,
            GapKind::FatherUnknown,
            GapKind::NoOneOnSide(Side::Maternal),
            GapKind::NoOneOnSide(Side::Paternal),
            GapKind::BelowTarget {
                size: 0,
                target: 40
            },
        ]
    );
}

#[test]
fn the_fathers_unknown_parents_and_a_small_network_remain() {
    let (family, network) = members(
        "child kid\n mum:F > kid\n dad:M > kid\n nan:F > mum",
        &[("dad", FamilySide::Paternal)],
    );
    let kinds: Vec<GapKind> = gaps(&network, &kinship(&network), 3)
        .into_iter()
        .map(|gap| gap.kind)
        .collect();
    assert_eq!(
        kinds,
        vec![GapKind::GrandparentsUnknown {
            parent: family.id("dad"),
            side: Side::Paternal
        }]
    );
}

#[test]
fn a_parent_whose_sex_is_not_recorded_fills_one_place() {
    let (_, network) = members("child kid\n p > kid\n g > p\n dad:M > kid\n gg > dad", &[]);
    let kinds: Vec<GapKind> = gaps(&network, &kinship(&network), 0)
        .into_iter()
        .map(|gap| gap.kind)
        .collect();
    assert!(!kinds.contains(&GapKind::MotherUnknown), "{kinds:?}");
    assert!(!kinds.contains(&GapKind::FatherUnknown), "{kinds:?}");
}
