//! The genogram's geometry, on small families in the text form of `support`.

mod support;

use std::collections::{HashMap, HashSet};

use graph::{
    GENOGRAM_SPACING, Genogram, LineKind, Network, ParentKind, PartialDate, Person, PersonId,
    Symbol, genogram,
};
use proptest::prelude::*;
use support::{Family, families, family};

fn symbol<'a>(picture: &'a Genogram, family: &Family, name: &str) -> &'a Symbol {
    let id = family.id(name);
    picture
        .symbols
        .iter()
        .find(|symbol| symbol.person == id)
        .unwrap_or_else(|| panic!("{name} is not drawn"))
}

/// The straight pieces of every line.
fn segments(picture: &Genogram) -> Vec<((f64, f64), (f64, f64))> {
    picture
        .lines
        .iter()
        .flat_map(|line| line.points.windows(2).map(|pair| (pair[0], pair[1])))
        .collect()
}

/// Whether two segments cross at a point inside both (touching ends and running along
/// one another do not count: a bar meets the lines that hang from it).
fn cross(a: ((f64, f64), (f64, f64)), b: ((f64, f64), (f64, f64))) -> bool {
    let orient = |p: (f64, f64), q: (f64, f64), r: (f64, f64)| {
        let value = (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0);
        if value.abs() < 1e-6 {
            0.0
        } else {
            value.signum()
        }
    };
    let (o1, o2) = (orient(a.0, a.1, b.0), orient(a.0, a.1, b.1));
    let (o3, o4) = (orient(b.0, b.1, a.0), orient(b.0, b.1, a.1));
    o1 * o2 < 0.0 && o3 * o4 < 0.0
}

fn crossings(picture: &Genogram) -> Vec<String> {
    let segments = segments(picture);
    let mut found = Vec::new();
    for (i, a) in segments.iter().enumerate() {
        for b in &segments[i + 1..] {
            if cross(*a, *b) {
                found.push(format!("{a:?} crosses {b:?}"));
            }
        }
    }
    found
}

/// Two generations of grandparents on both sides, aunts and uncles with their partners and
/// children, the parents and three children: a family drawable without a crossing.
const TWO_SIDES: &str = "
    child kid:F
    dad:M > kid
    mum:F > kid
    dad > big:M
    mum > big
    dad > small:F
    mum > small
    dad - mum
    pgf:M > dad
    pgm:F > dad
    pgf - pgm
    pgf > uncle:M
    pgm > uncle
    uncle - aunty:F
    uncle > cousin1:M
    aunty > cousin1
    mgf:M > mum
    mgm:F > mum
    mgf - mgm
    mgf > aunt:F
    mgm > aunt
    aunt > cousin2:F
    aunt > cousin3:M
";

#[test]
fn a_family_without_crossings_is_drawn_without_any() {
    let family = family(TWO_SIDES);
    let picture = genogram(&family.network, |_| true, 200);
    assert_eq!(picture.symbols.len(), family.network.len());
    assert_eq!(crossings(&picture), Vec::<String>::new());
    let y = |name| symbol(&picture, &family, name).y;
    assert!(
        y("pgf") < y("dad") && y("dad") < y("kid"),
        "generations run down"
    );
    assert_eq!(y("pgf"), y("mgm"));
    assert_eq!(y("uncle"), y("mum"));
    assert_eq!(y("cousin2"), y("kid"));
    let x = |name| symbol(&picture, &family, name).x;
    assert!(x("dad") < x("mum"), "the man on the left of a couple");
    assert!(x("pgf") < x("mgf"), "the father's family on his side");
    assert!(
        (x("dad") - x("mum")).abs() - GENOGRAM_SPACING < 1e-6,
        "partners side by side"
    );
}

