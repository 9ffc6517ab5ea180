//! The undirected view of a network used by paths and health: who is tied to whom, and how
//! well. Siblings who share a recorded parent are tied even without an edge of their own.

use std::collections::{BTreeMap, BTreeSet};

use crate::network::{EdgeKind, Network, ParentKind, PersonId, Quality};

/// One tie between two people, with the better quality when several edges join them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tie {
    pub(crate) other: usize,
    pub(crate) quality: Quality,
}

/// Adjacency lists over node indices, each list sorted by the neighbour's person id.
pub(crate) struct Ties {
    pub(crate) ids: Vec<PersonId>,
    pub(crate) adjacent: Vec<Vec<Tie>>,
}

fn rank(quality: Quality) -> u8 {
    match quality {
        Quality::Close => 0,
        Quality::Ordinary => 1,
        Quality::Distant => 2,
        Quality::Conflict => 3,
        Quality::CutOff => 4,
        Quality::Hostile => 5,
    }
}

impl Ties {
    /// Every tie of the network. With `usable_only`, ties that are hostile or cut off are
    /// left out: no one is introduced along those.
    pub(crate) fn new(network: &Network, usable_only: bool) -> Self {
        let graph = network.graph();
        let ids: Vec<PersonId> = graph.node_weights().map(|person| person.id).collect();
        // The best quality joining each pair, except that a recorded hostile or cut-off
        // tie between two people outweighs every other: a derived sibling tie does not
        // make estranged sisters an introduction route.
        let mut best: BTreeMap<(usize, usize), Quality> = BTreeMap::new();
        let mut add = |a: usize, b: usize, quality: Quality| {
            if a == b {
                return;
            }
            let key = (a.min(b), a.max(b));
            let entry = best.entry(key).or_insert(quality);
            let blocking = |q: Quality| matches!(q, Quality::Hostile | Quality::CutOff);
            let better = match (blocking(*entry), blocking(quality)) {
                (false, true) => true,
                (true, false) => false,
                _ => rank(quality) < rank(*entry),
            };
            if better {
                *entry = quality;
            }
        };
        let mut children_of: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for edge in graph.edge_indices() {
            let Some((a, b)) = graph.edge_endpoints(edge) else {
                continue;
            };
            let weight = &graph[edge];
            add(a.index(), b.index(), weight.quality);
            if let EdgeKind::Parent(ParentKind::Birth | ParentKind::Adoptive) = weight.kind {
                children_of.entry(a.index()).or_default().insert(b.index());
            }
        }
        for children in children_of.values() {
            let children: Vec<usize> = children.iter().copied().collect();
            for (i, a) in children.iter().enumerate() {
                for b in &children[i + 1..] {
                    add(*a, *b, Quality::Ordinary);
                }
            }
        }
        let mut adjacent = vec![Vec::new(); ids.len()];
        for ((a, b), quality) in best {
            if usable_only && matches!(quality, Quality::Hostile | Quality::CutOff) {
                continue;
            }
            adjacent[a].push(Tie { other: b, quality });
            adjacent[b].push(Tie { other: a, quality });
        }
        for list in &mut adjacent {
            list.sort_by_key(|tie| ids[tie.other]);
        }
        Self { ids, adjacent }
    }
}
