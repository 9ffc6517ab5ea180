//! Kinship: how each person in a network is related to the child, in UK English, derived
//! from the primitive PARENT, PARTNER and SIBLING edges, with the side of the family and
//! the path it was derived from.

use std::collections::{BTreeSet, HashMap, HashSet};

use petgraph::{
    Direction,
    algo::tarjan_scc,
    graph::{DiGraph, NodeIndex},
    visit::EdgeRef,
};

use crate::{
    network::{EdgeKind, Network, ParentKind, PersonId, Sex, SocialKind},
    words,
};

/// Paths kept per person and per ancestor: pedigree collapse can multiply paths, and a
/// handful is all a practitioner reads.
const MAX_PATHS: usize = 8;
/// Generations walked up or down: far beyond real records, a guard against bad data.
const MAX_GENERATIONS: usize = 24;

/// Which side of the child's family a relation runs through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Maternal,
    Paternal,
    /// Through both parents: double cousins, pedigree collapse.
    Both,
    /// Not through one parent: parents, full siblings, descendants, social ties, or
    /// through a parent whose sex is not recorded.
    None,
}

impl Side {
    fn merge(self, other: Side) -> Side {
        match (self, other) {
            (a, b) if a == b => a,
            (Side::None, b) => b,
            (a, Side::None) => a,
            _ => Side::Both,
        }
    }
}

/// What kind of tie a relation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RelationKind {
    /// Family: by birth or adoption, by partnership (step-relatives, in-laws, a parent's
    /// partner).
    Kin,
    /// A foster carer or guardian, recorded as caring for the child.
    Carer,
    /// A friend, teacher, professional or other connection, of the child or of a relative.
    Social,
}

/// One way a person is related to the child.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    /// "maternal grandmother", "paternal half-brother", "mother's partner", "teacher".
    pub label: String,
    pub side: Side,
    /// The people from the child to this person, both included.
    pub path: Vec<PersonId>,
    /// Steps on the family tree between them: closer relations come first.
    pub distance: u32,
    pub kind: RelationKind,
}

/// Every way one person is related to the child, closest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kinship {
    pub person: PersonId,
    pub relations: Vec<Relation>,
}

impl Kinship {
    /// The closest relation's label.
    pub fn label(&self) -> &str {
        self.relations
            .first()
            .map(|relation| relation.label.as_str())
            .unwrap_or("")
    }

    /// Whether they are family of the child (not only a carer or a social tie).
    pub fn is_kin(&self) -> bool {
        self.relations
            .iter()
            .any(|relation| relation.kind == RelationKind::Kin)
    }

    /// The side over every family relation: both when they run through both parents.
    pub fn side(&self) -> Side {
        self.relations
            .iter()
            .map(|relation| relation.side)
            .fold(Side::None, Side::merge)
    }
}

/// Something wrong in the data that the answer worked around, or a bound it stopped at.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Warning {
    /// These people are recorded as each other's ancestors (or one as their own).
    ParentCycle(Vec<PersonId>),
    /// The family tree goes on beyond this many generations up or down from the child,
    /// where the search stopped: relatives further away are not named (their kinship is
    /// unknown, not "not related").
    GenerationLimit(usize),
}

/// The kinship of everyone related to the child, ordered by person id, and any warnings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KinshipReport {
    pub kinship: Vec<Kinship>,
    pub warnings: Vec<Warning>,
}

impl KinshipReport {
    /// The kinship of one person, if they are related to the child at all.
    pub fn of(&self, person: PersonId) -> Option<&Kinship> {
        self.kinship
            .binary_search_by_key(&person, |kinship| kinship.person)
            .ok()
            .map(|index| &self.kinship[index])
    }
}

