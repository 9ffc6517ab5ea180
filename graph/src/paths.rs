//! Introduction paths: the shortest chain of people who are in touch with the child,
//! unrestricted and alive, along ties that are not hostile or cut off, from the child to
//! someone they have lost. Close ties are preferred.

use std::{
    cmp::Reverse,
    collections::{BTreeMap, BinaryHeap},
};

use crate::{
    network::{Network, PersonId, Quality, Restriction, Status},
    ties::Ties,
};

/// A chain of people from the child to someone, each of whom could introduce the next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntroductionPath {
    /// From the child to the person, both included.
    pub people: Vec<PersonId>,
    /// The sum of the ties' weights: 1 close, 2 ordinary, 3 distant, 4 in conflict.
    pub cost: u32,
}

/// The weight of a tie; hostile and cut-off ties are never used.
pub fn tie_weight(quality: Quality) -> Option<u32> {
    match quality {
        Quality::Close => Some(1),
        Quality::Ordinary => Some(2),
        Quality::Distant => Some(3),
        Quality::Conflict => Some(4),
        Quality::CutOff | Quality::Hostile => None,
    }
}

/// Whether a person may stand in the middle of an introduction: in touch with the child
/// (active or re-established), under no restriction of any kind, and alive. A person whose
/// location must not be disclosed is not asked to broker contact either: the record does
/// not say whom their location is protected from, and an introduction through them could
/// bring that very person to their door.
pub fn can_introduce(network: &Network, id: PersonId) -> bool {
    let Some(person) = network.person(id) else {
        return false;
    };
    let Some(member) = &person.member else {
        return false;
    };
    !person.deceased
        && member.consent.contact
        && member.restriction == Restriction::None
        && matches!(member.status, Status::Active | Status::Reestablished)
}

/// Nobody is offered a route to a person the child must have no contact with, or who has
/// withdrawn their consent to contact.
fn must_not_be_contacted(network: &Network, id: PersonId) -> bool {
    network
        .person(id)
        .and_then(|person| person.member.as_ref())
        .is_some_and(|member| {
            member.restriction == Restriction::NoContact || !member.consent.contact
        })
}

/// The best introduction path from the child to everyone reachable, by person, except
/// people under a no-contact restriction.
///
/// # Complexity
/// O((N + T) log N) for N people and T ties (Dijkstra).
pub fn introduction_paths(network: &Network) -> BTreeMap<PersonId, IntroductionPath> {
    let ties = Ties::new(network);
    let Some(start) = network.node(network.child()).map(|node| node.index()) else {
        return BTreeMap::new();
    };
    let n = ties.len();
    let mut best: Vec<Option<(u32, u32)>> = vec![None; n];
    let mut previous: Vec<Option<usize>> = vec![None; n];
    let mut heap = BinaryHeap::new();
    best[start] = Some((0, 0));
    // Ties between equal paths go by person id, so the answer does not depend on the
    // order people were given in.
    let key = |node: usize| match ties.is_person(node) {
        true => (false, ties.ids[node].0),
        false => (true, node as u128),
    };
    heap.push(Reverse((0u32, 0u32, key(start), start)));
    while let Some(Reverse((cost, hops, _, node))) = heap.pop() {
        if best[node] != Some((cost, hops)) {
            continue;
        }
        // A hub (children of one parent) is not a person and passes anyone on.
        if node != start && ties.is_person(node) && !can_introduce(network, ties.ids[node]) {
            continue;
        }
        for tie in &ties.adjacent[node] {
            let candidate = (cost + tie.weight, hops + 1);
            let better = match best[tie.other] {
                None => true,
                Some(current) => candidate < current,
            };
            if better {
                best[tie.other] = Some(candidate);
                previous[tie.other] = Some(node);
                heap.push(Reverse((
                    candidate.0,
                    candidate.1,
                    key(tie.other),
                    tie.other,
                )));
            }
        }
    }
    let mut paths = BTreeMap::new();
    for (node, reached) in best.iter().enumerate() {
        let (Some((cost, _)), true) = (*reached, node != start && ties.is_person(node)) else {
            continue;
        };
        if must_not_be_contacted(network, ties.ids[node]) {
            continue;
        }
        let mut people = vec![ties.ids[node]];
        let mut at = node;
        while let Some(before) = previous[at] {
            if ties.is_person(before) {
                people.push(ties.ids[before]);
            }
            at = before;
        }
        people.reverse();
        paths.insert(ties.ids[node], IntroductionPath { people, cost });
    }
    paths
}

/// The best introduction path from the child to `to`, if there is one.
///
/// # Example
/// ```
/// use graph::{Edge, EdgeKind, Network, ParentKind, Person, PersonId, Sex, Status, introduction_path};
///
/// let (kid, nan, aunt) = (PersonId(1), PersonId(2), PersonId(3));
/// let network = Network::new(
///     kid,
///     [
///         Person::new(kid, Sex::Female),
///         Person::member(nan, Sex::Female, Status::Active),
///         Person::member(aunt, Sex::Female, Status::Lost),
///     ],
///     [
///         Edge::new(nan, kid, EdgeKind::Social(graph::SocialKind::Other)),
///         Edge::new(nan, aunt, EdgeKind::Parent(ParentKind::Birth)),
///     ],
/// )?;
/// let path = introduction_path(&network, aunt).map(|p| p.people);
/// assert_eq!(path, Some(vec![kid, nan, aunt]));
/// # Ok::<(), graph::NetworkError>(())
/// ```
pub fn introduction_path(network: &Network, to: PersonId) -> Option<IntroductionPath> {
    if to == network.child() {
        return None;
    }
    introduction_paths(network).remove(&to)
}
