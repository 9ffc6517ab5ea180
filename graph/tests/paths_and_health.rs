//! Introduction paths and network health, on families in the text form of `support`,
//! plus properties checked against slow, obvious implementations.

mod support;

use std::collections::BTreeSet;

use graph::{
    Edge, EdgeKind, Member, Network, ParentKind, Person, PersonId, Quality, Restriction, Sex,
    SocialKind, Status, can_introduce, health, introduction_path, tie_weight,
};
use proptest::prelude::*;
use support::family;

/// Marks people as members with a status (and optionally a restriction).
fn with_members(text: &str, members: &[(&str, Status, Restriction)]) -> (support::Family, Network) {
    let family = family(text);
    let child = family.network.child();
    let people: Vec<Person> = family
        .network
        .people()
        .map(|person| {
            let mut person = person.clone();
            if let Some((_, status, restriction)) = members
                .iter()
                .find(|(name, _, _)| family.id(name) == person.id)
            {
                let mut member = Member::new(*status);
                member.restriction = *restriction;
                person.member = Some(member);
            }
            person
        })
        .collect();
    let edges: Vec<Edge> = family.network.edges().cloned().collect();
    let network = Network::new(child, people, edges).unwrap_or_else(|e| panic!("{e}"));
    (family, network)
}

const LOST_AUNT: &str = "
    child kid:F
    mum:F > kid
    nan:F > mum
    nan > aunt:F
    kid friend pal
";

#[test]
fn the_lost_aunt_is_reached_through_the_grandmother() {
    let (family, network) = with_members(
        LOST_AUNT,
        &[
            ("mum", Status::Lost, Restriction::None),
            ("nan", Status::Active, Restriction::None),
            ("aunt", Status::Lost, Restriction::None),
        ],
    );
    // The mother is lost, so the sibling tie through her does not count; the grandmother
    // is tied to the aunt (her daughter) and to the child only through the mother... so
    // give the child a direct tie to the grandmother, as a coordinator would record.
    let mut edges: Vec<Edge> = network.edges().cloned().collect();
    let mut close = Edge::new(
        family.id("nan"),
        family.id("kid"),
        EdgeKind::Social(SocialKind::Other),
    );
    close.quality = Quality::Close;
    edges.push(close);
    let network = Network::new(network.child(), network.people().cloned(), edges)
        .unwrap_or_else(|e| panic!("{e}"));
    let path = introduction_path(&network, family.id("aunt")).map(|p| p.people);
    assert_eq!(
        path,
        Some(vec![family.id("kid"), family.id("nan"), family.id("aunt")])
    );
}

#[test]
fn no_path_runs_through_a_restricted_lost_or_dead_person_or_a_hostile_tie() {
    for (status, restriction) in [
        (Status::Lost, Restriction::None),
        (Status::Declined, Restriction::None),
        (Status::Active, Restriction::NoContact),
        (Status::Active, Restriction::SupervisedOnly),
    ] {
        let (family, network) = with_members(
            "child kid\n mum:F > kid\n mum friend aunt:F",
            &[
                ("mum", status, restriction),
                ("aunt", Status::Lost, Restriction::None),
            ],
        );
        assert_eq!(
            introduction_path(&network, family.id("aunt")),
            None,
            "{status:?} {restriction:?}"
        );
    }
    // The same mother, in touch and unrestricted, could make the introduction.
    let (family, network) = with_members(
        "child kid\n mum:F > kid\n mum friend aunt:F",
        &[
            ("mum", Status::Active, Restriction::None),
            ("aunt", Status::Lost, Restriction::None),
        ],
    );
    assert!(introduction_path(&network, family.id("aunt")).is_some());
    let (family, network) = with_members(
        "child kid\n kid friend a\n a friend b",
        &[
            ("a", Status::Active, Restriction::None),
            ("b", Status::Lost, Restriction::None),
        ],
    );
    let mut edges: Vec<Edge> = network.edges().cloned().collect();
    edges[1].quality = Quality::Hostile;
    let hostile = Network::new(network.child(), network.people().cloned(), edges)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(introduction_path(&network, family.id("b")).is_some());
    assert_eq!(introduction_path(&hostile, family.id("b")), None);
}