/// The genealogical view of a network: birth and adoptive parenthood, plus one virtual
/// parent for each group of people recorded as siblings without a recorded parent, so that
/// their children and parents' siblings are found by the same walk.
struct Family {
    people: Vec<PersonId>,
    sex: Vec<Sex>,
    /// Index `n` and above are virtual parents, never shown.
    real: usize,
    parents: Vec<Vec<(usize, ParentKind)>>,
    children: Vec<Vec<(usize, ParentKind)>>,
    partners: Vec<Vec<(usize, bool)>>,
    social: Vec<Vec<(usize, SocialKind)>>,
    /// Step, foster and guardian edges into each person: (parent, kind, ended).
    carers: Vec<Vec<(usize, ParentKind, bool)>>,
}

impl Family {
    fn new(network: &Network) -> Self {
        let graph = network.graph();
        let real = graph.node_count();
        let people_ids: Vec<PersonId> = graph.node_weights().map(|person| person.id).collect();
        let mut sex: Vec<Sex> = graph.node_weights().map(|person| person.sex).collect();
        let mut parents = vec![Vec::new(); real];
        let mut children = vec![Vec::new(); real];
        let mut partners = vec![Vec::new(); real];
        let mut social = vec![Vec::new(); real];
        let mut carers = vec![Vec::new(); real];
        let mut sibling_pairs = Vec::new();
        for edge in graph.edge_references() {
            let (a, b) = (edge.source().index(), edge.target().index());
            let weight = edge.weight();
            match weight.kind {
                EdgeKind::Parent(kind @ (ParentKind::Birth | ParentKind::Adoptive)) => {
                    parents[b].push((a, kind));
                    children[a].push((b, kind));
                }
                EdgeKind::Parent(kind) => carers[b].push((a, kind, weight.ended)),
                EdgeKind::Partner => {
                    partners[a].push((b, weight.ended));
                    partners[b].push((a, weight.ended));
                }
                EdgeKind::Sibling => sibling_pairs.push((a, b)),
                EdgeKind::Social(kind) => {
                    social[a].push((b, kind));
                    social[b].push((a, kind));
                }
            }
        }
        // Union the explicit sibling groups and give each a virtual parent.
        let mut group: Vec<usize> = (0..real).collect();
        fn root(group: &mut [usize], mut x: usize) -> usize {
            while group[x] != x {
                group[x] = group[group[x]];
                x = group[x];
            }
            x
        }
        for &(a, b) in &sibling_pairs {
            let (ra, rb) = (root(&mut group, a), root(&mut group, b));
            if ra != rb {
                group[ra] = rb;
            }
        }
        let mut virtual_of: HashMap<usize, usize> = HashMap::new();
        let mut members: BTreeSet<usize> = BTreeSet::new();
        for &(a, b) in &sibling_pairs {
            members.insert(a);
            members.insert(b);
        }
        for member in members {
            let group_root = root(&mut group, member);
            let next = real + virtual_of.len();
            let parent = *virtual_of.entry(group_root).or_insert(next);
            if parent == children.len() {
                children.push(Vec::new());
                parents.push(Vec::new());
                sex.push(Sex::Unknown);
            }
            parents[member].push((parent, ParentKind::Birth));
            children[parent].push((member, ParentKind::Birth));
        }
        // Sort by person id, not by node index, so that the answer does not depend on the
        // order in which people and edges were given.
        let order = |node: usize| -> (bool, u128) {
            match people_ids.get(node) {
                Some(id) => (false, id.0),
                None => (true, node as u128),
            }
        };
        // A pair recorded as both birth and adoptive parent counts once, as birth.
        for list in parents.iter_mut().chain(children.iter_mut()) {
            list.sort_unstable_by_key(|(node, kind)| (order(*node), *kind != ParentKind::Birth));
            list.dedup_by_key(|(node, _)| *node);
        }
        for list in partners.iter_mut() {
            list.sort_unstable_by_key(|(node, _)| order(*node));
        }
        for list in social.iter_mut() {
            list.sort_unstable_by_key(|(node, _)| order(*node));
        }
        for list in carers.iter_mut() {
            list.sort_unstable_by_key(|(node, _, _)| order(*node));
        }
        Self {
            people: people_ids,
            sex,
            real,
            parents,
            children,
            partners,
            social,
            carers,
        }
    }

