//! A genogram's geometry: generations as rows, ancestors at the top; partners side by side
//! (the man on the left where the couple is a man and a woman, as genograms draw them);
//! children hanging from their parents' line, oldest first; everyone drawn once, however
//! many ways they are related (half-siblings, double cousins, pedigree collapse).
//!
//! The layout is a layered one in the Sugiyama manner, shaped by what a family is: the
//! rows come from the family's generations, a couple is one rigid block, blocks are ordered
//! by the barycentre of their parents and children (sweeping down and up, keeping the
//! order with the fewest crossings), and each row's blocks are placed as near the middle of
//! their parents or children as the spacing allows (a weighted isotonic regression, so no
//! two people in a row are closer than [`GENOGRAM_SPACING`]).
//!
//! Past `max_drawn` people the furthest relatives are not drawn one by one, nor past
//! [`MAX_CHILDREN_DRAWN`] the children of one person or [`MAX_PER_ROW`] the people of one
//! generation: each drawn person through whom undrawn relatives are reached carries their
//! count.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use crate::{EdgeKind, Network, ParentKind, PersonId, Sex};

/// The least distance between two people in a row, in picture units (a label fits it).
pub const GENOGRAM_SPACING: f64 = 150.0;
/// The distance between two generations.
pub const ROW_HEIGHT: f64 = 190.0;
/// Half the size of a person's symbol: lines stop at its edge.
pub const SYMBOL_RADIUS: f64 = 20.0;
/// Most people a genogram draws one by one.
pub const DEFAULT_MAX_DRAWN: usize = 200;
/// Most children of one person drawn one by one; the rest are counted on the parent.
pub const MAX_CHILDREN_DRAWN: usize = 12;
/// Most people of one generation drawn one by one, the nearest relatives first.
pub const MAX_PER_ROW: usize = 40;

/// A person placed on the genogram.
#[derive(Clone, Debug, PartialEq)]
pub struct Symbol {
    pub person: PersonId,
    /// Generations from the child's: the parents are -1, the child's children 1.
    pub generation: i32,
    pub x: f64,
    pub y: f64,
}

/// What a line stands for, and so how it is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// Two partners; `ended` is slashed. `recorded` is false for two parents of a child
    /// with no partnership recorded between them, and for a step-parent joined to a parent.
    Partner { ended: bool, recorded: bool },
    /// From parents to their children, in the way they are parents: birth solid, adoptive
    /// dashed, foster and guardian dotted.
    Descent(ParentKind),
    /// Brothers and sisters recorded without a parent.
    Siblings,
}

/// A line of the genogram, as a polyline.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub kind: LineKind,
    pub points: Vec<(f64, f64)>,
}

/// Relatives not drawn one by one, reached through a drawn person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Beyond {
    pub person: PersonId,
    pub count: usize,
}

/// A genogram's geometry; x and y start at 0.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Genogram {
    pub child: Option<PersonId>,
    pub symbols: Vec<Symbol>,
    pub lines: Vec<Line>,
    pub beyond: Vec<Beyond>,
    pub width: f64,
    pub height: f64,
}

/// Where two people sit side by side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Couple {
    a: PersonId,
    b: PersonId,
    ended: bool,
    recorded: bool,
}

/// The family ties of a network, each list in drawing order.
#[derive(Default)]
struct Ties {
    parents: HashMap<PersonId, Vec<(PersonId, ParentKind)>>,
    children: HashMap<PersonId, Vec<PersonId>>,
    partners: HashMap<PersonId, Vec<(PersonId, bool)>>,
    siblings: HashMap<PersonId, Vec<PersonId>>,
}

/// Orders brothers and sisters: the oldest first, the undated last, then as given.
type BirthKey = (bool, i32, u32, u32, PersonId);

fn birth_key(network: &Network, person: PersonId) -> BirthKey {
    match network.person(person).and_then(|p| p.born) {
        Some(born) => (
            false,
            born.year,
            born.month.unwrap_or(0),
            born.day.unwrap_or(0),
            person,
        ),
        None => (true, 0, 0, 0, person),
    }
}

fn sex(network: &Network, person: PersonId) -> Sex {
    network.person(person).map_or(Sex::Unknown, |p| p.sex)
}

fn is_male(network: &Network, person: PersonId) -> bool {
    sex(network, person) == Sex::Male
}

