//! Network health: how the network stands (counts by status, side, circle and role), who
//! holds it together (cut points and betweenness), which parts have no route to the child,
//! and how it has grown.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::{
    network::{Circle, Day, FamilySide, Network, PersonId, Role, Status},
    ties::Ties,
};

/// A person whose loss would cut the child off from others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CutPoint {
    pub person: PersonId,
    /// Everyone the child could then no longer reach, sorted.
    pub cut_off: Vec<PersonId>,
}

/// Members added in one month, and the network's size at its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Growth {
    pub year: i32,
    pub month: u32,
    pub added: usize,
    pub total: usize,
}

/// The health of one network.
#[derive(Clone, Debug, PartialEq)]
pub struct Health {
    pub members: usize,
    pub by_status: BTreeMap<Status, usize>,
    pub by_side: BTreeMap<FamilySide, usize>,
    pub by_circle: BTreeMap<Circle, usize>,
    pub by_role: BTreeMap<Role, usize>,
    /// Largest loss first.
    pub cut_points: Vec<CutPoint>,
    /// Betweenness centrality (shortest paths through each person), highest first; people
    /// on no shortest path, the child and the dead are left out.
    pub betweenness: Vec<(PersonId, f64)>,
    /// Groups of people with no route to the child, each sorted.
    pub unreachable: Vec<Vec<PersonId>>,
    pub growth: Vec<Growth>,
}

/// Measures a network. Connections are the usable ties (not hostile, not cut off), with
/// siblings tied through a shared parent.
///
/// # Complexity
/// O(N · T) for N people and T ties: betweenness is exact (Brandes).
pub fn health(network: &Network) -> Health {
    let ties = Ties::new(network);
    let start = network.node(network.child()).map(|node| node.index());
    let mut by_status = BTreeMap::new();
    let mut by_side = BTreeMap::new();
    let mut by_circle = BTreeMap::new();
    let mut by_role = BTreeMap::new();
    let mut members = 0;
    for person in network.people() {
        let Some(member) = &person.member else {
            continue;
        };
        members += 1;
        *by_status.entry(member.status).or_insert(0) += 1;
        *by_side.entry(member.side).or_insert(0) += 1;
        *by_circle.entry(member.circle).or_insert(0) += 1;
        for role in member.roles.iter().collect::<BTreeSet<_>>() {
            *by_role.entry(*role).or_insert(0) += 1;
        }
    }
    let growth = growth(
        network
            .people()
            .filter_map(|person| person.member.as_ref()?.added),
    );
    Health {
        members,
        by_status,
        by_side,
        by_circle,
        by_role,
        cut_points: start
            .map(|start| cut_points(&ties, start))
            .unwrap_or_default(),
        betweenness: betweenness(&ties)
            .into_iter()
            .filter(|(person, _)| holds_together(network, *person))
            .collect(),
        unreachable: start
            .map(|start| unreachable(&ties, start))
            .unwrap_or_default(),
        growth,
    }
}

/// How a network grew, month by month, from the days its members were added: what
/// [`health`] reports from each member's `added`, for callers who have the days apart.
pub fn growth(added: impl Iterator<Item = Day>) -> Vec<Growth> {
    let mut by_month: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    for day in added {
        *by_month.entry(day.year_month()).or_insert(0) += 1;
    }
    let mut total = 0;
    by_month
        .into_iter()
        .map(|((year, month), count)| {
            total += count;
            Growth {
                year,
                month,
                added: count,
                total,
            }
        })
        .collect()
}

/// Whether a person can be said to hold the network together: not the child, whom it is
/// for, and not someone who has died (who may still lie on the paths between others).
fn holds_together(network: &Network, person: PersonId) -> bool {
    person != network.child()
        && network
            .person(person)
            .is_some_and(|person| !person.deceased)
}