    fn is_virtual(&self, node: usize) -> bool {
        node >= self.real
    }

    fn parent_set(&self, node: usize) -> BTreeSet<usize> {
        self.parents[node]
            .iter()
            .map(|(parent, _)| *parent)
            .collect()
    }

    fn kind_between(&self, parent: usize, child: usize) -> ParentKind {
        self.parents[child]
            .iter()
            .find(|(p, _)| *p == parent)
            .map(|(_, kind)| *kind)
            .unwrap_or(ParentKind::Birth)
    }
}

/// A walk up the tree from the child: the nodes from the child to an ancestor.
type Path = Vec<usize>;

/// Every path from `start` up to each ancestor, at most [`MAX_PATHS`] per ancestor. A path
/// never visits a node twice, so a parent cycle cannot make it loop.
fn ancestors(family: &Family, start: usize, stopped: &mut bool) -> HashMap<usize, Vec<Path>> {
    let mut found: HashMap<usize, Vec<Path>> = HashMap::new();
    let mut frontier: Vec<Path> = vec![vec![start]];
    for generation in 0..MAX_GENERATIONS {
        let mut next = Vec::new();
        for path in frontier {
            let Some(&last) = path.last() else { continue };
            for &(parent, _) in &family.parents[last] {
                if path.contains(&parent) {
                    continue;
                }
                let paths = found.entry(parent).or_default();
                if paths.len() >= MAX_PATHS {
                    continue;
                }
                let mut extended = path.clone();
                extended.push(parent);
                paths.push(extended.clone());
                next.push(extended);
            }
        }
        if next.is_empty() {
            break;
        }
        if generation + 1 == MAX_GENERATIONS {
            *stopped |= next.iter().any(|path| {
                path.last()
                    .is_some_and(|last| !family.parents[*last].is_empty())
            });
        }
        frontier = next;
    }
    found
}

/// Every path down from `ancestor` that does not pass through `lineage` (the child and
/// their ancestors: relatives below those are found from them).
fn descendants(
    family: &Family,
    ancestor: usize,
    lineage: &HashSet<usize>,
    stopped: &mut bool,
) -> Vec<Path> {
    let mut found = Vec::new();
    let mut per_node: HashMap<usize, usize> = HashMap::new();
    let mut frontier: Vec<Path> = vec![vec![ancestor]];
    for generation in 0..MAX_GENERATIONS {
        let mut next = Vec::new();
        for path in frontier {
            let Some(&last) = path.last() else { continue };
            for &(child, _) in &family.children[last] {
                if lineage.contains(&child) || path.contains(&child) {
                    continue;
                }
                let count = per_node.entry(child).or_default();
                if *count >= MAX_PATHS {
                    continue;
                }
                *count += 1;
                let mut extended = path.clone();
                extended.push(child);
                found.push(extended.clone());
                next.push(extended);
            }
        }
        if next.is_empty() {
            break;
        }
        if generation + 1 == MAX_GENERATIONS {
            *stopped |= next.iter().any(|path| {
                path.last()
                    .is_some_and(|last| !family.children[*last].is_empty())
            });
        }
        frontier = next;
    }
    found
}

/// A relation found by walking the tree, before it is named.
struct Found {
    person: usize,
    relation: Relation,
}

struct Namer<'a> {
    family: &'a Family,
    child: usize,
    /// The child has an adoptive parent, so birth relations say "birth".
    adopted: bool,
}