impl Ties {
    fn of(network: &Network) -> Self {
        let mut ties = Ties::default();
        for edge in network.edges() {
            match edge.kind {
                EdgeKind::Parent(kind) => {
                    ties.parents
                        .entry(edge.to)
                        .or_default()
                        .push((edge.from, kind));
                    ties.children.entry(edge.from).or_default().push(edge.to);
                }
                EdgeKind::Partner => {
                    ties.partners
                        .entry(edge.from)
                        .or_default()
                        .push((edge.to, edge.ended));
                    ties.partners
                        .entry(edge.to)
                        .or_default()
                        .push((edge.from, edge.ended));
                }
                EdgeKind::Sibling => {
                    ties.siblings.entry(edge.from).or_default().push(edge.to);
                    ties.siblings.entry(edge.to).or_default().push(edge.from);
                }
                EdgeKind::Social(_) => {}
            }
        }
        for list in ties.parents.values_mut() {
            list.sort_by_key(|(parent, _)| (!is_male(network, *parent), *parent));
            list.dedup();
        }
        for list in ties.children.values_mut() {
            list.sort_by_key(|child| birth_key(network, *child));
            list.dedup();
        }
        for list in ties.partners.values_mut() {
            list.sort_by_key(|(partner, ended)| (*ended, *partner));
            list.dedup_by_key(|(partner, _)| *partner);
        }
        for list in ties.siblings.values_mut() {
            list.sort_by_key(|sibling| birth_key(network, *sibling));
            list.dedup();
        }
        ties
    }

    /// Everyone one family tie away, with the generation step to them.
    fn neighbours(&self, person: PersonId) -> impl Iterator<Item = (PersonId, i32)> + '_ {
        let parents = self.parents.get(&person).into_iter().flatten();
        let partners = self.partners.get(&person).into_iter().flatten();
        let siblings = self.siblings.get(&person).into_iter().flatten();
        let children = self.children.get(&person).into_iter().flatten();
        parents
            .map(|(parent, _)| (*parent, -1))
            .chain(partners.map(|(partner, _)| (*partner, 0)))
            .chain(siblings.map(|sibling| (*sibling, 0)))
            .chain(children.map(|child| (*child, 1)))
    }
}

/// The family reached from the child, nearest first: each person's generation and the
/// person through whom they were reached.
struct Reached {
    order: Vec<PersonId>,
    generation: HashMap<PersonId, i32>,
    via: HashMap<PersonId, PersonId>,
    /// Reached as a child of `via`.
    as_child: HashSet<PersonId>,
    /// The side of the child's family they are reached through: -1 the first parent's
    /// (the father's, drawn on the left), 1 another parent's, 0 the child's own.
    side: HashMap<PersonId, i8>,
}

fn reach(ties: &Ties, child: PersonId) -> Reached {
    let mut reached = Reached {
        order: vec![child],
        generation: HashMap::from([(child, 0)]),
        via: HashMap::new(),
        as_child: HashSet::new(),
        side: HashMap::from([(child, 0)]),
    };
    let mut queue = VecDeque::from([child]);
    let mut parents_seen = 0;
    while let Some(person) = queue.pop_front() {
        let generation = reached.generation[&person];
        for (next, step) in ties.neighbours(person) {
            if reached.generation.contains_key(&next) {
                continue;
            }
            let side = if person != child {
                reached.side[&person]
            } else if step < 0 {
                parents_seen += 1;
                if parents_seen == 1 { -1 } else { 1 }
            } else {
                0
            };
            reached.side.insert(next, side);
            reached.generation.insert(next, generation + step);
            reached.via.insert(next, person);
            if step > 0 {
                reached.as_child.insert(next);
            }
            reached.order.push(next);
            queue.push_back(next);
        }
    }
    reached
}