/// The articulation points of the child's component, each with the people it separates
/// from the child: an iterative depth-first search with low-links (Tarjan), so deep
/// families cannot overflow the stack.
fn cut_points(ties: &Ties, start: usize) -> Vec<CutPoint> {
    let n = ties.len();
    let mut order = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut parent = vec![usize::MAX; n];
    // Subtree extent in discovery order: [order[v], end[v]).
    let mut end = vec![0; n];
    let mut discovered: Vec<usize> = Vec::with_capacity(n);
    let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
    order[start] = 0;
    low[start] = 0;
    discovered.push(start);
    let mut cuts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    while let Some(&mut (node, ref mut next)) = stack.last_mut() {
        if let Some(tie) = ties.adjacent[node].get(*next) {
            *next += 1;
            let other = tie.other;
            if order[other] == usize::MAX {
                order[other] = discovered.len();
                low[other] = order[other];
                parent[other] = node;
                discovered.push(other);
                stack.push((other, 0));
            } else if other != parent[node] {
                low[node] = low[node].min(order[other]);
            }
        } else {
            stack.pop();
            end[node] = discovered.len();
            let up = parent[node];
            if up != usize::MAX {
                low[up] = low[up].min(low[node]);
                if up != start && ties.is_person(up) && low[node] >= order[up] {
                    cuts.entry(up).or_default().push(node);
                }
            }
        }
    }
    let mut points: Vec<CutPoint> = cuts
        .into_iter()
        .map(|(point, subtrees)| {
            let mut cut_off: Vec<PersonId> = subtrees
                .iter()
                .flat_map(|root| discovered[order[*root]..end[*root]].iter())
                .filter(|node| ties.is_person(**node))
                .map(|node| ties.ids[*node])
                .collect();
            cut_off.sort();
            CutPoint {
                person: ties.ids[point],
                cut_off,
            }
        })
        .collect();
    points.sort_by(|a, b| {
        b.cut_off
            .len()
            .cmp(&a.cut_off.len())
            .then(a.person.cmp(&b.person))
    });
    points
}