impl Namer<'_> {
    fn sex(&self, node: usize) -> Sex {
        self.family.sex[node]
    }

    fn side_of_parent(&self, parent: usize) -> Side {
        match self.sex(parent) {
            Sex::Female => Side::Maternal,
            Sex::Male => Side::Paternal,
            Sex::Unknown => Side::None,
        }
    }

    fn ids(&self, nodes: &[usize]) -> Vec<PersonId> {
        nodes
            .iter()
            .filter(|node| !self.family.is_virtual(**node))
            .map(|node| self.family.people[*node])
            .collect()
    }

    /// Whether any step of `up` (child to ancestor) or `down` (ancestor to person) is an
    /// adoption.
    fn adoptive(&self, up: &[usize], down: &[usize]) -> bool {
        let up_adoptive = up
            .windows(2)
            .any(|pair| self.family.kind_between(pair[1], pair[0]) == ParentKind::Adoptive);
        let down_adoptive = down
            .windows(2)
            .any(|pair| self.family.kind_between(pair[0], pair[1]) == ParentKind::Adoptive);
        up_adoptive || down_adoptive
    }

    /// Names a relation through a common ancestor `up.len() - 1` generations above the
    /// child and `down.len() - 1` above the person.
    fn name(&self, up: &[usize], down: &[usize], half: Option<bool>) -> Relation {
        let g = (up.len() - 1) as u32;
        let d = (down.len() - 1) as u32;
        let person = *down.last().unwrap_or(&self.child);
        let sex = self.sex(person);
        let base = match (g, d) {
            (0, d) => words::descendant(d, sex),
            (g, 0) => words::ancestor(g, sex),
            (1, 1) => words::gendered(sex, "sister", "brother", "sibling"),
            (g, 1) => words::ancestors_sibling(g, sex),
            (1, d) => words::siblings_descendant(d, sex),
            (g, d) => words::cousin(g, d),
        };
        let half = if half == Some(true) && g >= 1 && d >= 1 {
            "half-"
        } else {
            ""
        };
        let qualifier = if g >= 1 && self.adoptive(up, down) {
            "adoptive "
        } else if g >= 1 && self.adopted {
            "birth "
        } else {
            ""
        };
        let side = match (g, d) {
            (0, _) | (1, 0) => Side::None,
            (1, _) if half.is_empty() => Side::None,
            (1, _) => self.side_of_parent(up[1]),
            _ => self.side_of_parent(up[1]),
        };
        let side_word = match side {
            Side::Maternal => "maternal ",
            Side::Paternal => "paternal ",
            _ => "",
        };
        let mut path = up.to_vec();
        path.extend_from_slice(&down[1..]);
        Relation {
            label: format!("{side_word}{qualifier}{half}{base}"),
            side,
            path: self.ids(&path),
            distance: g + d,
            kind: RelationKind::Kin,
        }
    }

    /// Whether two children of a common ancestor are half-siblings: each has another
    /// parent recorded, and those differ. Unknown when either has only the one.
    fn half(&self, first: usize, second: usize) -> Option<bool> {
        if first == second {
            return None;
        }
        let a = self.family.parent_set(first);
        let b = self.family.parent_set(second);
        if a.iter()
            .chain(b.iter())
            .any(|node| self.family.is_virtual(*node))
        {
            return None;
        }
        let only_a = a.difference(&b).count();
        let only_b = b.difference(&a).count();
        if a == b {
            Some(false)
        } else if only_a > 0 && only_b > 0 {
            Some(true)
        } else {
            None
        }
    }
}