/// The couples to seat side by side: recorded partnerships, two parents of one child, and
/// a step-parent beside the child's parent where no partnership of theirs is recorded.
fn couples(
    network: &Network,
    ties: &Ties,
    drawn: &HashSet<PersonId>,
    order: &[PersonId],
) -> Vec<Couple> {
    let mut couples: Vec<Couple> = Vec::new();
    let mut seen: HashSet<(PersonId, PersonId)> = HashSet::new();
    let mut add = |a: PersonId, b: PersonId, ended: bool, recorded: bool| {
        let key = if a < b { (a, b) } else { (b, a) };
        if a != b && drawn.contains(&a) && drawn.contains(&b) && seen.insert(key) {
            couples.push(Couple {
                a,
                b,
                ended,
                recorded,
            });
        }
    };
    for person in order {
        for (partner, ended) in ties.partners.get(person).into_iter().flatten() {
            add(*person, *partner, *ended, true);
        }
    }
    for person in order {
        let parents = ties.parents.get(person).map(Vec::as_slice).unwrap_or(&[]);
        for class in [ParentKind::Birth, ParentKind::Adoptive] {
            let of_class: Vec<PersonId> = parents
                .iter()
                .filter(|(parent, kind)| *kind == class && drawn.contains(parent))
                .map(|(parent, _)| *parent)
                .collect();
            if let [a, b] = of_class.as_slice() {
                add(*a, *b, false, false);
            }
        }
        let raising: Vec<(PersonId, ParentKind)> = parents
            .iter()
            .filter(|(parent, kind)| {
                matches!(kind, ParentKind::Birth | ParentKind::Adoptive) && drawn.contains(parent)
            })
            .copied()
            .collect();
        for (step, _) in parents.iter().filter(|(_, kind)| *kind == ParentKind::Step) {
            let partnered = raising.iter().any(|(parent, _)| {
                ties.partners
                    .get(step)
                    .is_some_and(|list| list.iter().any(|(p, _)| p == parent))
            });
            // Beside a birth parent before an adoptive one, of the other sex where known.
            let beside = raising
                .iter()
                .min_by_key(|(parent, kind)| {
                    (
                        *kind != ParentKind::Birth,
                        sex(network, *parent) == sex(network, *step),
                    )
                })
                .map(|(parent, _)| *parent);
            if !partnered && let Some(parent) = beside {
                add(parent, *step, false, false);
            }
        }
    }
    couples
}

/// Seats each row's people in blocks: a chain of partners is one block, in chain order.
fn blocks(
    rows: &BTreeMap<i32, Vec<PersonId>>,
    couples: &[Couple],
    generation: &HashMap<PersonId, i32>,
    rank: &HashMap<PersonId, usize>,
    side: &HashMap<PersonId, i8>,
    network: &Network,
) -> BTreeMap<i32, Vec<Vec<PersonId>>> {
    let mut beside: HashMap<PersonId, Vec<PersonId>> = HashMap::new();
    for couple in couples {
        if generation[&couple.a] == generation[&couple.b] {
            beside.entry(couple.a).or_default().push(couple.b);
            beside.entry(couple.b).or_default().push(couple.a);
        }
    }
    let mut seated: HashSet<PersonId> = HashSet::new();
    let mut out = BTreeMap::new();
    for (generation, people) in rows {
        let mut row = Vec::new();
        for start in people {
            if seated.contains(start) {
                continue;
            }
            // The whole chain of partners this person is in.
            let mut component = vec![*start];
            let mut found = HashSet::from([*start]);
            let mut index = 0;
            while index < component.len() {
                for next in beside.get(&component[index]).into_iter().flatten() {
                    if found.insert(*next) {
                        component.push(*next);
                    }
                }
                index += 1;
            }
            let block = if component.len() == 2 {
                let (a, b) = (component[0], component[1]);
                if is_male(network, b) && !is_male(network, a) {
                    vec![b, a]
                } else {
                    vec![a, b]
                }
            } else {
                spine(&component, &beside, rank, side)
            };
            seated.extend(block.iter().copied());
            row.push(block);
        }
        out.insert(*generation, row);
    }
    out
}

