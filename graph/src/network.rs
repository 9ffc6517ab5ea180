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

/// A person in the network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub sex: Sex,
    pub deceased: bool,
}

impl Person {
    pub fn new(id: PersonId, sex: Sex) -> Self {
        Self {
            id,
            sex,
            deceased: false,
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
}

impl Edge {
    pub fn new(from: PersonId, to: PersonId, kind: EdgeKind) -> Self {
        Self {
            from,
            to,
            kind,
            quality: Quality::Ordinary,
            ended: false,
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

    pub(crate) fn node(&self, id: PersonId) -> Option<NodeIndex> {
        self.index.get(&id).copied()
    }
}