/// Derives how everyone in the network is related to the child.
///
/// Relations on the family tree come from walking up from the child to each ancestor and
/// down from each ancestor; then partners (step-parents, a parent's partner, in-laws,
/// aunts and uncles by marriage), step-siblings, and social ties are named from those.
///
/// # Complexity
/// O(A · N) for A ancestors of the child and N people, with at most [`MAX_PATHS`] paths
/// kept per person.
///
/// # Example
/// ```
/// use graph::{Edge, EdgeKind, Network, ParentKind, Person, PersonId, Sex, kinship};
///
/// let (child, mum, nan) = (PersonId(1), PersonId(2), PersonId(3));
/// let network = Network::new(
///     child,
///     [Person::new(child, Sex::Female), Person::new(mum, Sex::Female), Person::new(nan, Sex::Female)],
///     [
///         Edge::new(mum, child, EdgeKind::Parent(ParentKind::Birth)),
///         Edge::new(nan, mum, EdgeKind::Parent(ParentKind::Birth)),
///     ],
/// )?;
/// let report = kinship(&network);
/// assert_eq!(report.of(nan).map(|k| k.label()), Some("maternal grandmother"));
/// # Ok::<(), graph::NetworkError>(())
/// ```
pub fn kinship(network: &Network) -> KinshipReport {
    let family = Family::new(network);
    let Some(child) = network.node(network.child()).map(|node| node.index()) else {
        return KinshipReport::default();
    };
    let adopted = family.parents[child]
        .iter()
        .any(|(_, kind)| *kind == ParentKind::Adoptive);
    let namer = Namer {
        family: &family,
        child,
        adopted,
    };
    let mut stopped = false;
    let mut found = blood_relations(&namer, &mut stopped);
    let closest = closest_relations(&found);
    let related: HashSet<usize> = closest.keys().copied().chain([child]).collect();
    let carers: HashSet<usize> = family.carers[child].iter().map(|(c, _, _)| *c).collect();
    let unrelated = |person: usize| !related.contains(&person) && !carers.contains(&person);

    let (mut by_marriage, mut step_parents) = recorded_carers(&namer);
    let (partners, more_step_parents) = partners_of_parents(&namer, &closest, &unrelated);
    by_marriage.extend(partners);
    step_parents.extend(more_step_parents);
    by_marriage.extend(step_siblings(&namer, &step_parents, &related));
    by_marriage.extend(in_laws(&namer, &closest, &unrelated));
    let social = social_ties(&namer, &closest, &by_marriage);

    found.extend(by_marriage);
    found.extend(social);
    let mut warnings = parent_cycles(network);
    if stopped {
        warnings.push(Warning::GenerationLimit(MAX_GENERATIONS));
    }
    KinshipReport {
        kinship: by_person(&family, child, found),
        warnings,
    }
}

/// Relations on the family tree: every ancestor, and everyone descended from the child's
/// ancestors (siblings, aunts, cousins, nieces), by every path within the generation limit.
/// Sets `stopped` when the limit cut a search short.
fn blood_relations(namer: &Namer<'_>, stopped: &mut bool) -> Vec<Found> {
    let (family, child) = (namer.family, namer.child);
    let mut found = Vec::new();
    let up = ancestors(family, child, stopped);
    let mut lineage: HashSet<usize> = up.keys().copied().collect();
    lineage.insert(child);
    for (ancestor, paths) in &up {
        if !family.is_virtual(*ancestor) {
            for path in paths {
                found.push(Found {
                    person: *ancestor,
                    relation: namer.name(path, &[*ancestor], None),
                });
            }
        }
    }
    let mut roots: Vec<(usize, Vec<Path>)> = up.into_iter().collect();
    roots.push((child, vec![vec![child]]));
    roots.sort_by_key(|(node, _)| (family.is_virtual(*node), family.people.get(*node).copied()));
    // Relations through a couple are found once through each of them; keep one, keyed by
    // the two branches below the couple.
    let mut seen: HashSet<(usize, Vec<usize>, Vec<usize>)> = HashSet::new();
    for (ancestor, up_paths) in &roots {
        for down in descendants(family, *ancestor, &lineage, stopped) {
            let Some(&person) = down.last() else { continue };
            if family.is_virtual(person) {
                continue;
            }
            for up_path in up_paths {
                let g = up_path.len() - 1;
                let branch_child = if g == 0 { child } else { up_path[g - 1] };
                let branch_person = down[1];
                let child_side: Vec<usize> = up_path[..g.max(1)].to_vec();
                let person_side: Vec<usize> = down[1..].to_vec();
                if !seen.insert((person, child_side, person_side)) {
                    continue;
                }
                let half = if g == 0 {
                    None
                } else {
                    namer.half(branch_child, branch_person)
                };
                found.push(Found {
                    person,
                    relation: namer.name(up_path, &down, half),
                });
            }
        }
    }
    found
}