/// Seats a person with several partners: the longest run of partners side by side (found
/// by two searches for the furthest), turned so that the father's side runs to the left,
/// and the rest after it, nearest the child first.
fn spine(
    component: &[PersonId],
    beside: &HashMap<PersonId, Vec<PersonId>>,
    rank: &HashMap<PersonId, usize>,
    side: &HashMap<PersonId, i8>,
) -> Vec<PersonId> {
    let furthest = |from: PersonId| {
        let mut previous: HashMap<PersonId, PersonId> = HashMap::new();
        let mut queue = VecDeque::from([from]);
        let mut seen = HashSet::from([from]);
        let mut last = from;
        while let Some(person) = queue.pop_front() {
            last = person;
            for next in beside.get(&person).into_iter().flatten() {
                if seen.insert(*next) {
                    previous.insert(*next, person);
                    queue.push_back(*next);
                }
            }
        }
        let mut path = vec![last];
        while let Some(before) = previous.get(path.last().unwrap_or(&from)) {
            path.push(*before);
        }
        path
    };
    let start = component
        .iter()
        .copied()
        .min_by_key(|p| rank[p])
        .unwrap_or(component[0]);
    let end = furthest(start)[0];
    let mut run = furthest(end);
    let score = |run: &[PersonId]| -> i64 {
        run.iter()
            .enumerate()
            .map(|(i, p)| i as i64 * i64::from(side.get(p).copied().unwrap_or(0)))
            .sum()
    };
    let mut reversed = run.clone();
    reversed.reverse();
    if score(&reversed) > score(&run) {
        run = reversed;
    }
    let on_run: HashSet<PersonId> = run.iter().copied().collect();
    let mut rest: Vec<PersonId> = component
        .iter()
        .copied()
        .filter(|p| !on_run.contains(p))
        .collect();
    rest.sort_by_key(|p| rank[p]);
    run.extend(rest);
    run
}

/// Counts the parent-to-child links that cross between rows, for the order given.
fn crossings(
    rows: &BTreeMap<i32, Vec<Vec<PersonId>>>,
    links: &[(PersonId, PersonId)],
    generation: &HashMap<PersonId, i32>,
) -> usize {
    let position = positions(rows);
    let mut by_row: HashMap<i32, Vec<(usize, usize)>> = HashMap::new();
    for (parent, child) in links {
        if generation[parent] + 1 == generation[child] {
            by_row
                .entry(generation[parent])
                .or_default()
                .push((position[parent], position[child]));
        }
    }
    let mut total = 0;
    for pairs in by_row.values_mut() {
        pairs.sort_unstable();
        for (i, a) in pairs.iter().enumerate() {
            total += pairs[i + 1..]
                .iter()
                .filter(|b| b.0 > a.0 && b.1 < a.1)
                .count();
        }
    }
    total
}

/// Each person's index within their row.
fn positions(rows: &BTreeMap<i32, Vec<Vec<PersonId>>>) -> HashMap<PersonId, usize> {
    let mut position = HashMap::new();
    for row in rows.values() {
        for (index, person) in row.iter().flatten().enumerate() {
            position.insert(*person, index);
        }
    }
    position
}

/// The rows' generations, top down (`down`) or bottom up.
fn generations<T>(rows: &BTreeMap<i32, T>, down: bool) -> Vec<i32> {
    let mut generations: Vec<i32> = rows.keys().copied().collect();
    if !down {
        generations.reverse();
    }
    generations
}

/// Reorders each row's blocks by the mean position of their people's links to the row
/// above (`down`) or below.
fn sweep(
    rows: &mut BTreeMap<i32, Vec<Vec<PersonId>>>,
    up_links: &HashMap<PersonId, Vec<PersonId>>,
    down_links: &HashMap<PersonId, Vec<PersonId>>,
    birth: &impl Fn(PersonId) -> BirthKey,
    down: bool,
) {
    let generations = generations(rows, down);
    for generation in generations {
        let position = positions(rows);
        let links = if down { up_links } else { down_links };
        let Some(row) = rows.get_mut(&generation) else {
            continue;
        };
        let mut keyed: Vec<(f64, BirthKey, Vec<PersonId>)> = Vec::new();
        let mut at = 0usize;
        for block in row.drain(..) {
            let linked: Vec<f64> = block
                .iter()
                .flat_map(|person| links.get(person).into_iter().flatten())
                .filter_map(|other| position.get(other).map(|p| *p as f64))
                .collect();
            let centre = at as f64 + (block.len() as f64 - 1.0) / 2.0;
            let barycentre = if linked.is_empty() {
                centre
            } else {
                linked.iter().sum::<f64>() / linked.len() as f64
            };
            let eldest = block
                .iter()
                .filter(|person| links.contains_key(*person))
                .map(|person| birth(*person))
                .min()
                .unwrap_or_else(|| birth(block[0]));
            at += block.len();
            keyed.push((barycentre, eldest, block));
        }
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        row.extend(keyed.into_iter().map(|(_, _, block)| block));
    }
}

