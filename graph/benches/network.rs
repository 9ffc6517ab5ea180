//! Graph questions on a 2,000-person network: `cargo bench -p graph`.
//!
//! The network is built the way large real ones grow: a pedigree five generations deep,
//! then each ancestor's other children with partners and children of their own, then
//! friends, with members in every status and a tie quality drawn from a fixed sequence.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use graph::{
    Day, Edge, EdgeKind, Network, ParentKind, PartialDate, Person, PersonId, PersonRecord, Quality,
    Sex, SocialKind, Status, SupportOptions, duplicate_candidates, ecomap, gaps, genogram, health,
    introduction_paths, kinship, leads, support_candidates,
};

fn network(size: usize) -> Network {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let statuses = [
        Status::Active,
        Status::Lost,
        Status::NotYetContacted,
        Status::Reestablished,
        Status::Declined,
    ];
    let mut people = vec![Person::new(PersonId(0), Sex::Female)];
    let mut edges = Vec::new();
    let add = |people: &mut Vec<Person>, n: u64| -> PersonId {
        let id = PersonId(people.len() as u128);
        let sex = if n.is_multiple_of(2) {
            Sex::Female
        } else {
            Sex::Male
        };
        let mut person = Person::member(id, sex, statuses[(n % 5) as usize]);
        if let Some(member) = person.member.as_mut() {
            member.added = Some(graph::Day(19_000 + (n % 700) as i32));
            member.last_contact = Some(graph::Day(19_300 + (n % 700) as i32));
            member.household = Some(n % 400);
        }
        people.push(person);
        id
    };
    let quality = |n: u64| {
        [
            Quality::Close,
            Quality::Ordinary,
            Quality::Ordinary,
            Quality::Distant,
            Quality::Conflict,
        ][(n % 5) as usize]
    };
    let mut lineage = Vec::new();
    let mut frontier = vec![(PersonId(0), 0)];
    while let Some((person, generation)) = frontier.pop() {
        if generation >= 5 {
            continue;
        }
        for _ in 0..2 {
            let n = next();
            let parent = add(&mut people, n);
            let mut edge = Edge::new(parent, person, EdgeKind::Parent(ParentKind::Birth));
            edge.quality = quality(n);
            edges.push(edge);
            lineage.push((parent, generation + 1));
            frontier.push((parent, generation + 1));
        }
    }
    let mut cursor = 0;
    while people.len() < size * 9 / 10 {
        let (ancestor, generation) = lineage[cursor % lineage.len()];
        cursor += 1;
        let n = next();
        let kid = add(&mut people, n);
        let mut edge = Edge::new(ancestor, kid, EdgeKind::Parent(ParentKind::Birth));
        edge.quality = quality(n);
        edges.push(edge);
        if generation > 1 {
            let partner = add(&mut people, next());
            edges.push(Edge::new(kid, partner, EdgeKind::Partner));
            lineage.push((kid, generation - 1));
        }
    }
    while people.len() < size {
        let friend = add(&mut people, next());
        edges.push(Edge::new(
            PersonId(0),
            friend,
            EdgeKind::Social(SocialKind::Friend),
        ));
    }
    Network::new(PersonId(0), people, edges).unwrap_or_else(|error| panic!("{error}"))
}

fn questions(c: &mut Criterion) {
    let network = network(2_000);
    let report = kinship(&network);
    let mut group = c.benchmark_group("2000 people");
    group.bench_function("kinship for everyone", |b| {
        b.iter(|| kinship(black_box(&network)))
    });
    group.bench_function("introduction paths to everyone", |b| {
        b.iter(|| introduction_paths(black_box(&network)))
    });
    group.bench_function("gaps", |b| {
        b.iter(|| gaps(black_box(&network), black_box(&report), 40))
    });
    group.bench_function("leads", |b| {
        b.iter(|| leads(black_box(&network), black_box(&report), Day(20_000), 90))
    });
    let options = SupportOptions {
        size: 12,
        shared_with_birth_family: true,
        today: Day(20_000),
    };
    group.bench_function("support candidates", |b| {
        b.iter(|| support_candidates(black_box(&network), black_box(&report), options))
    });
    group.bench_function("ecomap layout", |b| {
        b.iter(|| ecomap(black_box(&network), black_box(&report), |_| true, 24))
    });
    group.bench_function("genogram layout", |b| {
        b.iter(|| genogram(black_box(&network), |_| true, graph::DEFAULT_MAX_DRAWN))
    });
    group.sample_size(20);
    group.bench_function("health with exact betweenness", |b| {
        b.iter(|| health(black_box(&network)))
    });
    group.finish();
}