/// The ordering of relations: closest first, then by label and path, so that every answer
/// is the same for the same family.
fn relation_order(relation: &Relation) -> (u32, &str, &[PersonId]) {
    (relation.distance, &relation.label, &relation.path)
}

/// Each person's closest relation among `found`.
fn closest_relations(found: &[Found]) -> HashMap<usize, Relation> {
    let mut closest: HashMap<usize, Relation> = HashMap::new();
    for item in found {
        let entry = closest
            .entry(item.person)
            .or_insert_with(|| item.relation.clone());
        if relation_order(&item.relation) < relation_order(entry) {
            *entry = item.relation.clone();
        }
    }
    closest
}

/// A step-parent (or a parent's partner) and the path from the child to them.
type StepParent = (usize, Vec<usize>);

/// Step, foster and guardian parents, recorded as such; the step-parents are returned
/// too, for their children.
fn recorded_carers(namer: &Namer<'_>) -> (Vec<Found>, Vec<StepParent>) {
    let (family, child) = (namer.family, namer.child);
    let mut found = Vec::new();
    let mut step_parents = Vec::new();
    for &(carer, kind, ended) in &family.carers[child] {
        let sex = family.sex[carer];
        let label = match kind {
            ParentKind::Step => {
                step_parents.push((carer, vec![child, carer]));
                format!(
                    "step-{}",
                    words::gendered(sex, "mother", "father", "parent")
                )
            }
            ParentKind::Foster => {
                words::gendered(sex, "foster mother", "foster father", "foster carer")
            }
            _ => "guardian".to_owned(),
        };
        let label = if ended {
            format!("former {label}")
        } else {
            label
        };
        found.push(Found {
            person: carer,
            relation: Relation {
                label,
                side: Side::None,
                path: namer.ids(&[child, carer]),
                distance: 1,
                kind: if kind == ParentKind::Step {
                    RelationKind::Kin
                } else {
                    RelationKind::Carer
                },
            },
        });
    }
    (found, step_parents)
}

/// Partners of the child's parents, "mother's partner"; the current ones are returned as
/// step-parents too, for their children.
fn partners_of_parents(
    namer: &Namer<'_>,
    closest: &HashMap<usize, Relation>,
    unrelated: &dyn Fn(usize) -> bool,
) -> (Vec<Found>, Vec<StepParent>) {
    let (family, child) = (namer.family, namer.child);
    let mut found = Vec::new();
    let mut step_parents = Vec::new();
    for parent in parents_of(family, child) {
        let parent_word = closest
            .get(&parent)
            .map(|relation| relation.label.clone())
            .unwrap_or_default();
        for &(partner, ended) in &family.partners[parent] {
            if !unrelated(partner) {
                continue;
            }
            let role = if ended { "former partner" } else { "partner" };
            found.push(Found {
                person: partner,
                relation: Relation {
                    label: format!("{} {role}", words::possessive(&parent_word)),
                    side: Side::None,
                    path: namer.ids(&[child, parent, partner]),
                    distance: 2,
                    kind: RelationKind::Kin,
                },
            });
            if !ended {
                step_parents.push((partner, vec![child, parent, partner]));
            }
        }
    }
    (found, step_parents)
}

/// The child's recorded parents, the real ones.
fn parents_of(family: &Family, child: usize) -> Vec<usize> {
    family.parents[child]
        .iter()
        .map(|(parent, _)| *parent)
        .filter(|parent| !family.is_virtual(*parent))
        .collect()
}