/// Brothers and sisters of one family stand oldest first, wherever the sweeps left their
/// family in the row: in a run of blocks hanging from the same parents, those with a known
/// birth date are sorted into the places they hold (the undated keep theirs). A couple
/// whose two members each have parents drawn bridges two families and stays put.
fn eldest_first(
    rows: &mut BTreeMap<i32, Vec<Vec<PersonId>>>,
    up_links: &HashMap<PersonId, Vec<PersonId>>,
    birth: &impl Fn(PersonId) -> BirthKey,
) {
    for row in rows.values_mut() {
        // Each block's one family (its members' parents) and the member born into it.
        let keyed: Vec<Option<(Vec<PersonId>, BirthKey)>> = row
            .iter()
            .map(|block| {
                let mut with_parents = block.iter().filter_map(|person| {
                    up_links.get(person).map(|list| {
                        let mut list = list.clone();
                        list.sort();
                        (list, birth(*person))
                    })
                });
                let first = with_parents.next();
                match with_parents.next() {
                    Some(_) => None,
                    None => first,
                }
            })
            .collect();
        let family = |index: usize| keyed[index].as_ref().map(|(parents, _)| parents);
        let mut start = 0;
        while start < row.len() {
            let mut end = start + 1;
            while end < row.len() && family(start).is_some() && family(end) == family(start) {
                end += 1;
            }
            let dated: Vec<usize> = (start..end)
                .filter(|index| keyed[*index].as_ref().is_some_and(|(_, born)| !born.0))
                .collect();
            let mut sorted: Vec<(BirthKey, Vec<PersonId>)> = dated
                .iter()
                .filter_map(|index| {
                    keyed[*index]
                        .as_ref()
                        .map(|(_, born)| (*born, row[*index].clone()))
                })
                .collect();
            sorted.sort_by_key(|(born, _)| *born);
            for (index, (_, block)) in dated.into_iter().zip(sorted) {
                row[index] = block;
            }
            start = end;
        }
    }
}

/// Weighted isotonic regression with gaps: the starts `x` nearest `targets` (by weight)
/// such that `x[i + 1] - x[i] >= gaps[i]`.
fn place(targets: &[f64], weights: &[f64], gaps: &[f64]) -> Vec<f64> {
    let mut offset = vec![0.0; targets.len()];
    for index in 1..targets.len() {
        offset[index] = offset[index - 1] + gaps[index - 1];
    }
    // Pool adjacent violators over y = x - offset, which must not decrease.
    let mut pools: Vec<(f64, f64, usize)> = Vec::new();
    for index in 0..targets.len() {
        let mut pool = (targets[index] - offset[index], weights[index], 1);
        while let Some(last) = pools.last() {
            if last.0 <= pool.0 {
                break;
            }
            let weight = last.1 + pool.1;
            pool = (
                (last.0 * last.1 + pool.0 * pool.1) / weight,
                weight,
                last.2 + pool.2,
            );
            pools.pop();
        }
        pools.push(pool);
    }
    let mut x = Vec::with_capacity(targets.len());
    for (value, _, count) in pools {
        for _ in 0..count {
            x.push(value + offset[x.len()]);
        }
    }
    x
}

/// Moves each row's blocks towards the middle of their links in the row above (`down`) or
/// below, keeping the order and the spacing.
fn straighten(
    rows: &BTreeMap<i32, Vec<Vec<PersonId>>>,
    x: &mut HashMap<PersonId, f64>,
    links: &HashMap<PersonId, Vec<PersonId>>,
    down: bool,
) {
    let generations = generations(rows, down);
    for generation in generations {
        let row = &rows[&generation];
        let mut targets = Vec::with_capacity(row.len());
        let mut weights = Vec::with_capacity(row.len());
        let mut gaps = Vec::with_capacity(row.len());
        for block in row {
            let mut sum = 0.0;
            let mut count = 0.0;
            for (offset, person) in block.iter().enumerate() {
                let linked: Vec<f64> = links
                    .get(person)
                    .into_iter()
                    .flatten()
                    .filter_map(|other| x.get(other).copied())
                    .collect();
                if !linked.is_empty() {
                    let middle = linked.iter().sum::<f64>() / linked.len() as f64;
                    sum += middle - offset as f64 * GENOGRAM_SPACING;
                    count += 1.0;
                }
            }
            let start = x[&block[0]];
            if count > 0.0 {
                targets.push(sum / count);
                weights.push(count);
            } else {
                targets.push(start);
                weights.push(0.05);
            }
            gaps.push(block.len() as f64 * GENOGRAM_SPACING + GENOGRAM_SPACING * 0.15);
        }
        let starts = place(&targets, &weights, &gaps);
        for (block, start) in row.iter().zip(starts) {
            for (offset, person) in block.iter().enumerate() {
                x.insert(*person, start + offset as f64 * GENOGRAM_SPACING);
            }
        }
    }
}

