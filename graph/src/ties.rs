//! The undirected view of a network used by paths and health: who is tied to whom, and how
//! well. Siblings who share a recorded parent are tied even without an edge of their own,
//! through a hub node per parent rather than a tie per pair: a parent of thirty children
//! then adds thirty ties, not 435. A member in touch with the child (active or
//! re-established) is tied to the child even where no relationship between them is
//! recorded: the contact is the tie.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::network::{EdgeKind, Network, ParentKind, PersonId, Quality, Status};

/// One tie, with its weight for paths: 1 close, 2 ordinary, 3 distant, 4 in conflict.
/// A hub's ties weigh 1 each way, so siblings are an ordinary tie (2) apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tie {
    pub(crate) other: usize,
    pub(crate) weight: u32,
}

/// Adjacency lists over node indices: people first (`0..people`), then hubs, which stand
/// for "children of the same parent" and are never shown.
#[derive(Debug)]
pub(crate) struct Ties {
    pub(crate) ids: Vec<PersonId>,
    pub(crate) people: usize,
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

fn blocking(quality: Quality) -> bool {
    matches!(quality, Quality::Hostile | Quality::CutOff)
}

fn weight(quality: Quality) -> u32 {
    match quality {
        Quality::Close => 1,
        Quality::Ordinary => 2,
        Quality::Distant => 3,
        _ => 4,
    }
}

impl Ties {
    /// Every usable tie of the network: hostile and cut-off ties are left out, and a
    /// recorded hostile or cut-off tie between two people outweighs every other tie
    /// between them, a derived sibling tie included.
    pub(crate) fn new(network: &Network) -> Self {
        let graph = network.graph();
        let ids: Vec<PersonId> = graph.node_weights().map(|person| person.id).collect();
        let people = ids.len();
        let mut best: HashMap<(usize, usize), Quality> = HashMap::new();
        let mut children_of: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for edge in graph.edge_indices() {
            let Some((a, b)) = graph.edge_endpoints(edge) else {
                continue;
            };
            let (a, b) = (a.index(), b.index());
            if a == b {
                continue;
            }
            let quality = graph[edge].quality;
            let entry = best.entry((a.min(b), a.max(b))).or_insert(quality);
            let better = match (blocking(*entry), blocking(quality)) {
                (false, true) => true,
                (true, false) => false,
                _ => rank(quality) < rank(*entry),
            };
            if better {
                *entry = quality;
            }
            if let EdgeKind::Parent(ParentKind::Birth | ParentKind::Adoptive) = graph[edge].kind {
                children_of.entry(a).or_default().insert(b);
            }
        }
        let mut adjacent: Vec<Vec<Tie>> = vec![Vec::new(); people];
        let link = |adjacent: &mut Vec<Vec<Tie>>, a: usize, b: usize, weight: u32| {
            adjacent[a].push(Tie { other: b, weight });
            adjacent[b].push(Tie { other: a, weight });
        };
        let blocked = |a: usize, b: usize| {
            best.get(&(a.min(b), a.max(b)))
                .is_some_and(|q| blocking(*q))
        };
        let mut direct: Vec<((usize, usize), Quality)> = best
            .iter()
            .filter(|(_, quality)| !blocking(**quality))
            .map(|(pair, quality)| (*pair, *quality))
            .collect();
        direct.sort_by_key(|(pair, _)| *pair);
        for ((a, b), quality) in direct {
            link(&mut adjacent, a, b, weight(quality));
        }
        if let Some(child) = network.node(network.child()).map(|node| node.index()) {
            for (node, person) in graph.node_weights().enumerate() {
                let in_touch = person.member.as_ref().is_some_and(|member| {
                    matches!(member.status, Status::Active | Status::Reestablished)
                });
                let recorded = best.contains_key(&(node.min(child), node.max(child)));
                if in_touch && node != child && !recorded {
                    link(&mut adjacent, node, child, weight(Quality::Ordinary));
                }
            }
        }
        for children in children_of.values().filter(|children| children.len() > 1) {
            let children: Vec<usize> = children.iter().copied().collect();
            let estranged = children
                .iter()
                .enumerate()
                .any(|(i, a)| children[i + 1..].iter().any(|b| blocked(*a, *b)));
            if estranged {
                // A group with an estranged pair is tied pair by pair, leaving that pair
                // out: every other pair is tied as the hub ties them, beside any tie
                // recorded between them, the cheaper counting.
                for (i, a) in children.iter().enumerate() {
                    for b in &children[i + 1..] {
                        if !blocked(*a, *b) {
                            link(&mut adjacent, *a, *b, 2);
                        }
                    }
                }
            } else {
                let hub = adjacent.len();
                adjacent.push(Vec::new());
                for child in children {
                    link(&mut adjacent, hub, child, 1);
                }
            }
        }
        let order = |node: usize| {
            ids.get(node)
                .map_or((true, node as u128), |id| (false, id.0))
        };
        for list in &mut adjacent {
            list.sort_by_key(|tie| order(tie.other));
        }
        Self {
            ids,
            people,
            adjacent,
        }
    }

    pub(crate) fn is_person(&self, node: usize) -> bool {
        node < self.people
    }

    pub(crate) fn len(&self) -> usize {
        self.adjacent.len()
    }
}