/// Children of step-parents who are not otherwise related: step-siblings.
fn step_siblings(
    namer: &Namer<'_>,
    step_parents: &[StepParent],
    related: &HashSet<usize>,
) -> Vec<Found> {
    let family = namer.family;
    let mut found = Vec::new();
    for (step_parent, path) in step_parents {
        for &(kid, _) in &family.children[*step_parent] {
            if related.contains(&kid) || family.is_virtual(kid) {
                continue;
            }
            let mut full = path.clone();
            full.push(kid);
            found.push(Found {
                person: kid,
                relation: Relation {
                    label: format!(
                        "step-{}",
                        words::gendered(family.sex[kid], "sister", "brother", "sibling")
                    ),
                    side: Side::None,
                    path: namer.ids(&full),
                    distance: (full.len() - 1) as u32,
                    kind: RelationKind::Kin,
                },
            });
        }
    }
    found
}

/// Partners of relatives other than the parents: in-laws, aunts and uncles by marriage,
/// "cousin's partner".
fn in_laws(
    namer: &Namer<'_>,
    closest: &HashMap<usize, Relation>,
    unrelated: &dyn Fn(usize) -> bool,
) -> Vec<Found> {
    let (family, child) = (namer.family, namer.child);
    let parents = parents_of(family, child);
    let mut found = Vec::new();
    let mut relatives: Vec<(&usize, &Relation)> = closest.iter().collect();
    relatives.sort_by_key(|(node, relation)| (relation.distance, family.people[**node]));
    for (&relative, relation) in relatives {
        if parents.contains(&relative) {
            continue;
        }
        for &(partner, ended) in &family.partners[relative] {
            if !unrelated(partner) {
                continue;
            }
            let mut path = relation.path.clone();
            path.push(family.people[partner]);
            found.push(Found {
                person: partner,
                relation: Relation {
                    label: in_law_label(relation, family.sex[partner], ended),
                    side: relation.side,
                    path,
                    distance: relation.distance + 1,
                    kind: RelationKind::Kin,
                },
            });
        }
    }
    found
}

/// What the partner of someone related by `relation` is to the child.
fn in_law_label(relation: &Relation, sex: Sex, ended: bool) -> String {
    let former = if ended { "former " } else { "" };
    let core = &relation.label;
    let is_sibling =
        core.ends_with("sister") || core.ends_with("brother") || core.ends_with("sibling");
    let is_aunt =
        core.ends_with("aunt") || core.ends_with("uncle") || core.ends_with("aunt or uncle");
    if is_sibling && !core.contains("grand") {
        format!(
            "{former}{}",
            words::gendered(sex, "sister-in-law", "brother-in-law", "sibling-in-law")
        )
    } else if is_aunt {
        let side_word = match relation.side {
            Side::Maternal => "maternal ",
            Side::Paternal => "paternal ",
            _ => "",
        };
        let greats = core.matches("great-").count() as u32;
        format!(
            "{former}{side_word}{} (by marriage)",
            words::ancestors_sibling(greats + 2, sex)
        )
    } else {
        format!("{} {}partner", words::possessive(core), former)
    }
}

