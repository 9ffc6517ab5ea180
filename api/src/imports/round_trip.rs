//! A network written as GEDCOM 7.0 by the export and read back by the import is the same
//! network: the same people, the same ties, the same kinship to the child. On generated
//! families in the shape GEDCOM holds them (a child's parents of one kind are one family,
//! two of them a couple; couples without children; friends as associations).

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use entity::{
    child,
    enums::{ChildStatus, Confidence, ParentKind, RelationshipKind, RelationshipQuality, Sex},
    person, relationship,
};
use proptest::prelude::*;
use uuid::Uuid;

use crate::{
    auth::Role,
    exports::gedcom::{Version, write},
    imports::{gedcom::read, mapping::network},
    policy::VisiblePerson,
    service::{
        Viewer,
        analysis::convert,
        exports::{FilePerson, NetworkFile},
    },
};

const GIVEN: [&str; 6] = ["Ann", "Bob", "Cara", "Dev", "Eve", "Finn"];
const FAMILY: [&str; 3] = ["Hartley", "Mills", "Walsh"];

/// A generated person: sex, given and family name, birth year.
type Someone = (bool, usize, usize, Option<i32>);

/// A generated family: its parents' kind, one or two parents (by index), and its children.
type Family = (usize, Vec<usize>, Vec<usize>);

#[derive(Debug, Clone)]
struct Generated {
    people: Vec<Someone>,
    /// Each person's parents, as a family of one kind.
    families: Vec<Family>,
    couples: Vec<(usize, usize)>,
    friends: Vec<(usize, usize)>,
}

fn generated() -> impl Strategy<Value = Generated> {
    let someone = (
        any::<bool>(),
        0..GIVEN.len(),
        0..FAMILY.len(),
        proptest::option::of(1900..2020i32),
    );
    proptest::collection::vec(someone, 2..24)
        .prop_flat_map(|people| {
            let n = people.len();
            // A person's parents come later in the list than they do: no one is their own
            // ancestor.
            let parents =
                proptest::collection::vec((0..3usize, proptest::collection::vec(0..n, 1..=2)), n);
            let pairs = proptest::collection::vec((0..n, 0..n), 0..4);
            (Just(people), parents, pairs.clone(), pairs)
        })
        .prop_map(|(people, parents, couples, friends)| {
            let n = people.len();
            let mut families: BTreeMap<(usize, Vec<usize>), Vec<usize>> = BTreeMap::new();
            let mut has_parents = BTreeSet::new();
            for (child, (kind, chosen)) in parents.into_iter().enumerate() {
                let mut chosen: Vec<usize> = chosen
                    .into_iter()
                    .map(|p| child + 1 + p % (n - child).max(1))
                    .filter(|p| *p < n)
                    .collect();
                chosen.sort();
                chosen.dedup();
                if chosen.is_empty() || child % 3 == 2 {
                    continue;
                }
                has_parents.insert(child);
                families.entry((kind, chosen)).or_default().push(child);
            }
            let distinct = |pairs: Vec<(usize, usize)>| -> Vec<(usize, usize)> {
                let set: BTreeSet<(usize, usize)> = pairs
                    .into_iter()
                    .filter(|(a, b)| a != b)
                    .map(|(a, b)| (a.min(b), a.max(b)))
                    .collect();
                set.into_iter().collect()
            };
            let mut couples = distinct(couples);
            for (_, parents) in families.keys() {
                if let [a, b] = parents.as_slice() {
                    couples.push((*a, *b));
                }
            }
            let couples = distinct(couples);
            let friends: Vec<(usize, usize)> = distinct(friends)
                .into_iter()
                .filter(|pair| !couples.contains(pair))
                .collect();
            Generated {
                people,
                families: families
                    .into_iter()
                    .map(|((kind, parents), children)| (kind, parents, children))
                    .collect(),
                couples,
                friends,
            }
        })
}

fn parent_kind(kind: usize) -> ParentKind {
    [ParentKind::Birth, ParentKind::Adoptive, ParentKind::Foster][kind]
}

fn person_view(id: Uuid, someone: &Someone) -> person::View {
    let (female, given, family, born) = *someone;
    person::View {
        id,
        given_name: Some(GIVEN[given].to_owned()),
        family_name: Some(FAMILY[family].to_owned()),
        preferred_name: None,
        sex: Some(if female { Sex::Female } else { Sex::Male }),
        birth_date: born.map(|year| year.to_string()),
        deceased: false,
        area: None,
        phone: None,
        email: None,
        address: None,
        notes: None,
        version: 1,
    }
}

fn tie(
    from: Uuid,
    to: Uuid,
    kind: RelationshipKind,
    parent: Option<ParentKind>,
) -> relationship::View {
    relationship::View {
        id: Uuid::now_v7(),
        from_person_id: from,
        to_person_id: to,
        kind,
        parent_kind: parent,
        quality: RelationshipQuality::Ordinary,
        confidence: Confidence::Confirmed,
        source: None,
        started_on: None,
        ended_on: None,
        notes: None,
        version: 1,
    }
}

