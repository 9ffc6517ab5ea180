//! Properties that hold for every network, checked on random small families.

mod support;

use graph::{Network, PersonId, kinship};
use proptest::prelude::*;
use support::families;

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