/// Lays out the child's family (`shown` picks whom), at most `max_drawn` people one by one.
pub fn genogram(network: &Network, shown: impl Fn(PersonId) -> bool, max_drawn: usize) -> Genogram {
    let child = network.child();
    let ties = Ties::of(network);
    let reached = reach(&ties, child);
    let max_drawn = max_drawn.max(1);
    let mut drawn_order: Vec<PersonId> = Vec::new();
    let mut drawn: HashSet<PersonId> = HashSet::new();
    let mut beyond: BTreeMap<PersonId, usize> = BTreeMap::new();
    let mut children_drawn: HashMap<PersonId, usize> = HashMap::new();
    let mut row_drawn: HashMap<i32, usize> = HashMap::new();
    for person in &reached.order {
        if *person != child && !shown(*person) {
            continue;
        }
        let parent = reached
            .via
            .get(person)
            .filter(|_| reached.as_child.contains(person));
        let generation = reached.generation[person];
        let room = parent.is_none_or(|parent| {
            children_drawn.get(parent).copied().unwrap_or(0) < MAX_CHILDREN_DRAWN
        }) && row_drawn.get(&generation).copied().unwrap_or(0) < MAX_PER_ROW;
        // Only through someone drawn: no one stands on the picture cut off from the child.
        let connected = reached
            .via
            .get(person)
            .is_none_or(|via| drawn.contains(via));
        if drawn_order.len() < max_drawn && connected && (room || *person == child) {
            drawn_order.push(*person);
            drawn.insert(*person);
            *row_drawn.entry(generation).or_default() += 1;
            if let Some(parent) = parent {
                *children_drawn.entry(*parent).or_default() += 1;
            }
            continue;
        }
        let mut through = *person;
        while !drawn.contains(&through) {
            through = reached.via.get(&through).copied().unwrap_or(child);
        }
        *beyond.entry(through).or_default() += 1;
    }
    let rank: HashMap<PersonId, usize> = drawn_order
        .iter()
        .enumerate()
        .map(|(index, person)| (*person, index))
        .collect();
    let generation = &reached.generation;
    let mut rows: BTreeMap<i32, Vec<PersonId>> = BTreeMap::new();
    for person in &drawn_order {
        rows.entry(generation[person]).or_default().push(*person);
    }
    let couples = couples(network, &ties, &drawn, &drawn_order);
    let mut seated = blocks(&rows, &couples, generation, &rank, &reached.side, network);
    // Start from the hourglass a genealogist draws: the father's family on the left, the
    // further out the more distant, the mother's on the right; the sweeps refine it.
    for row in seated.values_mut() {
        row.sort_by_key(|block| {
            let first = block.iter().min_by_key(|p| rank[*p]).unwrap_or(&block[0]);
            let side = reached.side.get(first).copied().unwrap_or(0);
            let rank = rank[first] as i64;
            (side, if side < 0 { -rank } else { rank })
        });
    }

    // Links between drawn people a generation apart, both ways, for ordering and placing.
    let mut links: Vec<(PersonId, PersonId)> = Vec::new();
    for person in &drawn_order {
        for (parent, kind) in ties.parents.get(person).into_iter().flatten() {
            if *kind != ParentKind::Step && drawn.contains(parent) {
                links.push((*parent, *person));
            }
        }
    }
    let mut up_links: HashMap<PersonId, Vec<PersonId>> = HashMap::new();
    let mut down_links: HashMap<PersonId, Vec<PersonId>> = HashMap::new();
    for (parent, child) in &links {
        if generation[parent] + 1 == generation[child] {
            up_links.entry(*child).or_default().push(*parent);
            down_links.entry(*parent).or_default().push(*child);
        }
    }
    let birth = |person| birth_key(network, person);
    let mut best = seated.clone();
    let mut fewest = crossings(&seated, &links, generation);
    for round in 0..8 {
        if fewest == 0 {
            break;
        }
        sweep(&mut seated, &up_links, &down_links, &birth, round % 2 == 0);
        let count = crossings(&seated, &links, generation);
        if count < fewest {
            fewest = count;
            best = seated.clone();
        }
    }
    let mut seated = best;
    eldest_first(&mut seated, &up_links, &birth);

    let mut x: HashMap<PersonId, f64> = HashMap::new();
    for row in seated.values() {
        for (index, person) in row.iter().flatten().enumerate() {
            x.insert(*person, index as f64 * GENOGRAM_SPACING * 1.15);
        }
    }
    for round in 0..6 {
        straighten(&seated, &mut x, &up_links, true);
        straighten(&seated, &mut x, &down_links, false);
        if round == 5 {
            straighten(&seated, &mut x, &up_links, true);
        }
    }
    let left = x.values().copied().fold(f64::INFINITY, f64::min);
    let left = if left.is_finite() { left } else { 0.0 };
    let top = seated.keys().next().copied().unwrap_or(0);
    let margin = GENOGRAM_SPACING / 2.0;
    let at = |person: &PersonId| {
        (
            x[person] - left + margin,
            f64::from(generation[person] - top) * ROW_HEIGHT + margin,
        )
    };
    let mut symbols: Vec<Symbol> = drawn_order
        .iter()
        .map(|person| {
            let (x, y) = at(person);
            Symbol {
                person: *person,
                generation: generation[person],
                x,
                y,
            }
        })
        .collect();
    symbols.sort_by_key(|symbol| symbol.person);
    let lines = lines(&ties, &drawn, &drawn_order, &couples, &seated, &at);
    let width = symbols.iter().map(|s| s.x).fold(0.0, f64::max) + margin;
    let height = symbols.iter().map(|s| s.y).fold(0.0, f64::max) + margin;
    Genogram {
        child: Some(child),
        symbols,
        lines,
        beyond: beyond
            .into_iter()
            .map(|(person, count)| Beyond { person, count })
            .collect(),
        width,
        height,
    }
}