#[test]
fn close_ties_are_preferred_to_fewer_ordinary_ones() {
    // kid -ordinary- x -ordinary- target costs 4; kid -close- a -close- b -close- target 3.
    let (family, network) = with_members(
        "child kid\n kid friend x\n x friend t\n kid friend a\n a friend b\n b friend t",
        &[
            ("x", Status::Active, Restriction::None),
            ("a", Status::Active, Restriction::None),
            ("b", Status::Active, Restriction::None),
            ("t", Status::Lost, Restriction::None),
        ],
    );
    let mut edges: Vec<Edge> = network.edges().cloned().collect();
    for edge in edges.iter_mut().skip(2) {
        edge.quality = Quality::Close;
    }
    // b is in touch with the child, but only distantly: without this, the contact itself
    // would be an ordinary tie and kid-b-t would cost 3 as well.
    let mut distant = Edge::new(
        family.id("b"),
        family.id("kid"),
        EdgeKind::Social(SocialKind::Other),
    );
    distant.quality = Quality::Distant;
    edges.push(distant);
    let network = Network::new(network.child(), network.people().cloned(), edges)
        .unwrap_or_else(|e| panic!("{e}"));
    let path = introduction_path(&network, family.id("t"));
    assert_eq!(path.as_ref().map(|p| p.cost), Some(3));
    assert_eq!(
        path.map(|p| p.people),
        Some(vec![
            family.id("kid"),
            family.id("a"),
            family.id("b"),
            family.id("t")
        ])
    );
}

#[test]
fn the_grandmother_holding_a_branch_together_is_named_a_cut_point() {
    let (family, network) = with_members(
        "child kid\n kid friend nan\n nan > aunt:F\n aunt > cousin:M\n kid friend pal",
        &[
            ("nan", Status::Active, Restriction::None),
            ("aunt", Status::Lost, Restriction::None),
            ("cousin", Status::NotYetContacted, Restriction::None),
            ("pal", Status::Active, Restriction::None),
        ],
    );
    let report = health(&network);
    let mut cut_off_by_nan = vec![family.id("aunt"), family.id("cousin")];
    cut_off_by_nan.sort();
    assert_eq!(report.cut_points[0].person, family.id("nan"));
    assert_eq!(report.cut_points[0].cut_off, cut_off_by_nan);
    assert_eq!(report.members, 4);
    assert_eq!(report.by_status.get(&Status::Active), Some(&2));
    assert_eq!(
        report.betweenness.first().map(|(id, _)| *id),
        Some(family.id("nan"))
    );
}

#[test]
fn people_with_no_route_to_the_child_are_listed_apart() {
    let family = family("child kid\n kid friend a\n x > y");
    let report = health(&family.network);
    let mut apart = vec![family.id("x"), family.id("y")];
    apart.sort();
    assert_eq!(report.unreachable, vec![apart]);
}

#[test]
fn growth_counts_members_by_the_month_they_were_added() {
    let ids = [PersonId(1), PersonId(2), PersonId(3), PersonId(4)];
    let mut people = vec![Person::new(ids[0], Sex::Female)];
    for (id, day) in ids[1..].iter().zip([20_000, 20_010, 20_100]) {
        let mut person = Person::member(*id, Sex::Unknown, Status::Active);
        if let Some(member) = person.member.as_mut() {
            member.added = Some(graph::Day(day));
        }
        people.push(person);
    }
    let network = Network::new(ids[0], people, []).unwrap_or_else(|e| panic!("{e}"));
    let growth: Vec<(i32, u32, usize, usize)> = health(&network)
        .growth
        .iter()
        .map(|g| (g.year, g.month, g.added, g.total))
        .collect();
    // 2024-10-04, 2024-10-14, 2025-01-12
    assert_eq!(growth, vec![(2024, 10, 2, 2), (2025, 1, 1, 3)]);
}

