//! Kinship, case by case: each case is a small family in the text form of `support`, a
//! person, and the label a coordinator should read.

mod support;

use graph::{Side, Warning, kinship};
use support::family;

/// Four generations on the mother's side, two on the father's, partners, steps, in-laws,
/// descendants and social ties.
const BIG_FAMILY: &str = "
    child kid:F
    mum:F > kid
    dad:M > kid
    mum -former dad
    nan:F > mum
    grandad:M > mum
    nan - grandad
    ggm:F > nan
    ggf:M > nan
    gggm:F > ggm
    gggx > ggm
    nan > aunt:F
    grandad > aunt
    nan > uncle:M
    grandad > uncle
    uncle - uncleswife:F
    aunt - auntshusband:M
    aunt > cousin:F
    auntshusband > cousin
    cousin > cousinkid:M
    ggm > greataunt:F
    ggf > greataunt
    ggm > greatuncle:M
    ggf > greatuncle
    greataunt > parentcousin:M
    parentcousin > secondcousin:F
    secondcousin > secondcousinkid:M
    mum > bro:M
    dad > bro
    mum > halfsis:F
    stepdad:M > halfsis
    mum - stepdad
    exwife:F > stepsis:F
    stepdad > stepsis
    bro - sil:F
    bro > nephew:M
    sil > nephew
    nephew > greatniece:F
    mum > sis:F
    dad > sis
    sis -former exbil:M
    kid > baby:M
    baby > grandbaby
    dad - dadsnew:F
    gran:F > dad
    pops:M > dad
    gran > paunt:F
    pops > paunt
    paunt > pcousin:M
    dad > phalfbro:M
    dadsex:F > phalfbro
    dad -former dadsex
    gran - granspartner:M
    kid friend ally:F
    teach:F teacher kid
    nan neighbour rita:F
    mentor:M mentor kid
";

