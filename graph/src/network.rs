//! The one plain type every algorithm here takes: a child's network of people and the
//! relationships between them.

use std::collections::HashMap;

use petgraph::graph::{DiGraph, NodeIndex};

/// A person's id, as the caller knows it (the API passes a UUID's 128 bits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonId(pub u128);

/// Sex as recorded; labels are gendered where it is known and neutral where not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Sex {
    Female,
    Male,
    #[default]
    Unknown,
}

/// How a parent is a parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParentKind {
    Birth,
    Adoptive,
    Step,
    Foster,
    Guardian,
}

/// A social tie, named as such in kinship labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SocialKind {
    Friend,
    Teacher,
    Mentor,
    Neighbour,
    Carer,
    Professional,
    Other,
}

/// The quality of a tie, in genogram terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Quality {
    Close,
    #[default]
    Ordinary,
    Distant,
    Conflict,
    CutOff,
    Hostile,
}

/// What an edge is. PARENT edges point from parent to child; the rest read both ways.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    Parent(ParentKind),
    Partner,
    Sibling,
    Social(SocialKind),
}

/// A day, counted from 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day(pub i32);

impl Day {
    /// The (year, month) the day falls in, in the proleptic Gregorian calendar.
    pub fn year_month(self) -> (i32, u32) {
        // Howard Hinnant's civil-from-days.
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i32::from(month <= 2);
        (year, month)
    }
}

/// Where the child stands with a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Active,
    Lost,
    NotYetContacted,
    Reestablished,
    Declined,
    Deceased,
}

/// A safeguarding restriction on contact with a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Restriction {
    #[default]
    None,
    SupervisedOnly,
    NoContact,
    DoNotDiscloseLocation,
}

/// How close to the child a member is, as on an ecomap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Circle {
    Inner,
    Middle,
    Outer,
}

/// Support a member offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Emotional,
    Practical,
    Respite,
    PlacementOption,
    Mentor,
    FgcParticipant,
}

/// Which side of the family a member was recorded on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FamilySide {
    Maternal,
    Paternal,
    Both,
    None,
}

/// What the child has said about contact with a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum ChildView {
    WantsContact,
    Unsure,
    DoesNotWant,
    #[default]
    NotAsked,
}

/// How sure the record of a relationship is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Confidence {
    #[default]
    Confirmed,
    Probable,
    Possible,
}

/// A person's place in the child's network: absent for the child, and for people the
/// caller includes only because they are related (say, in a sibling's network).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub status: Status,
    pub restriction: Restriction,
    pub side: FamilySide,
    pub circle: Circle,
    pub roles: Vec<Role>,
    /// When they were put into the network.
    pub added: Option<Day>,
    /// The last search for or contact attempt with them.
    pub last_searched: Option<Day>,
    /// What the child has said about contact with them.
    pub child_view: ChildView,
    /// When the child last had contact with them.
    pub last_contact: Option<Day>,
    pub parental_responsibility: bool,
    /// Members with the same key live together; `None` where it is not known (or not
    /// to be known: the caller leaves out whereabouts the viewer may not see).
    pub household: Option<u64>,
    /// What the member has agreed to, as far as the work with them depends on it.
    pub consent: Consent,
}

/// What a member's recorded consent (or its absence, where a council requires it) allows.
/// Everything is allowed unless the caller says otherwise: a withdrawal must be told.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Consent {
    /// They may be searched for.
    pub search: bool,
    /// They may be contacted: offered as a lead, or reached through an introduction.
    pub contact: bool,
    /// They may be invited to a Family Group Conference.
    pub invitation: bool,
}

impl Default for Consent {
    fn default() -> Self {
        Self {
            search: true,
            contact: true,
            invitation: true,
        }
    }
}

impl Member {
    pub fn new(status: Status) -> Self {
        Self {
            status,
            restriction: Restriction::None,
            side: FamilySide::None,
            circle: Circle::Outer,
            roles: Vec::new(),
            added: None,
            last_searched: None,
            child_view: ChildView::NotAsked,
            last_contact: None,
            parental_responsibility: false,
            household: None,
            consent: Consent::default(),
        }
    }
}

/// A person in the network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub sex: Sex,
    pub deceased: bool,
    /// When they were born, as far as it is known: it orders brothers and sisters.
    pub born: Option<crate::PartialDate>,
    /// Their place in this child's network, if they have one.
    pub member: Option<Member>,
}

