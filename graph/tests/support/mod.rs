//! A compact text form for small networks, so that a test states its family as data.
//!
//! ```text
//! child kid:F          the child, with sex F, M or nothing (unknown)
//! mum:F > kid          birth parent (the first mention of a name may give its sex)
//! dad:M >adoptive kid  adoptive parent; also >step, >foster, >guardian, >foster-ended
//! mum - dad            partners; `-former` for a partnership that has ended
//! kid = sis            siblings recorded without a parent
//! kid friend ally      a social tie: friend, teacher, mentor, neighbour, carer, professional, connection
//! ```

#![allow(dead_code)]

use std::collections::HashMap;

use graph::{Edge, EdgeKind, Network, ParentKind, Person, PersonId, Sex, SocialKind};
use proptest::prelude::*;

/// A parsed network and the names of its people.
pub struct Family {
    pub network: Network,
    pub names: HashMap<String, PersonId>,
}

impl Family {
    pub fn id(&self, name: &str) -> PersonId {
        *self
            .names
            .get(name)
            .unwrap_or_else(|| panic!("no person called {name}"))
    }

    pub fn name(&self, id: PersonId) -> String {
        self.names
            .iter()
            .find(|(_, value)| **value == id)
            .map(|(name, _)| name.clone())
            .unwrap_or_else(|| format!("{id:?}"))
    }
}

struct Builder {
    people: Vec<Person>,
    names: HashMap<String, PersonId>,
}

impl Builder {
    fn person(&mut self, token: &str) -> PersonId {
        let (name, sex) = match token.split_once(':') {
            Some((name, "F")) => (name, Sex::Female),
            Some((name, "M")) => (name, Sex::Male),
            Some((name, _)) => (name, Sex::Unknown),
            None => (token, Sex::Unknown),
        };
        if let Some(id) = self.names.get(name) {
            if sex != Sex::Unknown
                && let Some(person) = self.people.iter_mut().find(|p| p.id == *id)
            {
                person.sex = sex;
            }
            return *id;
        }
        let id = PersonId(self.people.len() as u128 + 1);
        self.names.insert(name.to_owned(), id);
        self.people.push(Person::new(id, sex));
        id
    }
}

/// Parses the text form.
pub fn family(text: &str) -> Family {
    let mut builder = Builder {
        people: Vec::new(),
        names: HashMap::new(),
    };
    let mut child = None;
    let mut edges = Vec::new();
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["child", who] => child = Some(builder.person(who)),
            [a, op, b] => {
                let (a, b) = (builder.person(a), builder.person(b));
                let mut ended = false;
                let kind = match *op {
                    ">" => EdgeKind::Parent(ParentKind::Birth),
                    ">adoptive" => EdgeKind::Parent(ParentKind::Adoptive),
                    ">step" => EdgeKind::Parent(ParentKind::Step),
                    ">foster" => EdgeKind::Parent(ParentKind::Foster),
                    ">foster-ended" => {
                        ended = true;
                        EdgeKind::Parent(ParentKind::Foster)
                    }
                    ">guardian" => EdgeKind::Parent(ParentKind::Guardian),
                    "-" => EdgeKind::Partner,
                    "-former" => {
                        ended = true;
                        EdgeKind::Partner
                    }
                    "=" => EdgeKind::Sibling,
                    "friend" => EdgeKind::Social(SocialKind::Friend),
                    "teacher" => EdgeKind::Social(SocialKind::Teacher),
                    "mentor" => EdgeKind::Social(SocialKind::Mentor),
                    "neighbour" => EdgeKind::Social(SocialKind::Neighbour),
                    "carer" => EdgeKind::Social(SocialKind::Carer),
                    "professional" => EdgeKind::Social(SocialKind::Professional),
                    "connection" => EdgeKind::Social(SocialKind::Other),
                    other => panic!("unknown edge `{other}` in `{line}`"),
                };
                let mut edge = Edge::new(a, b, kind);
                edge.ended = ended;
                edges.push(edge);
            }
            [single] => {
                builder.person(single);
            }
            _ => panic!("cannot read `{line}`"),
        }
    }
    let child = child.unwrap_or_else(|| panic!("no `child` line"));
    let network = Network::new(child, builder.people, edges)
        .unwrap_or_else(|error| panic!("bad network: {error}"));
    Family {
        network,
        names: builder.names,
    }
}

/// A random family of up to 14 people: parents always come before their children in the
/// numbering (so there is no cycle), plus partners, explicit siblings and social ties.
pub fn families() -> impl Strategy<Value = (Vec<Person>, Vec<Edge>)> {
    (3usize..14).prop_flat_map(|n| {
        let sexes = proptest::collection::vec(0u8..3, n);
        let edges = proptest::collection::vec((0..n, 0..n, 0u8..8), 0..(3 * n));
        (sexes, edges).prop_map(move |(sexes, raw)| {
            let people: Vec<Person> = sexes
                .iter()
                .enumerate()
                .map(|(i, sex)| {
                    let sex = match sex {
                        0 => Sex::Female,
                        1 => Sex::Male,
                        _ => Sex::Unknown,
                    };
                    Person::new(PersonId(i as u128 + 100), sex)
                })
                .collect();
            let mut edges = Vec::new();
            for (a, b, kind) in raw {
                if a == b {
                    continue;
                }
                let (older, younger) = (a.max(b), a.min(b));
                let kind = match kind {
                    0..=2 => EdgeKind::Parent(ParentKind::Birth),
                    3 => EdgeKind::Parent(ParentKind::Adoptive),
                    4 => EdgeKind::Partner,
                    5 => EdgeKind::Sibling,
                    6 => EdgeKind::Parent(ParentKind::Step),
                    _ => EdgeKind::Social(SocialKind::Friend),
                };
                edges.push(Edge::new(
                    PersonId(older as u128 + 100),
                    PersonId(younger as u128 + 100),
                    kind,
                ));
            }
            (people, edges)
        })
    })
}