/// A random small network where every person but the child is a member with a random
/// status and restriction, tied by random edges of random quality.
fn networks() -> impl Strategy<Value = Network> {
    (2usize..8).prop_flat_map(|n| {
        let members = proptest::collection::vec((0u8..4, 0u8..3, any::<bool>()), n);
        let edges = proptest::collection::vec((0..n, 0..n, 0u8..4, 0u8..6), 0..(2 * n + 2));
        (members, edges).prop_map(move |(members, edges)| {
            let people: Vec<Person> = members
                .iter()
                .enumerate()
                .map(|(i, (status, restriction, dead))| {
                    let id = PersonId(i as u128);
                    if i == 0 {
                        return Person::new(id, Sex::Unknown);
                    }
                    let status = [
                        Status::Active,
                        Status::Lost,
                        Status::Reestablished,
                        Status::Declined,
                    ][*status as usize];
                    let mut person = Person::member(id, Sex::Unknown, status);
                    person.deceased = *dead;
                    if let Some(member) = person.member.as_mut() {
                        member.restriction = [
                            Restriction::None,
                            Restriction::NoContact,
                            Restriction::SupervisedOnly,
                        ][*restriction as usize];
                    }
                    person
                })
                .collect();
            let edges: Vec<Edge> = edges
                .into_iter()
                .filter(|(a, b, _, _)| a != b)
                .map(|(a, b, kind, quality)| {
                    let kind = match kind {
                        0 => EdgeKind::Parent(ParentKind::Birth),
                        1 => EdgeKind::Partner,
                        2 => EdgeKind::Sibling,
                        _ => EdgeKind::Social(SocialKind::Friend),
                    };
                    let mut edge = Edge::new(PersonId(a as u128), PersonId(b as u128), kind);
                    edge.quality = [
                        Quality::Close,
                        Quality::Ordinary,
                        Quality::Distant,
                        Quality::Conflict,
                        Quality::CutOff,
                        Quality::Hostile,
                    ][quality as usize];
                    edge
                })
                .collect();
            Network::new(PersonId(0), people, edges).unwrap_or_else(|e| panic!("{e}"))
        })
    })
}

/// Direct ties with their best usable weight, the slow way (siblings through a shared
/// parent included).
fn weights(network: &Network) -> Vec<(PersonId, PersonId, u32)> {
    let mut ties = Vec::new();
    let edges: Vec<&Edge> = network.edges().collect();
    for edge in &edges {
        if let Some(weight) = tie_weight(edge.quality) {
            ties.push((edge.from, edge.to, weight));
            ties.push((edge.to, edge.from, weight));
        }
    }
    // A recorded hostile or cut-off tie between two people outweighs every other tie.
    let blocked = |x: PersonId, y: PersonId| {
        edges.iter().any(|e| {
            ((e.from == x && e.to == y) || (e.from == y && e.to == x))
                && tie_weight(e.quality).is_none()
        })
    };
    for a in &edges {
        for b in &edges {
            let parent = |e: &Edge| {
                matches!(
                    e.kind,
                    EdgeKind::Parent(ParentKind::Birth | ParentKind::Adoptive)
                )
            };
            if parent(a) && parent(b) && a.from == b.from && a.to != b.to {
                ties.push((a.to, b.to, 2));
            }
        }
    }
    ties.retain(|(x, y, _)| !blocked(*x, *y));
    // A member in touch with the child, with nothing recorded between them, is tied to
    // the child as an ordinary tie.
    let child = network.child();
    for person in network.people() {
        let in_touch = person
            .member
            .as_ref()
            .is_some_and(|m| matches!(m.status, Status::Active | Status::Reestablished));
        let recorded = edges.iter().any(|e| {
            (e.from == child && e.to == person.id) || (e.from == person.id && e.to == child)
        });
        if in_touch && person.id != child && !recorded {
            ties.push((child, person.id, 2));
            ties.push((person.id, child, 2));
        }
    }
    ties
}

