//! Support candidates for a Family Group Conference, on small families in the text form of
//! `support`, and properties that hold for any network.

mod support;

use graph::{
    ChildView, Circle, Day, Edge, EdgeKind, Exclusion, FactorKind, FamilySide, Member, Network,
    ParentKind, Participation, Person, PersonId, Restriction, Role, Sex, Status, SupportOptions,
    kinship, support_candidates,
};
use proptest::prelude::*;
use std::collections::BTreeSet;
use support::{Family, family};

const TODAY: Day = Day(20_000);

fn options(size: usize) -> SupportOptions {
    SupportOptions {
        size,
        shared_with_birth_family: false,
        today: TODAY,
    }
}

/// A member of the network by name, and what makes their place differ from a fresh active
/// member's.
type Placed<'a> = (&'a str, &'a dyn Fn(&mut Member));

/// The family with `members` made members.
fn with_members(family: &Family, members: &[Placed<'_>]) -> Network {
    let people: Vec<Person> = family
        .network
        .people()
        .map(|person| {
            let mut person = person.clone();
            if let Some((_, change)) = members.iter().find(|m| family.id(m.0) == person.id) {
                let mut member = Member::new(Status::Active);
                change(&mut member);
                person.member = Some(member);
            }
            person
        })
        .collect();
    Network::new(
        family.network.child(),
        people,
        family.network.edges().cloned(),
    )
    .unwrap_or_else(|error| panic!("{error}"))
}

fn a_family() -> Family {
    family(
        "child kid:F
         mum:F > kid
         dad:M > kid
         nan:F > mum
         gran:F > dad
         nan > kelly:F
         dad > half:M
         kid friend pal:F",
    )
}

#[test]
fn the_closest_most_present_relative_ranks_first_and_the_reasons_say_why() {
    let family = a_family();
    let network = with_members(
        &family,
        &[
            ("mum", &|m| {
                m.side = FamilySide::Maternal;
                m.circle = Circle::Middle;
            }),
            ("nan", &|m| {
                m.side = FamilySide::Maternal;
                m.circle = Circle::Inner;
                m.roles = vec![Role::Respite];
                m.last_contact = Some(Day(TODAY.0 - 10));
                m.child_view = ChildView::WantsContact;
            }),
            ("kelly", &|m| {
                m.status = Status::Lost;
                m.side = FamilySide::Maternal;
            }),
            ("pal", &|m| m.circle = Circle::Inner),
        ],
    );
    let answer = support_candidates(&network, &kinship(&network), options(12));
    let first = &answer.candidates[0];
    assert_eq!(family.name(first.person), "nan");
    assert_eq!(first.rank, 1);
    assert_eq!(
        first.reasons,
        "maternal grandmother, in touch this month, offers respite, the child wants contact"
    );
    let names: Vec<String> = answer
        .candidates
        .iter()
        .map(|c| family.name(c.person))
        .collect();
    assert_eq!(names, ["nan", "mum", "pal", "kelly"]);
    // The factors add up to the score, and each is its weight times a value in [0, 1].
    for candidate in &answer.candidates {
        let sum: f64 = candidate.factors.iter().map(|f| f.weight * f.value).sum();
        assert!((sum - candidate.score).abs() < 1e-9);
        assert!(
            candidate
                .factors
                .iter()
                .all(|f| (0.0..=1.0).contains(&f.value))
        );
        assert_eq!(candidate.factors.len(), 7);
    }
    let kin = |c: &graph::Candidate| {
        c.factors
            .iter()
            .find(|f| f.kind == FactorKind::Kinship)
            .map(|f| f.value)
    };
    assert!(
        kin(&answer.candidates[1]) > kin(&answer.candidates[0]),
        "a mother is closer"
    );
}

#[test]
fn the_excluded_are_left_out_with_the_ways_they_may_still_take_part() {
    let family = a_family();
    let network = with_members(
        &family,
        &[
            ("mum", &|m| m.restriction = Restriction::NoContact),
            ("dad", &|m| m.child_view = ChildView::DoesNotWant),
            ("nan", &|m| m.status = Status::Deceased),
            ("kelly", &|m| m.status = Status::Declined),
            ("gran", &|m| {
                m.restriction = Restriction::DoNotDiscloseLocation
            }),
            ("pal", &|_| {}),
        ],
    );
    let private = support_candidates(&network, &kinship(&network), options(12));
    let reasons: Vec<(String, Exclusion, Vec<Participation>)> = private
        .excluded
        .iter()
        .map(|e| (family.name(e.person), e.reason, e.may_still.clone()))
        .collect();
    use Participation::{SeparateSession, WrittenViews};
    assert_eq!(
        reasons,
        [
            (
                "mum".to_owned(),
                Exclusion::NoContact,
                vec![SeparateSession, WrittenViews]
            ),
            (
                "dad".to_owned(),
                Exclusion::ChildDoesNotWant,
                vec![SeparateSession, WrittenViews]
            ),
            ("nan".to_owned(), Exclusion::Deceased, vec![]),
            ("kelly".to_owned(), Exclusion::Declined, vec![WrittenViews]),
        ]
    );
    // A protected location keeps its holder out only of a conference the birth family
    // attends.
    assert!(
        private
            .candidates
            .iter()
            .any(|c| family.name(c.person) == "gran")
    );
    let shared = support_candidates(
        &network,
        &kinship(&network),
        SupportOptions {
            shared_with_birth_family: true,
            ..options(12)
        },
    );
    let gran = shared
        .excluded
        .iter()
        .find(|e| family.name(e.person) == "gran")
        .map(|e| e.reason);
    assert_eq!(gran, Some(Exclusion::LocationProtected));
    assert!(
        shared
            .suggested
            .iter()
            .all(|s| family.name(s.person) == "pal")
    );
}

#[test]
fn the_suggestion_covers_both_sides_and_a_second_household() {
    let family = a_family();
    // Everyone maternal scores higher, and lives at one address.
    let maternal = |m: &mut Member| {
        m.side = FamilySide::Maternal;
        m.circle = Circle::Inner;
        m.household = Some(1);
    };
    let network = with_members(
        &family,
        &[
            ("mum", &maternal),
            ("nan", &maternal),
            ("kelly", &maternal),
            ("gran", &|m| {
                m.side = FamilySide::Paternal;
                m.circle = Circle::Outer;
                m.household = Some(2);
            }),
        ],
    );
    let answer = support_candidates(&network, &kinship(&network), options(2));
    let suggested: Vec<(String, String)> = answer
        .suggested
        .iter()
        .map(|s| (family.name(s.person), s.why.clone()))
        .collect();
    assert_eq!(
        suggested,
        [
            (
                "mum".to_owned(),
                "the best placed on the maternal side of the family".to_owned()
            ),
            (
                "gran".to_owned(),
                "the best placed on the paternal side of the family".to_owned()
            ),
        ]
    );

    // One side only, all in one household but one friend: the friend joins the list.
    let network = with_members(
        &family,
        &[
            ("mum", &maternal),
            ("nan", &maternal),
            ("kelly", &maternal),
            ("pal", &|m| m.household = Some(7)),
        ],
    );
    let answer = support_candidates(&network, &kinship(&network), options(3));
    let names: Vec<String> = answer
        .suggested
        .iter()
        .map(|s| family.name(s.person))
        .collect();
    assert_eq!(names, ["mum", "pal", "nan"]);
    assert_eq!(
        answer.suggested[1].why,
        "the best placed outside the household of those above"
    );
}

/// A random network of up to 16 members around a child, with random places in it.
fn networks() -> impl Strategy<Value = Network> {
    (2usize..16).prop_flat_map(|n| {
        let members = proptest::collection::vec(
            (
                0u8..6,
                0u8..4,
                0u8..4,
                0u8..3,
                0u8..4,
                0u8..4,
                any::<bool>(),
            ),
            n,
        );
        let edges = proptest::collection::vec((0..=n, 0..=n, 0u8..4), 0..(2 * n));
        (members, edges).prop_map(move |(members, raw)| {
            let child = PersonId(1000);
            let mut people = vec![Person::new(child, Sex::Female)];
            for (i, (status, restriction, side, circle, view, household, dead)) in
                members.into_iter().enumerate()
            {
                let status = [
                    Status::Active,
                    Status::Lost,
                    Status::NotYetContacted,
                    Status::Reestablished,
                    Status::Declined,
                    Status::Deceased,
                ][status as usize];
                let mut member = Member::new(status);
                member.restriction = [
                    Restriction::None,
                    Restriction::SupervisedOnly,
                    Restriction::NoContact,
                    Restriction::DoNotDiscloseLocation,
                ][restriction as usize];
                member.side = [
                    FamilySide::Maternal,
                    FamilySide::Paternal,
                    FamilySide::Both,
                    FamilySide::None,
                ][side as usize];
                member.circle = [Circle::Inner, Circle::Middle, Circle::Outer][circle as usize];
                member.child_view = [
                    ChildView::WantsContact,
                    ChildView::Unsure,
                    ChildView::DoesNotWant,
                    ChildView::NotAsked,
                ][view as usize];
                member.household = (household > 0).then_some(u64::from(household));
                let mut person = Person::member(PersonId(i as u128), Sex::Unknown, status);
                person.member = Some(member);
                person.deceased = dead && status == Status::Deceased;
                people.push(person);
            }
            let id = |i: usize| if i == n { child } else { PersonId(i as u128) };
            let edges: Vec<Edge> = raw
                .into_iter()
                .filter(|(a, b, _)| a < b)
                .map(|(a, b, kind)| {
                    let kind = match kind {
                        0 => EdgeKind::Parent(ParentKind::Birth),
                        1 => EdgeKind::Partner,
                        2 => EdgeKind::Sibling,
                        _ => EdgeKind::Social(graph::SocialKind::Friend),
                    };
                    Edge::new(id(b), id(a), kind)
                })
                .collect();
            Network::new(child, people, edges).unwrap_or_else(|error| panic!("{error}"))
        })
    })
}

proptest! {
    #[test]
    fn no_excluded_person_is_ever_suggested_and_the_factors_add_up(
        network in networks(),
        size in 1usize..20,
        shared in any::<bool>(),
    ) {
        let options = SupportOptions { size, shared_with_birth_family: shared, today: TODAY };
        let answer = support_candidates(&network, &kinship(&network), options);
        prop_assert!(answer.suggested.len() <= size);
        for suggested in &answer.suggested {
            prop_assert!(!answer.excluded.iter().any(|e| e.person == suggested.person));
            let person = network.person(suggested.person);
            let member = person.and_then(|p| p.member.as_ref());
            prop_assert!(member.is_some_and(|m| m.restriction != Restriction::NoContact
                && m.child_view != ChildView::DoesNotWant
                && m.status != Status::Deceased));
        }
        for candidate in &answer.candidates {
            let sum: f64 = candidate.factors.iter().map(|f| f.points()).sum();
            prop_assert!((sum - candidate.score).abs() < 1e-9);
            prop_assert!((0.0..=100.0).contains(&candidate.score));
        }
        // Everyone in the network but the child is either a candidate or excluded, once.
        let members = network.people().filter(|p| p.member.is_some() && p.id != network.child()).count();
        prop_assert_eq!(answer.candidates.len() + answer.excluded.len(), members);
    }

    #[test]
    fn both_sides_are_represented_when_both_have_candidates(network in networks(), size in 2usize..20) {
        let answer = support_candidates(&network, &kinship(&network), options(size));
        let covers = |side: FamilySide| {
            move |c: &&graph::Candidate| c.side == side || c.side == FamilySide::Both
        };
        let on = |side: FamilySide| answer.candidates.iter().filter(covers(side)).map(|c| c.person).collect::<Vec<_>>();
        let (maternal, paternal) = (on(FamilySide::Maternal), on(FamilySide::Paternal));
        if !maternal.is_empty() && !paternal.is_empty() {
            let chosen: Vec<PersonId> = answer.suggested.iter().map(|s| s.person).collect();
            prop_assert!(chosen.iter().any(|p| maternal.contains(p)));
            prop_assert!(chosen.iter().any(|p| paternal.contains(p)));
        }
    }

    #[test]
    fn the_answer_does_not_depend_on_the_order_the_network_was_loaded_in(
        network in networks(),
        seed in any::<u64>(),
    ) {
        let mut people: Vec<Person> = network.people().cloned().collect();
        let mut edges: Vec<Edge> = network.edges().cloned().collect();
        let mut state = seed | 1;
        let mut next = move |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound.max(1) as u64) as usize
        };
        for i in (1..people.len()).rev() {
            people.swap(i, next(i + 1));
        }
        for i in (1..edges.len()).rev() {
            edges.swap(i, next(i + 1));
        }
        let shuffled = Network::new(network.child(), people, edges).unwrap_or_else(|error| panic!("{error}"));
        let a = support_candidates(&network, &kinship(&network), options(6));
        let b = support_candidates(&shuffled, &kinship(&shuffled), options(6));
        prop_assert_eq!(a, b);
    }
}

#[test]
fn someone_who_has_not_agreed_to_be_invited_or_contacted_is_excluded_as_not_consented() {
    let family = a_family();
    let network = with_members(
        &family,
        &[
            ("mum", &|m| m.consent.invitation = false),
            ("dad", &|m| m.consent.contact = false),
            ("nan", &|_| {}),
            // Consent to searching alone does not bar an invitation: she has been found.
            ("kelly", &|m| m.consent.search = false),
        ],
    );
    let answer = support_candidates(&network, &kinship(&network), options(12));
    let excluded: Vec<(String, Exclusion, Vec<Participation>)> = answer
        .excluded
        .iter()
        .map(|e| (family.name(e.person), e.reason, e.may_still.clone()))
        .collect();
    assert_eq!(
        excluded,
        [
            ("mum".to_owned(), Exclusion::NotConsented, vec![]),
            ("dad".to_owned(), Exclusion::NotConsented, vec![]),
        ]
    );
    let candidates: BTreeSet<String> = answer
        .candidates
        .iter()
        .map(|c| family.name(c.person))
        .collect();
    assert_eq!(
        candidates,
        BTreeSet::from(["nan".to_owned(), "kelly".to_owned()])
    );
}
