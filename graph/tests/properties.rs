//! Properties that hold for every network, checked on random small families.

use graph::{Edge, EdgeKind, Network, ParentKind, Person, PersonId, Sex, SocialKind, kinship};
use proptest::prelude::*;

/// A random family of up to 14 people: parents always come before their children in the
/// numbering (so there is no cycle), plus partners, explicit siblings and social ties.
fn families() -> impl Strategy<Value = (Vec<Person>, Vec<Edge>)> {
    (3usize..14).prop_flat_map(|n| {
        let sexes = proptest::collection::vec(0u8..3, n);
        let edges = proptest::collection::vec((0..n, 0..n, 0u8..8), 0..(3 * n));
        (sexes, edges).prop_map(move |(sexes, raw)| {
            let people: Vec<Person> = sexes
                .iter()
                .enumerate()
                .map(|(i, sex)| {
                    let sex = match sex {
                        0 => Sex::Female,
                        1 => Sex::Male,
                        _ => Sex::Unknown,
                    };
                    Person::new(PersonId(i as u128 + 100), sex)
                })
                .collect();
            let mut edges = Vec::new();
            for (a, b, kind) in raw {
                if a == b {
                    continue;
                }
                let (older, younger) = (a.max(b), a.min(b));
                let kind = match kind {
                    0..=2 => EdgeKind::Parent(ParentKind::Birth),
                    3 => EdgeKind::Parent(ParentKind::Adoptive),
                    4 => EdgeKind::Partner,
                    5 => EdgeKind::Sibling,
                    6 => EdgeKind::Parent(ParentKind::Step),
                    _ => EdgeKind::Social(SocialKind::Friend),
                };
                edges.push(Edge::new(
                    PersonId(older as u128 + 100),
                    PersonId(younger as u128 + 100),
                    kind,
                ));
            }
            (people, edges)
        })
    })
}

proptest! {
    #[test]
    fn kinship_is_the_same_whatever_order_people_and_edges_come_in(
        (people, edges) in families(),
        seed in any::<u64>(),
    ) {
        let child = PersonId(100);
        let forward = Network::new(child, people.clone(), edges.clone());
        prop_assume!(forward.is_ok());
        let mut shuffled_people = people;
        let mut shuffled_edges = edges;
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        let mut next = move |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound.max(1) as u64) as usize
        };
        for i in (1..shuffled_people.len()).rev() {
            let j = next(i + 1);
            shuffled_people.swap(i, j);
        }
        for i in (1..shuffled_edges.len()).rev() {
            let j = next(i + 1);
            shuffled_edges.swap(i, j);
        }
        let backward = Network::new(child, shuffled_people, shuffled_edges);
        match (forward, backward) {
            (Ok(a), Ok(b)) => prop_assert_eq!(kinship(&a), kinship(&b)),
            _ => prop_assert!(false, "the same people and edges must build"),
        }
    }

    #[test]
    fn every_relation_path_starts_at_the_child_and_ends_at_the_person(
        (people, edges) in families(),
    ) {
        let child = PersonId(100);
        let network = Network::new(child, people, edges);
        prop_assume!(network.is_ok());
        let Ok(network) = network else { return Ok(()) };
        for kinship in kinship(&network).kinship {
            prop_assert!(kinship.person != child);
            for relation in &kinship.relations {
                prop_assert_eq!(relation.path.first(), Some(&child));
                prop_assert_eq!(relation.path.last(), Some(&kinship.person));
                prop_assert!(!relation.label.is_empty());
            }
        }
    }
}