/// The cheapest allowed path by trying every simple path.
fn brute_force(network: &Network, to: PersonId) -> Option<u32> {
    fn walk(
        network: &Network,
        ties: &[(PersonId, PersonId, u32)],
        at: PersonId,
        to: PersonId,
        seen: &mut BTreeSet<PersonId>,
        cost: u32,
        best: &mut Option<u32>,
    ) {
        if at == to {
            *best = Some(best.map_or(cost, |b| b.min(cost)));
            return;
        }
        if at != network.child() && !can_introduce(network, at) {
            return;
        }
        for (a, b, w) in ties {
            if *a == at && !seen.contains(b) {
                seen.insert(*b);
                walk(network, ties, *b, to, seen, cost + w, best);
                seen.remove(b);
            }
        }
    }
    let ties = weights(network);
    let mut best = None;
    let mut seen = BTreeSet::from([network.child()]);
    walk(network, &ties, network.child(), to, &mut seen, 0, &mut best);
    best
}

/// Who the child can reach with `removed` gone, the slow way.
fn reachable_without(network: &Network, removed: Option<PersonId>) -> BTreeSet<PersonId> {
    let mut ties = Vec::new();
    for (a, b, _) in weights(network) {
        ties.push((a, b));
    }
    let mut seen = BTreeSet::from([network.child()]);
    let mut frontier = vec![network.child()];
    while let Some(at) = frontier.pop() {
        for (a, b) in &ties {
            if *a == at && Some(*b) != removed && seen.insert(*b) {
                frontier.push(*b);
            }
        }
    }
    seen
}

proptest! {
    #[test]
    fn introduction_paths_use_only_allowed_people_and_are_as_short_as_any(network in networks()) {
        for person in network.people() {
            if person.id == network.child() {
                continue;
            }
            let found = introduction_path(&network, person.id);
            let no_contact = person
                .member
                .as_ref()
                .is_some_and(|m| m.restriction == Restriction::NoContact);
            let expected = if no_contact { None } else { brute_force(&network, person.id) };
            prop_assert_eq!(found.as_ref().map(|p| p.cost), expected);
            if let Some(path) = found {
                prop_assert_eq!(path.people.first(), Some(&network.child()));
                prop_assert_eq!(path.people.last(), Some(&person.id));
                for middle in &path.people[1..path.people.len() - 1] {
                    prop_assert!(can_introduce(&network, *middle));
                }
            }
        }
    }

    #[test]
    fn cut_points_match_removing_each_person_in_turn(network in networks()) {
        let report = health(&network);
        let before = reachable_without(&network, None);
        for person in network.people() {
            if person.id == network.child() {
                continue;
            }
            let after = reachable_without(&network, Some(person.id));
            let lost: Vec<PersonId> = before
                .iter()
                .filter(|id| **id != person.id && !after.contains(id))
                .copied()
                .collect();
            let reported = report
                .cut_points
                .iter()
                .find(|cut| cut.person == person.id)
                .map(|cut| cut.cut_off.clone())
                .unwrap_or_default();
            prop_assert_eq!(reported, lost, "removing {:?}", person.id);
        }
    }
}

#[test]
fn a_member_in_touch_with_the_child_is_connected_to_the_child_without_a_recorded_tie() {
    // Nanna is in touch with the child; nothing else ties them. Her son is reached
    // through her.
    let (family, network) = with_members(
        "child kid\n nanna:F > son:M",
        &[
            ("nanna", Status::Active, Restriction::None),
            ("son", Status::Lost, Restriction::None),
        ],
    );
    let report = health(&network);
    assert!(report.unreachable.is_empty(), "{:?}", report.unreachable);
    let cut = report
        .cut_points
        .iter()
        .find(|c| c.person == family.id("nanna"));
    assert_eq!(cut.map(|c| c.cut_off.clone()), Some(vec![family.id("son")]));
    assert_eq!(
        introduction_path(&network, family.id("son")).map(|p| p.people),
        Some(vec![family.id("kid"), family.id("nanna"), family.id("son")])
    );
    // Lost to the child, she is not.
    let (_, lost) = with_members(
        "child kid\n nanna:F > son:M",
        &[("nanna", Status::Lost, Restriction::None)],
    );
    assert_eq!(health(&lost).unreachable.len(), 1);
}