/// Exact betweenness centrality over unweighted ties (Brandes), halved since ties are
/// undirected. Paths start and end at people only; a hub counts as a step between
/// siblings but never as an end or in the answer.
///
/// This is what a health question costs most (a breadth-first search from every person),
/// so the ties are read from one flat array, predecessors are found again from distances
/// rather than kept in lists, and the sources are split into [`SOURCE_PARTS`] fixed parts
/// computed on as many cores as there are and added in order: the same sums, to the last
/// bit, on any machine.
fn betweenness(ties: &Ties) -> Vec<(PersonId, f64)> {
    let flat = FlatTies::new(ties);
    let sources = ties.people;
    let parts: Vec<std::ops::Range<usize>> = (0..SOURCE_PARTS)
        .map(|part| sources * part / SOURCE_PARTS..sources * (part + 1) / SOURCE_PARTS)
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let sums: Vec<Vec<f64>> = if cores == 1 || sources < PARALLEL_FROM {
        parts
            .into_iter()
            .map(|part| from_sources(&flat, part))
            .collect()
    } else {
        std::thread::scope(|scope| {
            let flat = &flat;
            let workers: Vec<_> = parts
                .into_iter()
                .map(|part| scope.spawn(move || from_sources(flat, part)))
                .collect();
            workers
                .into_iter()
                .map(|worker| {
                    worker
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        })
    };
    let mut centrality = vec![0.0f64; flat.len()];
    for sum in sums {
        for (total, part) in centrality.iter_mut().zip(sum) {
            *total += part;
        }
    }
    let mut scores: Vec<(PersonId, f64)> = centrality
        .into_iter()
        .enumerate()
        .filter(|(node, score)| ties.is_person(*node) && *score > 0.0)
        .map(|(node, score)| (ties.ids[node], score / 2.0))
        .collect();
    scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scores
}

/// How many parts betweenness splits its sources into (more than the cores of most
/// servers; each part's sums are added in order, so the answer does not depend on how
/// many cores computed it).
const SOURCE_PARTS: usize = 4;

/// Below this many people, threads cost more than they save.
const PARALLEL_FROM: usize = 400;

/// The ties as one array of neighbours with each node's start in it.
struct FlatTies {
    starts: Vec<u32>,
    others: Vec<u32>,
    people: usize,
}

impl FlatTies {
    fn new(ties: &Ties) -> Self {
        let mut starts = Vec::with_capacity(ties.len() + 1);
        let mut others = Vec::new();
        starts.push(0);
        for adjacent in &ties.adjacent {
            others.extend(adjacent.iter().map(|tie| tie.other as u32));
            starts.push(others.len() as u32);
        }
        Self {
            starts,
            others,
            people: ties.people,
        }
    }

    fn len(&self) -> usize {
        self.starts.len() - 1
    }

    fn of(&self, node: usize) -> &[u32] {
        &self.others[self.starts[node] as usize..self.starts[node + 1] as usize]
    }
}

/// The betweenness sums of the shortest paths from each of `sources`.
fn from_sources(ties: &FlatTies, sources: std::ops::Range<usize>) -> Vec<f64> {
    const UNSEEN: u32 = u32::MAX;
    let n = ties.len();
    let mut centrality = vec![0.0f64; n];
    let mut paths = vec![0.0f64; n];
    let mut distance = vec![UNSEEN; n];
    let mut dependency = vec![0.0f64; n];
    // Nodes in the order found: the queue of the search, then walked back.
    let mut order: Vec<u32> = Vec::with_capacity(n);
    for source in sources {
        for &node in &order {
            let node = node as usize;
            paths[node] = 0.0;
            distance[node] = UNSEEN;
            dependency[node] = 0.0;
        }
        order.clear();
        paths[source] = 1.0;
        distance[source] = 0;
        order.push(source as u32);
        let mut next = 0;
        while let Some(&v) = order.get(next) {
            next += 1;
            let v = v as usize;
            let (step, through) = (distance[v] + 1, paths[v]);
            for &w in ties.of(v) {
                let w = w as usize;
                if distance[w] == UNSEEN {
                    distance[w] = step;
                    order.push(w as u32);
                }
                if distance[w] == step {
                    paths[w] += through;
                }
            }
        }
        for &w in order.iter().rev() {
            let w = w as usize;
            let end = if w < ties.people { 1.0 } else { 0.0 };
            let share = (end + dependency[w]) / paths[w];
            let before = distance[w].wrapping_sub(1);
            for &v in ties.of(w) {
                let v = v as usize;
                if distance[v] == before {
                    dependency[v] += paths[v] * share;
                }
            }
            if w != source {
                centrality[w] += dependency[w];
            }
        }
    }
    centrality
}

/// The connected groups with no route to the child.
fn unreachable(ties: &Ties, start: usize) -> Vec<Vec<PersonId>> {
    let n = ties.len();
    let mut component = vec![usize::MAX; n];
    let mut groups: Vec<Vec<PersonId>> = Vec::new();
    for root in 0..n {
        if component[root] != usize::MAX {
            continue;
        }
        let label = groups.len();
        let mut members = Vec::new();
        let mut queue = VecDeque::from([root]);
        component[root] = label;
        while let Some(v) = queue.pop_front() {
            if ties.is_person(v) {
                members.push(ties.ids[v]);
            }
            for tie in &ties.adjacent[v] {
                if component[tie.other] == usize::MAX {
                    component[tie.other] = label;
                    queue.push_back(tie.other);
                }
            }
        }
        members.sort();
        groups.push(members);
    }
    let child_group = component[start];
    let mut apart: Vec<Vec<PersonId>> = groups
        .into_iter()
        .enumerate()
        .filter(|(label, members)| *label != child_group && !members.is_empty())
        .map(|(_, members)| members)
        .collect();
    apart.sort();
    apart
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use proptest::prelude::*;

    use super::*;
    use crate::ties::Tie;

    /// Brandes as the textbook has it, with predecessor lists: what [`super::betweenness`]
    /// must agree with.
    fn betweenness_by_predecessor_lists(ties: &Ties) -> Vec<(PersonId, f64)> {
        let n = ties.len();
        let mut centrality = vec![0.0f64; n];
        let mut sigma = vec![0.0f64; n];
        let mut distance = vec![-1i64; n];
        let mut delta = vec![0.0f64; n];
        let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut order: Vec<usize> = Vec::with_capacity(n);
        let mut queue = VecDeque::with_capacity(n);
        for source in 0..ties.people {
            for v in 0..n {
                sigma[v] = 0.0;
                distance[v] = -1;
                delta[v] = 0.0;
                predecessors[v].clear();
            }
            order.clear();
            sigma[source] = 1.0;
            distance[source] = 0;
            queue.push_back(source);
            while let Some(v) = queue.pop_front() {
                order.push(v);
                for tie in &ties.adjacent[v] {
                    let w = tie.other;
                    if distance[w] < 0 {
                        distance[w] = distance[v] + 1;
                        queue.push_back(w);
                    }
                    if distance[w] == distance[v] + 1 {
                        sigma[w] += sigma[v];
                        predecessors[w].push(v);
                    }
                }
            }
            while let Some(w) = order.pop() {
                let end = if ties.is_person(w) { 1.0 } else { 0.0 };
                for &v in &predecessors[w] {
                    delta[v] += sigma[v] / sigma[w] * (end + delta[w]);
                }
                if w != source {
                    centrality[w] += delta[w];
                }
            }
        }
        let mut scores: Vec<(PersonId, f64)> = centrality
            .into_iter()
            .enumerate()
            .filter(|(node, score)| ties.is_person(*node) && *score > 0.0)
            .map(|(node, score)| (ties.ids[node], score / 2.0))
            .collect();
        scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scores
    }

    /// Random ties among `people` people and `hubs` hubs, each pair at most once.
    fn ties() -> impl Strategy<Value = Ties> {
        (1usize..40, 0usize..4).prop_flat_map(|(people, hubs)| {
            let n = people + hubs;
            proptest::collection::btree_set((0..n, 0..n), 0..n * 3).prop_map(move |pairs| {
                let mut adjacent = vec![Vec::new(); n];
                for (a, b) in pairs {
                    if a != b && !adjacent[a].iter().any(|tie: &Tie| tie.other == b) {
                        adjacent[a].push(Tie {
                            other: b,
                            weight: 1,
                        });
                        adjacent[b].push(Tie {
                            other: a,
                            weight: 1,
                        });
                    }
                }
                Ties {
                    ids: (0..n as u128).map(PersonId).collect(),
                    people,
                    adjacent,
                }
            })
        })
    }

    proptest! {
        #[test]
        fn betweenness_agrees_with_the_textbook_algorithm(ties in ties()) {
            let fast = betweenness(&ties);
            let textbook = betweenness_by_predecessor_lists(&ties);
            prop_assert_eq!(fast.len(), textbook.len());
            let by_person: BTreeMap<PersonId, f64> = textbook.into_iter().collect();
            for (person, score) in fast {
                let expected = by_person[&person];
                prop_assert!((score - expected).abs() <= 1e-9 * expected.max(1.0),
                    "{:?}: {} against {}", person, score, expected);
            }
        }
    }

    #[test]
    fn betweenness_is_the_same_whether_computed_in_parts_on_threads_or_not() {
        let people = PARALLEL_FROM + 50;
        let mut adjacent = vec![Vec::new(); people];
        for a in 1..people {
            for b in [a / 2, (a * 7) % a.max(1)] {
                if a != b && !adjacent[a].iter().any(|tie: &Tie| tie.other == b) {
                    adjacent[a].push(Tie {
                        other: b,
                        weight: 1,
                    });
                    adjacent[b].push(Tie {
                        other: a,
                        weight: 1,
                    });
                }
            }
        }
        let ties = Ties {
            ids: (0..people as u128).map(PersonId).collect(),
            people,
            adjacent,
        };
        let flat = FlatTies::new(&ties);
        let mut in_order = vec![0.0f64; people];
        for part in 0..SOURCE_PARTS {
            let range = people * part / SOURCE_PARTS..people * (part + 1) / SOURCE_PARTS;
            for (total, sum) in in_order.iter_mut().zip(from_sources(&flat, range)) {
                *total += sum;
            }
        }
        let expected: BTreeMap<PersonId, f64> = in_order
            .into_iter()
            .enumerate()
            .filter(|(_, score)| *score > 0.0)
            .map(|(node, score)| (PersonId(node as u128), score / 2.0))
            .collect();
        let threaded: BTreeMap<PersonId, f64> = betweenness(&ties).into_iter().collect();
        assert_eq!(threaded, expected);
    }
}