/// 40,000 people with names drawn from realistic pools (so blocks are as uneven as real
/// ones), 1 in 50 recorded twice under a changed surname or a nickname.
fn people(count: usize) -> Vec<PersonRecord> {
    const GIVEN: [&str; 40] = [
        "olivia", "amelia", "isla", "ava", "mia", "ivy", "lily", "isabella", "rosie", "sophia",
        "grace", "freya", "emily", "ella", "poppy", "jack", "noah", "oliver", "leo", "george",
        "harry", "oscar", "archie", "henry", "charlie", "freddie", "theo", "thomas", "james",
        "william", "margaret", "carol", "susan", "david", "michael", "paul", "karen", "dean",
        "jodie", "kelly",
    ];
    const FAMILY: [&str; 40] = [
        "smith",
        "jones",
        "taylor",
        "brown",
        "williams",
        "wilson",
        "johnson",
        "davies",
        "robinson",
        "wright",
        "thompson",
        "evans",
        "walker",
        "white",
        "roberts",
        "green",
        "hall",
        "wood",
        "jackson",
        "clarke",
        "hartley",
        "okafor",
        "pritchard",
        "mills",
        "walsh",
        "benson",
        "fisher",
        "adeyemi",
        "kowalski",
        "shah",
        "patel",
        "khan",
        "murphy",
        "kelly",
        "lewis",
        "harris",
        "martin",
        "cooper",
        "ward",
        "turner",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut records = Vec::with_capacity(count);
    while records.len() < count {
        let n = next();
        let given = GIVEN[(n % 40) as usize];
        let family = FAMILY[((n >> 8) % 40) as usize];
        let birth = PartialDate {
            year: 1930 + ((n >> 16) % 90) as i32,
            month: Some(1 + ((n >> 24) % 12) as u32),
            day: Some(1 + ((n >> 28) % 28) as u32),
            approximate: false,
        };
        let id = PersonId(records.len() as u128);
        records.push(PersonRecord {
            id,
            given: given.into(),
            family: family.into(),
            other_names: Vec::new(),
            birth: Some(birth),
            area: None,
            relatives: vec![PersonId(u128::from(n % 5_000) + 1_000_000)],
        });
        if n % 50 == 0 && records.len() < count {
            records.push(PersonRecord {
                id: PersonId(records.len() as u128),
                given: given.into(),
                family: FAMILY[((n >> 40) % 40) as usize].into(),
                other_names: vec![format!("{given} {family}")],
                birth: Some(PartialDate { day: None, ..birth }),
                area: None,
                relatives: Vec::new(),
            });
        }
    }
    records
}

fn duplicates(c: &mut Criterion) {
    let records = people(40_000);
    let mut group = c.benchmark_group("40000 people");
    group.sample_size(10);
    group.bench_function("duplicate scan", |b| {
        b.iter(|| duplicate_candidates(black_box(&records), 0.75))
    });
    group.finish();
}

/// The pictures of a network the demo's size.
fn small(c: &mut Criterion) {
    let network = network(60);
    let report = kinship(&network);
    c.bench_function("60 people/ecomap layout", |b| {
        b.iter(|| ecomap(black_box(&network), black_box(&report), |_| true, 24))
    });
    c.bench_function("60 people/genogram layout", |b| {
        b.iter(|| genogram(black_box(&network), |_| true, graph::DEFAULT_MAX_DRAWN))
    });
}

criterion_group!(benches, questions, duplicates, small);
criterion_main!(benches);