impl Person {
    pub fn new(id: PersonId, sex: Sex) -> Self {
        Self {
            id,
            sex,
            deceased: false,
            born: None,
            member: None,
        }
    }

    /// A member of the network with `status`.
    pub fn member(id: PersonId, sex: Sex, status: Status) -> Self {
        Self {
            member: Some(Member::new(status)),
            ..Self::new(id, sex)
        }
    }
}

/// A relationship between two people of the network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: PersonId,
    pub to: PersonId,
    pub kind: EdgeKind,
    pub quality: Quality,
    /// The relationship has ended (a former partner, a former foster carer).
    pub ended: bool,
    /// How sure the record is.
    pub confidence: Confidence,
}

impl Edge {
    pub fn new(from: PersonId, to: PersonId, kind: EdgeKind) -> Self {
        Self {
            from,
            to,
            kind,
            quality: Quality::Ordinary,
            ended: false,
            confidence: Confidence::Confirmed,
        }
    }
}

/// Why a network could not be built.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum NetworkError {
    #[error("the child {0:?} is not among the people")]
    MissingChild(PersonId),
    #[error("an edge names {0:?}, who is not among the people")]
    UnknownPerson(PersonId),
    #[error("{0:?} appears twice among the people")]
    DuplicatePerson(PersonId),
}

/// A child's network: the child, the people, and the edges among them, indexed for the
/// algorithms. Edges that join a person to themselves are dropped.
#[derive(Clone, Debug)]
pub struct Network {
    child: PersonId,
    graph: DiGraph<Person, Edge>,
    index: HashMap<PersonId, NodeIndex>,
}

impl Network {
    /// Builds a network. Every edge must join two of `people`, and the child must be one.
    ///
    /// # Complexity
    /// O(people + edges).
    pub fn new(
        child: PersonId,
        people: impl IntoIterator<Item = Person>,
        edges: impl IntoIterator<Item = Edge>,
    ) -> Result<Self, NetworkError> {
        let mut graph = DiGraph::new();
        let mut index = HashMap::new();
        for person in people {
            let id = person.id;
            if index.insert(id, graph.add_node(person)).is_some() {
                return Err(NetworkError::DuplicatePerson(id));
            }
        }
        if !index.contains_key(&child) {
            return Err(NetworkError::MissingChild(child));
        }
        for edge in edges {
            let from = *index
                .get(&edge.from)
                .ok_or(NetworkError::UnknownPerson(edge.from))?;
            let to = *index
                .get(&edge.to)
                .ok_or(NetworkError::UnknownPerson(edge.to))?;
            if from != to {
                graph.add_edge(from, to, edge);
            }
        }
        Ok(Self {
            child,
            graph,
            index,
        })
    }

    /// The child at the centre.
    pub fn child(&self) -> PersonId {
        self.child
    }

    /// Everyone, in the order given.
    pub fn people(&self) -> impl Iterator<Item = &Person> {
        self.graph.node_weights()
    }

    /// Every edge, in the order given.
    pub fn edges(&self) -> impl Iterator<Item = &Edge> {
        self.graph.edge_weights()
    }

    /// The person with this id.
    pub fn person(&self, id: PersonId) -> Option<&Person> {
        self.index.get(&id).map(|node| &self.graph[*node])
    }

    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }

    pub(crate) fn graph(&self) -> &DiGraph<Person, Edge> {
        &self.graph
    }

    /// Whether a person is in the child's network (the child counts).
    pub fn is_member(&self, id: PersonId) -> bool {
        id == self.child
            || self
                .person(id)
                .is_some_and(|person| person.member.is_some())
    }

    pub(crate) fn node(&self, id: PersonId) -> Option<NodeIndex> {
        self.index.get(&id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::Day;

    #[test]
    fn days_fall_in_the_right_month() {
        assert_eq!(Day(0).year_month(), (1970, 1));
        assert_eq!(Day(31).year_month(), (1970, 2));
        assert_eq!(Day(-1).year_month(), (1969, 12));
        // 2000-02-29 and 2026-11-22
        assert_eq!(Day(11_016).year_month(), (2000, 2));
        assert_eq!(Day(20_779).year_month(), (2026, 11));
    }
}
