//! An ecomap's geometry: the child at the centre, a ring for each circle, the maternal side
//! on the left, the paternal on the right, both sides at the top, non-kin below; members of
//! one household side by side. Each ring is as wide as its busiest sector needs, so no two
//! people on a ring are closer than [`SPACING`]; a sector that would need more than
//! `max_per_group` places shows its closest members and one counted group for the rest.

use std::collections::HashMap;

use crate::{Circle, FamilySide, KinshipReport, Network, PersonId, Quality, RelationKind, Side};

/// The least distance between two people on a ring, in picture units (a label fits it).
pub const SPACING: f64 = 140.0;
/// Most people a sector of a ring shows before the rest become a counted group.
pub const DEFAULT_MAX_PER_GROUP: usize = 24;

/// Where on the ecomap a member stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sector {
    Maternal,
    Both,
    Paternal,
    NonKin,
}

impl Sector {
    /// The arc, in degrees clockwise from the right (y grows downwards, so 270 is the top).
    fn arc(self) -> (f64, f64) {
        match self {
            Sector::Maternal => (150.0, 255.0),
            Sector::Both => (255.0, 285.0),
            Sector::Paternal => (285.0, 390.0),
            Sector::NonKin => (30.0, 150.0),
        }
    }
}

/// A member placed on the picture.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub person: PersonId,
    pub circle: Circle,
    pub sector: Sector,
    pub x: f64,
    pub y: f64,
    /// The quality of the child's own recorded tie with them, if there is one.
    pub tie: Option<Quality>,
    /// The tie has ended.
    pub ended: bool,
}

/// Members not drawn one by one: a sector of a ring past its limit.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub circle: Circle,
    pub sector: Sector,
    pub count: usize,
    pub x: f64,
    pub y: f64,
}

/// An ecomap's geometry, centred on (0, 0).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ecomap {
    pub child: Option<PersonId>,
    pub placed: Vec<Placed>,
    pub groups: Vec<Group>,
    /// The radius of each ring: inner, middle, outer.
    pub rings: [f64; 3],
}

/// A member waiting for a place: who, their household, how far their relation runs, their
/// circle.
type Waiting = (PersonId, Option<u64>, u32, Circle);

fn ring(circle: Circle) -> usize {
    match circle {
        Circle::Inner => 0,
        Circle::Middle => 1,
        Circle::Outer => 2,
    }
}

/// The sector a member stands in: their recorded side, or failing that the side their
/// kinship runs on; anyone unrelated is non-kin.
fn sector(side: FamilySide, kin: Option<(Side, RelationKind)>) -> Sector {
    match side {
        FamilySide::Maternal => Sector::Maternal,
        FamilySide::Paternal => Sector::Paternal,
        FamilySide::Both => Sector::Both,
        FamilySide::None => match kin {
            Some((_, RelationKind::Social | RelationKind::Carer)) | None => Sector::NonKin,
            Some((Side::Maternal, _)) => Sector::Maternal,
            Some((Side::Paternal, _)) => Sector::Paternal,
            Some((Side::Both, _)) => Sector::Both,
            // Kin on no side: siblings, half-siblings by an unknown parent.
            Some((Side::None, _)) => Sector::Both,
        },
    }
}

/// Lays out the network's members (`shown` picks which) around its child.
pub fn ecomap(
    network: &Network,
    kinship: &KinshipReport,
    shown: impl Fn(PersonId) -> bool,
    max_per_group: usize,
) -> Ecomap {
    let child = network.child();
    let mut direct: HashMap<PersonId, (Quality, bool)> = HashMap::new();
    for edge in network.edges() {
        let other = if edge.from == child {
            edge.to
        } else if edge.to == child {
            edge.from
        } else {
            continue;
        };
        let entry = direct.entry(other).or_insert((edge.quality, edge.ended));
        // The closest current tie wins: a close friendship over an ordinary one.
        if (edge.ended, edge.quality as u8) < (entry.1, entry.0 as u8) {
            *entry = (edge.quality, edge.ended);
        }
    }
    // (ring, sector) → members, in the order they are drawn.
    let mut buckets: HashMap<(usize, Sector), Vec<Waiting>> = HashMap::new();
    for person in network.people() {
        let Some(member) = &person.member else {
            continue;
        };
        if person.id == child || !shown(person.id) {
            continue;
        }
        let relation = kinship.of(person.id).and_then(|k| k.relations.first());
        let sector = sector(member.side, relation.map(|r| (r.side, r.kind)));
        let distance = relation.map_or(u32::MAX, |r| r.distance);
        buckets
            .entry((ring(member.circle), sector))
            .or_default()
            .push((person.id, member.household, distance, member.circle));
    }
    for members in buckets.values_mut() {
        // One household side by side (the unknown last), closest relations first within.
        members.sort_by_key(|(person, household, distance, _)| {
            (household.is_none(), *household, *distance, *person)
        });
    }
    // Each ring's radius: wide enough for its busiest sector, and outside the one within.
    let mut rings: [f64; 3] = [220.0, 400.0, 580.0];
    for (index, radius) in rings.iter_mut().enumerate() {
        for sector in [
            Sector::Maternal,
            Sector::Both,
            Sector::Paternal,
            Sector::NonKin,
        ] {
            let count = buckets
                .get(&(index, sector))
                .map_or(0, |m| m.len().min(max_per_group.max(1) + 1));
            let (from, to) = sector.arc();
            let needed = SPACING * count as f64 / (to - from).to_radians();
            *radius = (*radius).max(needed);
        }
    }
    for index in 1..3 {
        rings[index] = rings[index].max(rings[index - 1] + 160.0);
    }
    let mut placed = Vec::new();
    let mut groups = Vec::new();
    let mut keys: Vec<&(usize, Sector)> = buckets.keys().collect();
    keys.sort();
    for key in keys {
        let (index, sector) = *key;
        let members = &buckets[key];
        let shown_here = if members.len() > max_per_group {
            max_per_group
        } else {
            members.len()
        };
        let slots = shown_here + usize::from(members.len() > shown_here);
        let (from, to) = sector.arc();
        let at = |slot: usize| {
            let angle = from + (to - from) * (slot as f64 + 0.5) / slots as f64;
            let (sin, cos) = angle.to_radians().sin_cos();
            (rings[index] * cos, rings[index] * sin)
        };
        for (slot, (person, _, _, circle)) in members.iter().take(shown_here).enumerate() {
            let (x, y) = at(slot);
            let (tie, ended) = direct
                .get(person)
                .map_or((None, false), |(q, e)| (Some(*q), *e));
            placed.push(Placed {
                person: *person,
                circle: *circle,
                sector,
                x,
                y,
                tie,
                ended,
            });
        }
        if members.len() > shown_here {
            let (x, y) = at(shown_here);
            groups.push(Group {
                circle: members[0].3,
                sector,
                count: members.len() - shown_here,
                x,
                y,
            });
        }
    }
    Ecomap {
        child: Some(child),
        placed,
        groups,
        rings,
    }
}
