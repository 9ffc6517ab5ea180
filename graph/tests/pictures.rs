//! The geometry of the pictures, on small families in the text form of `support`.

mod support;

use graph::{
    Circle, FamilySide, Member, Network, Person, PersonId, SPACING, Sector, Sex, Status, ecomap,
    kinship,
};
use proptest::prelude::*;
use support::family;

fn members(network: &Network, place: impl Fn(PersonId) -> Option<(FamilySide, Circle)>) -> Network {
    let people: Vec<Person> = network
        .people()
        .map(|person| {
            let mut person = person.clone();
            if let Some((side, circle)) = place(person.id) {
                let mut member = Member::new(Status::Active);
                member.side = side;
                member.circle = circle;
                person.member = Some(member);
            }
            person
        })
        .collect();
    Network::new(network.child(), people, network.edges().cloned())
        .unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn sides_take_their_halves_and_non_kin_sit_below() {
    let family = family(
        "child kid:F
         mum:F > kid
         dad:M > kid
         nan:F > mum
         kid friend pal:F
         kid = sis:F",
    );
    let network = members(&family.network, |id| {
        let name = family.name(id);
        match name.as_str() {
            "kid" => None,
            "dad" => Some((FamilySide::Paternal, Circle::Inner)),
            "mum" | "nan" => Some((FamilySide::Maternal, Circle::Middle)),
            _ => Some((FamilySide::None, Circle::Inner)),
        }
    });
    let map = ecomap(&network, &kinship(&network), |_| true, 24);
    let sector = |name: &str| {
        map.placed
            .iter()
            .find(|p| p.person == family.id(name))
            .map(|p| (p.sector, p.x, p.y))
            .unwrap_or_else(|| panic!("{name} not placed"))
    };
    assert_eq!(sector("dad").0, Sector::Paternal);
    assert!(sector("dad").1 > 0.0, "paternal on the right");
    assert_eq!(sector("mum").0, Sector::Maternal);
    assert!(sector("mum").1 < 0.0, "maternal on the left");
    assert_eq!(sector("pal").0, Sector::NonKin);
    assert!(sector("pal").2 > 0.0, "non-kin below");
    assert_eq!(
        sector("sis").0,
        Sector::Both,
        "a full sister is on neither side alone"
    );
    assert_eq!(map.placed.len(), 5);
}

/// A network of `n` members spread over sides and circles.
fn crowd(n: usize) -> Network {
    let child = PersonId(0);
    let mut people = vec![Person::new(child, Sex::Female)];
    for i in 1..=n {
        let mut person = Person::member(PersonId(i as u128), Sex::Unknown, Status::Active);
        if let Some(member) = person.member.as_mut() {
            member.side = [FamilySide::Maternal, FamilySide::Paternal, FamilySide::None][i % 3];
            member.circle = [Circle::Inner, Circle::Middle, Circle::Outer][(i / 3) % 3];
            member.household = Some((i % 7) as u64);
        }
        people.push(person);
    }
    Network::new(child, people, []).unwrap_or_else(|error| panic!("{error}"))
}

proptest! {
    #[test]
    fn everyone_is_drawn_once_or_counted_and_no_two_are_crowded(n in 0usize..200, limit in 1usize..30) {
        let network = crowd(n);
        let map = ecomap(&network, &kinship(&network), |_| true, limit);
        let counted: usize = map.groups.iter().map(|g| g.count).sum();
        prop_assert_eq!(map.placed.len() + counted, n);
        let mut seen = std::collections::HashSet::new();
        for placed in &map.placed {
            prop_assert!(seen.insert(placed.person));
        }
        let points: Vec<(f64, f64)> = map.placed.iter().map(|p| (p.x, p.y))
            .chain(map.groups.iter().map(|g| (g.x, g.y))).collect();
        for (i, a) in points.iter().enumerate() {
            for b in &points[i + 1..] {
                let d = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
                prop_assert!(d >= SPACING * 0.95, "{:?} and {:?} are {} apart", a, b, d);
            }
        }
        prop_assert!(map.rings[0] < map.rings[1] && map.rings[1] < map.rings[2]);
    }
}