#[test]
fn every_label_of_a_four_generation_family() {
    let cases = [
        ("mum", "mother"),
        ("dad", "father"),
        ("nan", "maternal grandmother"),
        ("grandad", "maternal grandfather"),
        ("gran", "paternal grandmother"),
        ("pops", "paternal grandfather"),
        ("ggm", "maternal great-grandmother"),
        ("ggf", "maternal great-grandfather"),
        ("gggm", "maternal great-great-grandmother"),
        ("gggx", "maternal great-great-grandparent"),
        ("aunt", "maternal aunt"),
        ("uncle", "maternal uncle"),
        ("paunt", "paternal aunt"),
        ("greataunt", "maternal great-aunt"),
        ("greatuncle", "maternal great-uncle"),
        ("cousin", "maternal first cousin"),
        ("pcousin", "paternal first cousin"),
        ("cousinkid", "maternal first cousin once removed"),
        ("parentcousin", "maternal first cousin once removed"),
        ("secondcousin", "maternal second cousin"),
        ("secondcousinkid", "maternal second cousin once removed"),
        ("bro", "brother"),
        ("sis", "sister"),
        ("halfsis", "maternal half-sister"),
        ("phalfbro", "paternal half-brother"),
        ("nephew", "nephew"),
        ("greatniece", "great-niece"),
        ("baby", "son"),
        ("grandbaby", "grandchild"),
        ("stepdad", "mother's partner"),
        ("dadsnew", "father's partner"),
        ("dadsex", "father's former partner"),
        ("stepsis", "step-sister"),
        ("sil", "sister-in-law"),
        ("exbil", "former brother-in-law"),
        ("uncleswife", "maternal aunt (by marriage)"),
        ("auntshusband", "maternal uncle (by marriage)"),
        ("granspartner", "paternal grandmother's partner"),
        ("ally", "friend"),
        ("teach", "teacher"),
        ("mentor", "mentor"),
        ("rita", "maternal grandmother's neighbour"),
    ];
    let family = family(BIG_FAMILY);
    let report = kinship(&family.network);
    let mut wrong = Vec::new();
    for (name, expected) in cases {
        let got = report.of(family.id(name)).map(|k| k.label().to_owned());
        if got.as_deref() != Some(expected) {
            wrong.push(format!("{name}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(
        report.of(family.id("kid")),
        None,
        "the child is not their own relative"
    );
    assert_eq!(
        report.of(family.id("exwife")),
        None,
        "a step-parent's ex is no relation"
    );
    assert!(report.warnings.is_empty());
}

#[test]
fn each_relation_carries_the_path_it_was_derived_from() {
    let family = family(BIG_FAMILY);
    let report = kinship(&family.network);
    let path = |name: &str| -> Vec<String> {
        report
            .of(family.id(name))
            .map(|k| {
                k.relations[0]
                    .path
                    .iter()
                    .map(|id| family.name(*id))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(path("nan"), ["kid", "mum", "nan"]);
    assert_eq!(
        path("cousinkid"),
        ["kid", "mum", "nan", "aunt", "cousin", "cousinkid"]
    );
    assert_eq!(path("sil"), ["kid", "mum", "bro", "sil"]);
    assert_eq!(path("stepsis"), ["kid", "mum", "stepdad", "stepsis"]);
    assert_eq!(path("rita"), ["kid", "mum", "nan", "rita"]);
}

/// (network, person, label) for the cases a big family does not show.
const SMALL_CASES: &[(&str, &str, &str)] = &[
    // Sex unknown: neutral words.
    ("child kid\n p > kid", "p", "parent"),
    ("child kid\n p > kid\n g > p", "g", "grandparent"),
    (
        "child kid\n mum:F > kid\n g > mum\n gg > g",
        "gg",
        "maternal great-grandparent",
    ),
    ("child kid\n mum:F > kid\n mum > s", "s", "sibling"),
    (
        "child kid\n mum:F > kid\n g > mum\n g > x",
        "x",
        "maternal aunt or uncle",
    ),
    (
        "child kid\n mum:F > kid\n mum > s:M\n s > n",
        "n",
        "niece or nephew",
    ),
    ("child kid\n kid > c", "c", "child"),
    // A parent of unknown sex gives no side.
    ("child kid\n p > kid\n g:F > p", "g", "grandmother"),
    // Half relations need a different other parent on both sides.
    (
        "child kid\n mum:F > kid\n dad:M > kid\n mum > s:F",
        "s",
        "sister",
    ),
    (
        "child kid\n mum:F > kid\n mum > s:F\n x:M > s",
        "s",
        "sister",
    ),
    (
        "child kid\n mum:F > kid\n dad:M > kid\n mum > s:F\n x:M > s",
        "s",
        "maternal half-sister",
    ),
    (
        "child kid\n mum:F > kid\n nan:F > mum\n g1:M > mum\n nan > a:F\n g2:M > a",
        "a",
        "maternal half-aunt",
    ),
    // Siblings recorded without a parent.
    ("child kid\n kid = s:F", "s", "sister"),
    ("child kid\n kid = s:M\n s = t:F", "t", "sister"),
    ("child kid\n kid = s:M\n s > n:F", "n", "niece"),
    ("child kid\n mum:F > kid\n mum = a:F", "a", "maternal aunt"),
    (
        "child kid\n mum:F > kid\n mum = a:F\n a > c:M",
        "c",
        "maternal first cousin",
    ),
    // Step, foster and guardian parents recorded as such.
    ("child kid\n sm:F >step kid", "sm", "step-mother"),
    (
        "child kid\n sd:M >step kid\n sd > sb:M",
        "sb",
        "step-brother",
    ),
    ("child kid\n fc:F >foster kid", "fc", "foster mother"),
    (
        "child kid\n fc:M >foster-ended kid",
        "fc",
        "former foster father",
    ),
    (
        "child kid\n fc >foster-ended kid",
        "fc",
        "former foster carer",
    ),
    ("child kid\n g:F >guardian kid", "g", "guardian"),
    // Adoption: both lines shown, each named.
    (
        "child kid\n bm:F > kid\n am:F >adoptive kid",
        "bm",
        "birth mother",
    ),
    (
        "child kid\n bm:F > kid\n am:F >adoptive kid",
        "am",
        "adoptive mother",
    ),
    (
        "child kid\n bm:F > kid\n am:F >adoptive kid\n an:F > am",
        "an",
        "maternal adoptive grandmother",
    ),
    (
        "child kid\n bm:F > kid\n am:F >adoptive kid\n bn:F > bm",
        "bn",
        "maternal birth grandmother",
    ),
    (
        "child kid\n am:F >adoptive kid\n am > as:F",
        "as",
        "adoptive sister",
    ),
    // A mother's partner who is also recorded as step-parent is named once, as step-parent.
    (
        "child kid\n mum:F > kid\n mum - sd:M\n sd:M >step kid",
        "sd",
        "step-father",
    ),
    // A teacher who is also an aunt is named as both, the closer first.
    (
        "child kid\n mum:F > kid\n n:F > mum\n n > a:F\n a teacher kid",
        "a",
        "teacher",
    ),
    // A friend of a friend is no one's business.
    ("child kid\n kid friend a\n a friend b", "a", "friend"),
];

#[test]
fn small_families_name_the_edge_cases() {
    let mut wrong = Vec::new();
    for (text, name, expected) in SMALL_CASES {
        let family = family(text);
        let report = kinship(&family.network);
        let got = report.of(family.id(name)).map(|k| k.label().to_owned());
        if got.as_deref() != Some(*expected) {
            wrong.push(format!(
                "{text:?} {name}: expected {expected:?}, got {got:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_friend_of_a_friend_is_not_related() {
    let family = family("child kid\n kid friend a\n a friend b");
    assert_eq!(kinship(&family.network).of(family.id("b")), None);
}

#[test]
fn double_cousins_are_cousins_on_both_sides() {
    let family = family(
        "child kid
         mum:F > kid
         dad:M > kid
         mgm:F > mum
         mgm > aunt:F
         pgm:F > dad
         pgm > uncle:M
         aunt > dc:F
         uncle > dc",
    );
    let report = kinship(&family.network);
    let dc = report.of(family.id("dc")).map(|k| {
        (
            k.side(),
            k.relations
                .iter()
                .map(|r| r.label.clone())
                .collect::<Vec<_>>(),
        )
    });
    assert_eq!(
        dc,
        Some((
            Side::Both,
            vec![
                "maternal first cousin".to_owned(),
                "paternal first cousin".to_owned()
            ]
        ))
    );
}

#[test]
fn pedigree_collapse_names_every_path_closest_first() {
    // The parents are first cousins: one great-grandmother, reached through both.
    let family = family(
        "child kid
         mum:F > kid
         dad:M > kid
         a:F > mum
         b:M > dad
         gg:F > a
         gg > b
         a > x:M",
    );
    let report = kinship(&family.network);
    let gg = report.of(family.id("gg")).map(|k| {
        (
            k.side(),
            k.relations
                .iter()
                .map(|r| r.label.clone())
                .collect::<Vec<_>>(),
        )
    });
    assert_eq!(
        gg,
        Some((
            Side::Both,
            vec![
                "maternal great-grandmother".to_owned(),
                "paternal great-grandmother".to_owned()
            ]
        ))
    );
    // The mother's uncle (a's brother... here a's son x) is found once per real path.
    let x = report.of(family.id("x")).map(|k| k.label().to_owned());
    assert_eq!(x.as_deref(), Some("maternal uncle"));
}

#[test]
fn several_paths_to_one_person_are_all_said_the_closest_first() {
    // Nan is also the child's godmother-style friend: family first, then the tie.
    let family = family("child kid\n mum:F > kid\n nan:F > mum\n kid friend nan");
    let report = kinship(&family.network);
    let labels: Vec<String> = report
        .of(family.id("nan"))
        .map(|k| k.relations.iter().map(|r| r.label.clone()).collect())
        .unwrap_or_default();
    assert_eq!(labels, ["friend", "maternal grandmother"]);
}

#[test]
fn a_parent_cycle_gives_a_warning_not_a_hang() {
    let family = family(
        "child kid
         mum:F > kid
         nan:F > mum
         kid > nan",
    );
    let report = kinship(&family.network);
    assert_eq!(
        report.warnings,
        vec![Warning::ParentCycle(vec![
            family.id("kid"),
            family.id("mum"),
            family.id("nan")
        ])]
    );
    assert_eq!(
        report
            .of(family.id("nan"))
            .map(|k| k.label().to_owned())
            .as_deref(),
        Some("maternal grandmother")
    );
}

#[test]
fn a_person_recorded_as_their_own_grandparent_is_caught() {
    let family = family(
        "child kid
         mum:F > kid
         a:F > mum
         b:M > a
         a > b",
    );
    let report = kinship(&family.network);
    assert_eq!(
        report.warnings,
        vec![Warning::ParentCycle(vec![family.id("a"), family.id("b")])]
    );
    assert_eq!(
        report
            .of(family.id("b"))
            .map(|k| k.label().to_owned())
            .as_deref(),
        Some("maternal great-grandfather")
    );
}

#[test]
fn a_relatives_social_tie_is_named_by_the_tie_and_runs_on_their_side() {
    let family = family(
        "child kid:F\n mum:F > kid\n dad:M > kid\n gran:F > dad\n mum > bro:M\n dad > bro\n \
         gran friend granspal:F\n bro professional worker:M\n bro connection someone:F\n \
         bro friend mate:M",
    );
    let report = kinship(&family.network);
    let of = |name: &str| report.of(family.id(name));
    assert_eq!(
        of("granspal").map(|k| k.label()),
        Some("paternal grandmother's friend")
    );
    assert_eq!(of("granspal").map(|k| k.side()), Some(Side::Paternal));
    assert_eq!(
        of("worker").map(|k| k.label()),
        Some("professional working with brother")
    );
    assert_eq!(
        of("someone").map(|k| k.label()),
        Some("connection of brother")
    );
    assert_eq!(of("mate").map(|k| k.label()), Some("brother's friend"));
    // None of them is family; the grandmother is.
    assert!(
        ["granspal", "worker", "someone", "mate"]
            .iter()
            .all(|name| of(name).is_some_and(|k| !k.is_kin()))
    );
    assert!(of("gran").is_some_and(|k| k.is_kin()));
}

#[test]
fn a_tree_deeper_than_the_search_says_where_it_stopped() {
    let mut text = String::from("child p0:F\n");
    for generation in 1..=30 {
        text.push_str(&format!("p{generation}:F > p{}\n", generation - 1));
    }
    let tall = family(&text);
    let report = kinship(&tall.network);
    assert!(
        report.warnings.contains(&Warning::GenerationLimit(24)),
        "{:?}",
        report.warnings
    );
    assert!(report.of(tall.id("p24")).is_some());
    assert!(report.of(tall.id("p30")).is_none());
    // A tree within the bound gives no such warning.
    let shallow = family("child kid\n mum:F > kid\n nan:F > mum");
    assert!(kinship(&shallow.network).warnings.is_empty());
}