#[test]
fn brothers_and_sisters_stand_oldest_first() {
    let family = family(
        "child kid:F
         mum:F > kid
         mum > elder:M
         mum > younger:F",
    );
    let born = |name: &str, year| (family.id(name), PartialDate::parse(year));
    let dates: HashMap<PersonId, Option<PartialDate>> = [
        born("elder", "2001"),
        born("kid", "2010-05"),
        born("younger", "2014"),
    ]
    .into_iter()
    .collect();
    let people: Vec<Person> = family
        .network
        .people()
        .map(|person| Person {
            born: dates.get(&person.id).copied().flatten(),
            ..person.clone()
        })
        .collect();
    // Listed youngest first, drawn oldest first.
    let mut people = people;
    people.reverse();
    let network = Network::new(
        family.network.child(),
        people,
        family.network.edges().cloned(),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let picture = genogram(&network, |_| true, 200);
    let x = |name| symbol(&picture, &family, name).x;
    assert!(x("elder") < x("kid") && x("kid") < x("younger"));
}

#[test]
fn half_siblings_double_cousins_and_a_shared_ancestor_are_each_drawn_once() {
    let family = family(
        "child kid:F
         mum:F > kid
         dad:M > kid
         mum > half:M
         exp:M > half
         mum -former exp
         dad - mum
         gran:F > mum
         gran > dad
         dad > sib1
         uncle:M > cuz:F
         aunt:F > cuz
         uncle - aunt
         gran > uncle
         mgran:F > mum
         mgran > aunt2:F
         uncle2:M - aunt2
         gran > uncle2
         uncle2 > double
         aunt2 > double",
    );
    let picture = genogram(&family.network, |_| true, 200);
    let ids: HashSet<PersonId> = picture.symbols.iter().map(|s| s.person).collect();
    assert_eq!(ids.len(), picture.symbols.len(), "no one twice");
    assert_eq!(ids.len(), family.network.len());
    // The double cousin hangs from one family, under both of their parents.
    let double = family.id("double");
    let under: Vec<_> = picture
        .lines
        .iter()
        .filter(|line| {
            line.points.last().is_some_and(|end| {
                let drawn = symbol(&picture, &family, "double");
                (end.0 - drawn.x).abs() < 1e-6
                    && (end.1 - (drawn.y - graph::SYMBOL_RADIUS)).abs() < 1e-6
            })
        })
        .collect();
    assert_eq!(under.len(), 1, "one line down to {double:?}");
    let ended = picture
        .lines
        .iter()
        .filter(|line| {
            line.kind
                == LineKind::Partner {
                    ended: true,
                    recorded: true,
                }
        })
        .count();
    assert_eq!(ended, 1, "the former partnership is drawn as ended");
}

#[test]
fn adoption_fostering_and_step_parents_are_drawn_in_their_own_lines() {
    let family = family(
        "child kid:F
         mum:F > kid
         dad:M >adoptive kid
         carer:F >foster kid
         step:M >step kid
         sis:F = kid",
    );
    let picture = genogram(&family.network, |_| true, 200);
    let kinds: HashSet<LineKind> = picture.lines.iter().map(|line| line.kind).collect();
    assert!(kinds.contains(&LineKind::Descent(ParentKind::Adoptive)));
    assert!(kinds.contains(&LineKind::Descent(ParentKind::Foster)));
    assert!(kinds.contains(&LineKind::Descent(ParentKind::Birth)));
    assert!(kinds.contains(&LineKind::Siblings), "{kinds:?}");
    assert!(
        !kinds.contains(&LineKind::Descent(ParentKind::Step)),
        "a step-parent is a parent's partner, not a line of descent"
    );
    let (step, mum) = (
        symbol(&picture, &family, "step"),
        symbol(&picture, &family, "mum"),
    );
    assert_eq!(step.y, mum.y);
    assert!(
        ((step.x - mum.x).abs() - GENOGRAM_SPACING).abs() < 1e-6,
        "the step-parent beside the parent"
    );
}

#[test]
fn past_the_limit_the_furthest_relatives_are_counted_on_whoever_leads_to_them() {
    let family = family(TWO_SIDES);
    let picture = genogram(&family.network, |_| true, 5);
    let counted: usize = picture.beyond.iter().map(|b| b.count).sum();
    assert_eq!(picture.symbols.len(), 5);
    assert_eq!(picture.symbols.len() + counted, family.network.len());
    let drawn: HashSet<PersonId> = picture.symbols.iter().map(|s| s.person).collect();
    assert!(picture.beyond.iter().all(|b| drawn.contains(&b.person)));
    assert!(drawn.contains(&family.id("kid")));
}

#[test]
fn a_large_family_of_children_is_drawn_in_part_and_counted_on_the_parent() {
    let mut text = String::from("child kid:F\nmum:F > kid\n");
    for n in 0..20 {
        text.push_str(&format!("mum > sib{n}\n"));
    }
    let family = family(&text);
    let picture = genogram(&family.network, |_| true, 200);
    let on_mum = picture
        .beyond
        .iter()
        .find(|b| b.person == family.id("mum"))
        .map(|b| b.count);
    // The child, her mother, and as many more of the mother's children as a family shows.
    assert_eq!(picture.symbols.len(), 2 + graph::MAX_CHILDREN_DRAWN);
    assert_eq!(on_mum, Some(20 - graph::MAX_CHILDREN_DRAWN));
}

#[test]
fn only_the_family_is_drawn_and_the_filter_holds() {
    let family = family(
        "child kid:F
         mum:F > kid
         kid friend pal
         kid teacher sir",
    );
    let picture = genogram(&family.network, |id| id != family.id("mum"), 200);
    let drawn: Vec<PersonId> = picture.symbols.iter().map(|s| s.person).collect();
    assert_eq!(drawn, [family.id("kid")]);
}

proptest! {
    #[test]
    fn everyone_in_the_family_is_drawn_once_and_no_two_in_a_row_are_crowded(
        (people, edges) in families(),
        limit in 1usize..20,
    ) {
        let network = Network::new(PersonId(100), people, edges);
        prop_assume!(network.is_ok());
        let network = network.unwrap_or_else(|error| panic!("{error}"));
        let picture = genogram(&network, |_| true, limit);
        let mut seen = HashSet::new();
        for symbol in &picture.symbols {
            prop_assert!(seen.insert(symbol.person));
        }
        prop_assert!(picture.symbols.len() <= limit);
        prop_assert!(seen.contains(&network.child()));
        for (i, a) in picture.symbols.iter().enumerate() {
            for b in &picture.symbols[i + 1..] {
                if a.y == b.y {
                    prop_assert!((a.x - b.x).abs() >= GENOGRAM_SPACING - 1e-6, "{:?} {:?}", a, b);
                }
            }
        }
        for line in &picture.lines {
            prop_assert!(line.points.len() >= 2);
            for (x, y) in &line.points {
                prop_assert!(x.is_finite() && y.is_finite());
            }
        }
        // With no limit, everyone reached through family ties is drawn or none is lost.
        let all = genogram(&network, |_| true, usize::MAX);
        let counted: usize = picture.beyond.iter().map(|b| b.count).sum();
        prop_assert_eq!(picture.symbols.len() + counted, all.symbols.len());
    }
}
