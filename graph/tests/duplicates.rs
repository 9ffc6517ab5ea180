//! Duplicates: the same person recorded twice, and people who only look alike.

use graph::{
    DEFAULT_THRESHOLD, PartialDate, PersonId, PersonRecord, duplicate_candidates, duplicate_score,
};
use proptest::prelude::*;

fn record(id: u128, given: &str, family: &str, others: &[&str], born: &str) -> PersonRecord {
    PersonRecord {
        id: PersonId(id),
        given: given.into(),
        family: family.into(),
        other_names: others.iter().map(|name| (*name).to_owned()).collect(),
        birth: PartialDate::parse(born),
        area: None,
        relatives: Vec::new(),
    }
}

fn pairs(records: &[PersonRecord]) -> Vec<(u128, u128)> {
    duplicate_candidates(records, DEFAULT_THRESHOLD)
        .into_iter()
        .map(|candidate| (candidate.a.0, candidate.b.0))
        .collect()
}

#[test]
fn a_grandmother_under_her_maiden_and_married_names_is_found() {
    let records = [
        record(1, "carol", "hartley", &["carol pritchard"], "1966-09-02"),
        record(2, "carol", "pritchard", &[], "1966"),
        record(3, "karen", "pritchard", &[], "1971"),
    ];
    assert_eq!(pairs(&records), vec![(1, 2)]);
}

#[test]
fn nicknames_approximate_dates_and_shared_relatives_count() {
    let mut caroline = record(4, "caroline", "hartley", &[], "1966~");
    caroline.relatives = vec![PersonId(100)];
    let mut carol = record(5, "carol", "hartley", &[], "1966-09-02");
    carol.relatives = vec![PersonId(100), PersonId(101)];
    let records = [
        record(1, "peggy", "hartley", &[], "1942"),
        record(2, "margaret", "hartley", &[], "1942-03"),
        caroline,
        carol,
    ];
    assert_eq!(pairs(&records), vec![(4, 5), (1, 2)]);
}

#[test]
fn the_same_name_born_decades_apart_is_two_people() {
    let records = [
        record(1, "carol", "hartley", &[], "1966"),
        record(2, "carol", "hartley", &[], "1990"),
        record(3, "jodie", "hartley", &[], "1990-05"),
        record(4, "jodie", "hartley", &[], "1990-06"),
    ];
    assert_eq!(pairs(&records), Vec::<(u128, u128)>::new());
}

fn names() -> impl Strategy<Value = String> {
    proptest::sample::select(vec![
        "carol",
        "caroline",
        "karen",
        "hartley",
        "hartly",
        "pritchard",
        "peggy",
        "margaret",
        "mills",
        "okafor",
        "jo",
        "jodie",
    ])
    .prop_map(str::to_owned)
}

fn records() -> impl Strategy<Value = PersonRecord> {
    (
        any::<u8>(),
        names(),
        names(),
        proptest::collection::vec((names(), names()), 0..2),
        proptest::option::of((1940i32..2020, proptest::option::of(1u32..13), any::<bool>())),
        proptest::collection::vec(0u128..6, 0..4),
    )
        .prop_map(
            |(id, given, family, others, birth, relatives)| PersonRecord {
                id: PersonId(u128::from(id)),
                given,
                family,
                other_names: others
                    .into_iter()
                    .map(|(g, f)| format!("{g} {f}"))
                    .collect(),
                birth: birth.map(|(year, month, approximate)| PartialDate {
                    year,
                    month,
                    day: None,
                    approximate,
                }),
                area: None,
                relatives: relatives.into_iter().map(PersonId).collect(),
            },
        )
}

proptest! {
    #[test]
    fn duplicate_scoring_is_symmetric(a in records(), b in records()) {
        let (ab, mut reasons_ab) = duplicate_score(&a, &b);
        let (ba, mut reasons_ba) = duplicate_score(&b, &a);
        prop_assert!((ab - ba).abs() < 1e-12, "{ab} != {ba}");
        reasons_ab.sort();
        reasons_ba.sort();
        prop_assert_eq!(reasons_ab, reasons_ba);
        prop_assert!((0.0..=1.0).contains(&ab));
    }
}