/// The generated network as the export would be given it.
fn file_of(generated: &Generated) -> (NetworkFile, Vec<Uuid>) {
    let ids: Vec<Uuid> = generated.people.iter().map(|_| Uuid::now_v7()).collect();
    let organisation = Uuid::now_v7();
    let child_id = Uuid::now_v7();
    let viewer = Viewer {
        user_id: Uuid::now_v7(),
        organisation_id: organisation,
        organisation: "test".into(),
        subject: "test".into(),
        name: None,
        roles: vec![Role::Coordinator],
        via: crate::service::access::Via::Command,
        at: chrono::Utc::now(),
    };
    let people = generated
        .people
        .iter()
        .zip(&ids)
        .map(|(someone, id)| FilePerson {
            person: VisiblePerson::see(&viewer, person_view(*id, someone), &[], &[child_id]),
            other_names: Vec::new(),
            // A place in the network carries nothing GEDCOM holds but a restriction.
            member: None,
            relation: None,
        })
        .collect();
    let mut relationships = Vec::new();
    for (kind, parents, children) in &generated.families {
        for parent in parents {
            for child in children {
                relationships.push(tie(
                    ids[*parent],
                    ids[*child],
                    RelationshipKind::Parent,
                    Some(parent_kind(*kind)),
                ));
            }
        }
    }
    for (a, b) in &generated.couples {
        relationships.push(tie(ids[*a], ids[*b], RelationshipKind::Partner, None));
    }
    for (a, b) in &generated.friends {
        relationships.push(tie(ids[*a], ids[*b], RelationshipKind::Friend, None));
    }
    let now = Utc::now();
    let file = NetworkFile {
        child: child::Model {
            id: child_id,
            organisation_id: organisation,
            person_id: ids[0],
            case_reference: "PROP-1".into(),
            entered_care_on: None,
            status: ChildStatus::Open,
            version: 1,
            created_at: now,
            created_by: None,
            updated_at: now,
            updated_by: None,
            deleted_at: None,
            deleted_by: None,
        },
        people,
        relationships,
        written_at: now,
    };
    (file, ids)
}

type Tie = (RelationshipKind, Option<ParentKind>, Uuid, Uuid);

/// Ties as a set, a symmetric kind written one way.
fn normalised(ties: impl Iterator<Item = Tie>) -> BTreeSet<(String, Option<String>, Uuid, Uuid)> {
    ties.map(|(kind, parent, from, to)| {
        let (from, to) = if kind == RelationshipKind::Parent || from < to {
            (from, to)
        } else {
            (to, from)
        };
        (
            format!("{kind:?}"),
            parent.map(|p| format!("{p:?}")),
            from,
            to,
        )
    })
    .collect()
}

/// Each person's closest relation to the child.
fn labels(
    child: Uuid,
    people: &[(Uuid, Option<Sex>)],
    ties: &[relationship::View],
) -> BTreeMap<Uuid, String> {
    let network = graph::Network::new(
        convert::person_id(child),
        people
            .iter()
            .map(|(id, sex)| graph::Person::new(convert::person_id(*id), convert::sex(*sex))),
        ties.iter().map(|tie| convert::edge(&tie.into())),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let kinship = graph::kinship(&network);
    people
        .iter()
        .filter_map(|(id, _)| Some((*id, kinship.of(convert::person_id(*id))?.label().to_owned())))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_network_exported_as_gedcom_reads_back_the_same(generated in generated()) {
        let (file, ids) = file_of(&generated);
        let text = write(&file, Version::Seven);
        let document = read(text.as_bytes()).unwrap_or_else(|error| panic!("{error}\n{text}"));
        let back = network(&document);
        prop_assert!(back.skipped.is_empty(), "{:?}", back.skipped);

        // The same people, known again by the id the export gave them.
        let by_key: BTreeMap<&str, &crate::imports::mapping::FilePerson> =
            back.people.iter().map(|p| (p.key.as_str(), p)).collect();
        prop_assert_eq!(by_key.len(), ids.len());
        let mut xref_to_id = BTreeMap::new();
        for (id, someone) in ids.iter().zip(&generated.people) {
            let found = by_key.get(id.to_string().as_str());
            prop_assert!(found.is_some(), "{} is missing", id);
            let found = found.unwrap_or_else(|| unreachable!());
            let expected = person_view(*id, someone);
            prop_assert_eq!(&found.given, &expected.given_name);
            prop_assert_eq!(&found.family, &expected.family_name);
            prop_assert_eq!(found.sex, expected.sex);
            prop_assert_eq!(&found.born, &expected.birth_date);
            xref_to_id.insert(found.xref.clone(), *id);
        }

        // The same ties.
        let sent = normalised(file.relationships.iter().map(|r| {
            (r.kind, r.parent_kind, r.from_person_id, r.to_person_id)
        }));
        let read_back: Vec<relationship::View> = back
            .ties
            .iter()
            .map(|t| tie(xref_to_id[&t.from], xref_to_id[&t.to], t.kind, t.parent_kind))
            .collect();
        let received = normalised(read_back.iter().map(|r| {
            (r.kind, r.parent_kind, r.from_person_id, r.to_person_id)
        }));
        prop_assert_eq!(&sent, &received);

        // The same kinship to the child.
        let people: Vec<(Uuid, Option<Sex>)> = ids
            .iter()
            .zip(&generated.people)
            .map(|(id, someone)| (*id, person_view(*id, someone).sex))
            .collect();
        prop_assert_eq!(
            labels(ids[0], &people, &file.relationships),
            labels(ids[0], &people, &read_back)
        );
    }
}