#[test]
fn a_person_whose_location_is_protected_brokers_no_introduction() {
    let (family, network) = with_members(
        "child kid\n mum:F > kid\n mum friend aunt:F",
        &[
            ("mum", Status::Active, Restriction::DoNotDiscloseLocation),
            ("aunt", Status::Lost, Restriction::None),
        ],
    );
    assert!(!can_introduce(&network, family.id("mum")));
    assert_eq!(introduction_path(&network, family.id("aunt")), None);
    // She may still be introduced to, by someone else.
    assert!(introduction_path(&network, family.id("mum")).is_some());
}

#[test]
fn neither_the_child_nor_the_dead_are_said_to_hold_the_network_together() {
    let (family, mut network) = with_members(
        "child kid\n grandad:M > mum:F\n mum > kid\n grandad > uncle:M\n uncle > cousin:F\n kid friend pal:F",
        &[
            ("mum", Status::Active, Restriction::None),
            ("grandad", Status::Deceased, Restriction::None),
            ("uncle", Status::Lost, Restriction::None),
            ("cousin", Status::Lost, Restriction::None),
            ("pal", Status::Active, Restriction::None),
        ],
    );
    let people: Vec<Person> = network
        .people()
        .map(|person| {
            let mut person = person.clone();
            person.deceased = person.id == family.id("grandad");
            person
        })
        .collect();
    network = Network::new(network.child(), people, network.edges().cloned())
        .unwrap_or_else(|e| panic!("{e}"));
    let ranked: Vec<PersonId> = health(&network)
        .betweenness
        .iter()
        .map(|(p, _)| *p)
        .collect();
    assert!(!ranked.contains(&family.id("kid")), "{ranked:?}");
    assert!(!ranked.contains(&family.id("grandad")), "{ranked:?}");
    assert!(ranked.contains(&family.id("mum")), "{ranked:?}");
}

#[test]
fn nobody_is_reached_or_reached_through_once_their_consent_to_contact_is_withdrawn() {
    let (family, network) = with_members(
        LOST_AUNT,
        &[
            ("mum", Status::Lost, Restriction::None),
            ("nan", Status::Active, Restriction::None),
            ("aunt", Status::Lost, Restriction::None),
        ],
    );
    let through_nan = introduction_path(&network, family.id("aunt")).map(|p| p.people);
    assert_eq!(
        through_nan,
        Some(vec![family.id("kid"), family.id("nan"), family.id("aunt")])
    );
    let withdrawn = |name: &str| {
        let people = network.people().cloned().map(|mut person| {
            if person.id == family.id(name)
                && let Some(member) = person.member.as_mut()
            {
                member.consent.contact = false;
            }
            person
        });
        Network::new(network.child(), people, network.edges().cloned())
            .unwrap_or_else(|e| panic!("{e}"))
    };
    // Nan no longer agrees to be contacted: she introduces nobody, and nobody is led to her.
    let without_nan = withdrawn("nan");
    assert!(!can_introduce(&without_nan, family.id("nan")));
    assert_eq!(introduction_path(&without_nan, family.id("aunt")), None);
    assert_eq!(introduction_path(&without_nan, family.id("nan")), None);
    // The aunt withdrew: no route to her is offered, though the family around her stands.
    let without_aunt = withdrawn("aunt");
    assert_eq!(introduction_path(&without_aunt, family.id("aunt")), None);
    assert!(introduction_path(&without_aunt, family.id("nan")).is_some());
}