/// Social ties: the child's own ("friend", "teacher"), then one step out from anyone
/// related by blood or marriage ("grandmother's friend").
fn social_ties(
    namer: &Namer<'_>,
    closest: &HashMap<usize, Relation>,
    by_marriage: &[Found],
) -> Vec<Found> {
    let (family, child) = (namer.family, namer.child);
    let mut named: HashMap<usize, Relation> = closest.clone();
    let mut sorted: Vec<&Found> = by_marriage.iter().collect();
    sorted.sort_by(|a, b| relation_order(&a.relation).cmp(&relation_order(&b.relation)));
    for item in sorted {
        named
            .entry(item.person)
            .or_insert_with(|| item.relation.clone());
    }
    let mut found = Vec::new();
    for &(other, kind) in &family.social[child] {
        found.push(Found {
            person: other,
            relation: Relation {
                label: social_word(kind).to_owned(),
                side: Side::None,
                path: namer.ids(&[child, other]),
                distance: 1,
                kind: RelationKind::Social,
            },
        });
    }
    let mut relatives: Vec<(&usize, &Relation)> = named.iter().collect();
    relatives.sort_by_key(|(node, relation)| (relation.distance, family.people[**node]));
    for (&relative, relation) in relatives {
        for &(other, kind) in &family.social[relative] {
            if other == child || named.contains_key(&other) {
                continue;
            }
            let mut path = relation.path.clone();
            path.push(family.people[other]);
            found.push(Found {
                person: other,
                relation: Relation {
                    label: social_tie_of(&relation.label, kind),
                    // The tie runs through the relative, on their side of the family.
                    side: relation.side,
                    path,
                    distance: relation.distance + 1,
                    kind: RelationKind::Social,
                },
            });
        }
    }
    found
}

/// Every relation found, gathered by person: closest first, each way once, at most
/// [`MAX_PATHS`] of them; people in id order.
fn by_person(family: &Family, child: usize, found: Vec<Found>) -> Vec<Kinship> {
    let mut by_person: HashMap<usize, Vec<Relation>> = HashMap::new();
    for item in found {
        if item.person == child || family.is_virtual(item.person) {
            continue;
        }
        by_person
            .entry(item.person)
            .or_default()
            .push(item.relation);
    }
    let mut kinship: Vec<Kinship> = by_person
        .into_iter()
        .map(|(node, mut relations)| {
            relations.sort_by(|a, b| relation_order(a).cmp(&relation_order(b)));
            relations.dedup_by(|a, b| a.label == b.label && a.path == b.path);
            relations.truncate(MAX_PATHS);
            Kinship {
                person: family.people[node],
                relations,
            }
        })
        .collect();
    kinship.sort_by_key(|kinship| kinship.person);
    kinship
}

/// "grandmother's friend", "professional working with brother", "connection of aunt".
fn social_tie_of(relative: &str, kind: SocialKind) -> String {
    match kind {
        SocialKind::Professional => format!("professional working with {relative}"),
        SocialKind::Other => format!("connection of {relative}"),
        _ => format!("{} {}", words::possessive(relative), social_word(kind)),
    }
}

fn social_word(kind: SocialKind) -> &'static str {
    match kind {
        SocialKind::Friend => "friend",
        SocialKind::Teacher => "teacher",
        SocialKind::Mentor => "mentor",
        SocialKind::Neighbour => "neighbour",
        SocialKind::Carer => "carer",
        SocialKind::Professional => "professional",
        SocialKind::Other => "other connection",
    }
}

/// Groups of people recorded as each other's ancestors.
pub fn parent_cycles(network: &Network) -> Vec<Warning> {
    let graph = network.graph();
    let mut parents: DiGraph<PersonId, ()> = DiGraph::new();
    let nodes: Vec<NodeIndex> = graph
        .node_weights()
        .map(|person| parents.add_node(person.id))
        .collect();
    for edge in graph.edge_references() {
        if let EdgeKind::Parent(ParentKind::Birth | ParentKind::Adoptive) = edge.weight().kind {
            parents.add_edge(
                nodes[edge.source().index()],
                nodes[edge.target().index()],
                (),
            );
        }
    }
    let mut warnings: Vec<Warning> = tarjan_scc(&parents)
        .into_iter()
        .filter(|component| {
            component.len() > 1
                || component.iter().any(|node| {
                    parents
                        .neighbors_directed(*node, Direction::Outgoing)
                        .any(|next| next == *node)
                })
        })
        .map(|component| {
            let mut people: Vec<PersonId> = component.iter().map(|node| parents[*node]).collect();
            people.sort();
            Warning::ParentCycle(people)
        })
        .collect();
    warnings.sort();
    warnings
}