/// The partner lines, then the lines from parents to children, then the bars over
/// brothers and sisters recorded without a parent.
fn lines(
    ties: &Ties,
    drawn: &HashSet<PersonId>,
    order: &[PersonId],
    couples: &[Couple],
    seated: &BTreeMap<i32, Vec<Vec<PersonId>>>,
    at: &impl Fn(&PersonId) -> (f64, f64),
) -> Vec<Line> {
    let r = SYMBOL_RADIUS;
    let mut lines = Vec::new();
    let adjacent: HashSet<(PersonId, PersonId)> = seated
        .values()
        .flatten()
        .flat_map(|block| block.windows(2).map(|pair| (pair[0], pair[1])))
        .collect();
    let mut couple_middle: HashMap<(PersonId, PersonId), (f64, f64)> = HashMap::new();
    for couple in couples {
        let (a, b) = (at(&couple.a), at(&couple.b));
        let (left, right) = if a.0 <= b.0 { (a, b) } else { (b, a) };
        let kind = LineKind::Partner {
            ended: couple.ended,
            recorded: couple.recorded,
        };
        let side_by_side =
            adjacent.contains(&(couple.a, couple.b)) || adjacent.contains(&(couple.b, couple.a));
        let points = if side_by_side {
            vec![(left.0 + r, left.1), (right.0 - r, right.1)]
        } else {
            // Apart: over the heads of whoever stands between.
            let over = left.1.min(right.1) - r - 18.0;
            vec![
                (left.0, left.1 - r),
                (left.0, over),
                (right.0, over),
                (right.0, right.1 - r),
            ]
        };
        let middle = if side_by_side {
            ((left.0 + right.0) / 2.0, left.1)
        } else {
            ((left.0 + right.0) / 2.0, left.1.min(right.1) - r - 18.0)
        };
        let key = if couple.a < couple.b {
            (couple.a, couple.b)
        } else {
            (couple.b, couple.a)
        };
        couple_middle.insert(key, middle);
        lines.push(Line { kind, points });
    }

    // Families: the same parents, in the same way, and their children.
    let mut families: Vec<(Vec<PersonId>, ParentKind, Vec<PersonId>)> = Vec::new();
    let mut family_index: HashMap<(Vec<PersonId>, ParentKind), usize> = HashMap::new();
    for person in order {
        let parents = ties.parents.get(person).map(Vec::as_slice).unwrap_or(&[]);
        for class in [
            ParentKind::Birth,
            ParentKind::Adoptive,
            ParentKind::Foster,
            ParentKind::Guardian,
        ] {
            let mut of_class: Vec<PersonId> = parents
                .iter()
                .filter(|(parent, kind)| *kind == class && drawn.contains(parent))
                .map(|(parent, _)| *parent)
                .collect();
            if of_class.is_empty() {
                continue;
            }
            of_class.sort();
            let key = (of_class.clone(), class);
            let index = *family_index.entry(key).or_insert_with(|| {
                families.push((of_class, class, Vec::new()));
                families.len() - 1
            });
            families[index].2.push(*person);
        }
    }
    // Brothers and sisters recorded as such who share no drawn family.
    let mut in_family: HashMap<PersonId, HashSet<usize>> = HashMap::new();
    for (index, (_, _, children)) in families.iter().enumerate() {
        for child in children {
            in_family.entry(*child).or_default().insert(index);
        }
    }
    let mut grouped: HashSet<PersonId> = HashSet::new();
    let mut sibling_groups: Vec<Vec<PersonId>> = Vec::new();
    for person in order {
        if grouped.contains(person) {
            continue;
        }
        let mut group = vec![*person];
        let mut index = 0;
        while index < group.len() {
            let current = group[index];
            for sibling in ties.siblings.get(&current).into_iter().flatten() {
                let share = in_family
                    .get(&current)
                    .is_some_and(|a| in_family.get(sibling).is_some_and(|b| !a.is_disjoint(b)));
                if drawn.contains(sibling) && !share && !group.contains(sibling) {
                    group.push(*sibling);
                }
            }
            index += 1;
        }
        if group.len() > 1 {
            grouped.extend(group.iter().copied());
            sibling_groups.push(group);
        }
    }

    // Each bar over a row of children at its own height where it would overlap another.
    struct Bar {
        from: Option<(f64, f64)>,
        kind: LineKind,
        children: Vec<(f64, f64)>,
        left: f64,
        right: f64,
        top: f64,
    }
    let mut bars: Vec<Bar> = Vec::new();
    for (parents, class, children) in &families {
        let points: Vec<(f64, f64)> = parents.iter().map(at).collect();
        let from = match parents.as_slice() {
            [a, b] => couple_middle
                .get(&(*a.min(b), *a.max(b)))
                .copied()
                .unwrap_or((
                    (points[0].0 + points[1].0) / 2.0,
                    points[0].1.max(points[1].1) + r,
                )),
            _ => (
                points.iter().map(|p| p.0).sum::<f64>() / points.len() as f64,
                points.iter().map(|p| p.1).fold(f64::MIN, f64::max) + r,
            ),
        };
        let children: Vec<(f64, f64)> = children.iter().map(at).collect();
        bars.push(bar(Some(from), LineKind::Descent(*class), children));
    }
    for group in &sibling_groups {
        bars.push(bar(
            None,
            LineKind::Siblings,
            group.iter().map(at).collect(),
        ));
    }
    fn bar(from: Option<(f64, f64)>, kind: LineKind, children: Vec<(f64, f64)>) -> Bar {
        let xs = children.iter().map(|c| c.0).chain(from.map(|f| f.0));
        let (left, right) = xs.fold((f64::MAX, f64::MIN), |(l, h), x| (l.min(x), h.max(x)));
        let top = children.iter().map(|c| c.1).fold(f64::MAX, f64::min);
        Bar {
            from,
            kind,
            children,
            left,
            right,
            top,
        }
    }
    bars.sort_by(|a, b| a.top.total_cmp(&b.top).then(a.left.total_cmp(&b.left)));
    let mut levels: HashMap<i64, Vec<f64>> = HashMap::new();
    for bar in bars {
        let row_levels = levels.entry(bar.top.round() as i64).or_default();
        let level = row_levels
            .iter()
            .position(|right| *right + 12.0 < bar.left)
            .unwrap_or(row_levels.len());
        if level == row_levels.len() {
            row_levels.push(bar.right);
        } else {
            row_levels[level] = bar.right;
        }
        let height = bar.top - r - 26.0 - 12.0 * (level % 5) as f64;
        if let Some(from) = bar.from {
            lines.push(Line {
                kind: bar.kind,
                points: vec![from, (from.0, height)],
            });
        }
        if bar.right > bar.left {
            lines.push(Line {
                kind: bar.kind,
                points: vec![(bar.left, height), (bar.right, height)],
            });
        }
        for child in bar.children {
            lines.push(Line {
                kind: bar.kind,
                points: vec![(child.0, height), (child.0, child.1 - r)],
            });
        }
    }
    lines
}
