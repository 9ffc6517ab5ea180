//! The rows of recently read networks, kept between requests, each under the number of the
//! network's last event when it was read ([`network_events`](super::network_events)).
//!
//! Every change to a record of a network raises an event for that network in the change's
//! own transaction, and events are numbered in commit order; so a read that finds the
//! network's last event number unchanged since the rows were kept may use them, and any
//! commit that touched the network (through this process or another on the same database)
//! moves the number and sends the next read to the database. The number is read before the
//! rows, so kept rows are never older than their number; newer only means one read more.
//!
//! What is kept is the same for every viewer: the members, the people, their other names and
//! the relationships among them. Whether the viewer may read the network at all is checked
//! for each request before anything here is looked at, and what the viewer may see of each
//! person is decided afterwards, with the location restrictions of every network the person
//! is in, which are read afresh each time: they are records of other children's networks,
//! whose events this network's number does not count.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
};

use entity::{network_member, person, person_name, relationship};
use lru::LruCache;
use uuid::Uuid;

use crate::metrics::Metrics;

/// What is kept of one network: its members, and whichever other parts a read brought.
#[derive(Clone, Default)]
pub struct Rows {
    pub members: Arc<Vec<network_member::View>>,
    /// The child and every member, by id.
    pub people: Option<Arc<HashMap<Uuid, Arc<person::View>>>>,
    /// By person, an empty list for none.
    pub other_names: Option<Arc<HashMap<Uuid, Vec<person_name::View>>>>,
    /// Oldest first.
    pub relationships: Option<Arc<Vec<relationship::View>>>,
}

impl Rows {
    /// These rows with the parts they lack taken from `other`.
    fn or(self, other: &Rows) -> Rows {
        Rows {
            members: self.members,
            people: self.people.or_else(|| other.people.clone()),
            other_names: self.other_names.or_else(|| other.other_names.clone()),
            relationships: self.relationships.or_else(|| other.relationships.clone()),
        }
    }

    /// About how many bytes the rows hold: each row's own size and its text.
    fn weight(&self) -> usize {
        fn text(text: &Option<String>) -> usize {
            text.as_ref().map_or(0, String::capacity)
        }
        fn each<T>(rows: &[T], heap: impl Fn(&T) -> usize) -> usize {
            rows.iter()
                .map(|row| size_of::<T>() + heap(row))
                .sum::<usize>()
        }
        let members = each(&self.members, |member| {
            // Roles are a short JSON list of names.
            64 + text(&member.known_to_child_as)
                + text(&member.restriction_reason)
                + text(&member.found_via)
                + text(&member.notes)
        });
        let people = self.people.as_ref().map_or(0, |people| {
            people
                .values()
                .map(|person| {
                    size_of::<(Uuid, Arc<person::View>)>()
                        + size_of::<person::View>()
                        + [
                            &person.given_name,
                            &person.family_name,
                            &person.preferred_name,
                            &person.birth_date,
                            &person.area,
                            &person.phone,
                            &person.email,
                            &person.address,
                            &person.notes,
                        ]
                        .into_iter()
                        .map(text)
                        .sum::<usize>()
                })
                .sum()
        });
        let other_names = self.other_names.as_ref().map_or(0, |names| {
            names
                .values()
                .map(|names| {
                    size_of::<(Uuid, Vec<person_name::View>)>()
                        + each(names, |name| name.name.capacity())
                })
                .sum()
        });
        let relationships = self.relationships.as_ref().map_or(0, |relationships| {
            each(relationships, |relationship| {
                text(&relationship.source)
                    + text(&relationship.started_on)
                    + text(&relationship.ended_on)
                    + text(&relationship.notes)
            })
        });
        members + people + other_names + relationships
    }
}

struct Kept {
    last_event: i64,
    rows: Rows,
    weight: usize,
}

struct Shelf {
    networks: LruCache<Uuid, Kept>,
    weight: usize,
    budget: usize,
}

/// The networks kept, least recently read first out, within a budget of bytes; or none.
pub struct NetworkCache {
    shelf: Option<Mutex<Shelf>>,
    metrics: Arc<Metrics>,
}

impl NetworkCache {
    /// A cache of about `budget` bytes of rows, counting its hits, misses and size into
    /// `metrics`; none at all for 0.
    pub fn new(budget: usize, metrics: Arc<Metrics>) -> Self {
        Self {
            metrics,
            shelf: (budget > 0).then(|| {
                Mutex::new(Shelf {
                    networks: LruCache::unbounded(),
                    weight: 0,
                    budget,
                })
            }),
        }
    }

    pub fn is_on(&self) -> bool {
        self.shelf.is_some()
    }

    fn shelf(&self) -> Option<std::sync::MutexGuard<'_, Shelf>> {
        // Nothing is left half-changed under the lock, so a poisoned one is still sound.
        let shelf = self.shelf.as_ref()?;
        Some(shelf.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// The rows of `child`'s network kept when its last event was `last_event`.
    pub fn get(&self, child: Uuid, last_event: i64) -> Option<Rows> {
        let mut shelf = self.shelf()?;
        let rows = shelf
            .networks
            .get(&child)
            .filter(|kept| kept.last_event == last_event)
            .map(|kept| kept.rows.clone());
        drop(shelf);
        self.metrics.count_network_read(rows.is_some());
        rows
    }

    /// The person `person` among the people of `child`'s network kept under `last_event`,
    /// if they were kept. Not counted as a read of the network: the network's own read
    /// counts in the same request.
    pub fn person(&self, child: Uuid, last_event: i64, person: Uuid) -> Option<Arc<person::View>> {
        let shelf = self.shelf()?;
        let kept = shelf
            .networks
            .peek(&child)
            .filter(|kept| kept.last_event == last_event)?;
        kept.rows.people.as_ref()?.get(&person).cloned()
    }

    /// Keeps `rows` of `child`'s network, read after `last_event` was found to be its last
    /// event. Rows of the same event that are kept already fill in the parts these lack;
    /// rows of a later event stay as they are.
    pub fn keep(&self, child: Uuid, last_event: i64, rows: Rows) {
        let Some(mut shelf) = self.shelf() else {
            return;
        };
        let rows = match shelf.networks.peek(&child) {
            Some(kept) if kept.last_event > last_event => return,
            Some(kept) if kept.last_event == last_event => rows.or(&kept.rows),
            _ => rows,
        };
        let weight = rows.weight();
        if let Some(old) = shelf.networks.pop(&child) {
            shelf.weight -= old.weight;
        }
        if weight > shelf.budget {
            self.metrics.set_network_cache_bytes(shelf.weight);
            return;
        }
        while shelf.weight + weight > shelf.budget {
            match shelf.networks.pop_lru() {
                Some((_, old)) => shelf.weight -= old.weight,
                None => break,
            }
        }
        shelf.weight += weight;
        self.metrics.set_network_cache_bytes(shelf.weight);
        shelf.networks.push(
            child,
            Kept {
                last_event,
                rows,
                weight,
            },
        );
    }

    /// How many networks are kept, and about how many bytes they hold.
    pub fn size(&self) -> (usize, usize) {
        self.shelf()
            .map_or((0, 0), |shelf| (shelf.networks.len(), shelf.weight))
    }
}

impl std::fmt::Debug for NetworkCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (networks, bytes) = self.size();
        f.debug_struct("NetworkCache")
            .field("on", &self.is_on())
            .field("networks", &networks)
            .field("bytes", &bytes)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(child: Uuid) -> network_member::View {
        network_member::View {
            id: Uuid::now_v7(),
            child_id: child,
            person_id: Uuid::now_v7(),
            connection_status: entity::enums::ConnectionStatus::Active,
            side: entity::enums::FamilySide::Maternal,
            circle: entity::enums::Circle::Inner,
            roles: serde_json::json!([]),
            child_view: entity::enums::ChildView::NotAsked,
            known_to_child_as: None,
            holds_parental_responsibility: false,
            restriction: entity::enums::Restriction::None,
            restriction_reason: None,
            found_via: None,
            found_on: None,
            last_contact_on: None,
            notes: Some("x".repeat(1_000)),
            version: 1,
        }
    }

    fn network(child: Uuid, members: usize) -> Rows {
        Rows {
            members: Arc::new((0..members).map(|_| member(child)).collect()),
            ..Rows::default()
        }
    }

    #[test]
    fn rows_are_given_back_only_under_the_event_they_were_kept_at() {
        let cache = NetworkCache::new(1 << 20, Arc::default());
        let child = Uuid::now_v7();
        cache.keep(child, 7, network(child, 3));
        assert_eq!(cache.get(child, 7).map(|rows| rows.members.len()), Some(3));
        assert!(cache.get(child, 8).is_none());
        assert!(cache.get(child, 6).is_none());
        assert!(cache.get(Uuid::now_v7(), 7).is_none());
    }

    #[test]
    fn a_kept_person_is_given_back_only_under_the_event_they_were_kept_at() {
        let cache = NetworkCache::new(1 << 20, Arc::default());
        let (child, id) = (Uuid::now_v7(), Uuid::now_v7());
        let person = person::View {
            id,
            given_name: Some("Mia".into()),
            family_name: None,
            preferred_name: None,
            sex: None,
            birth_date: None,
            deceased: false,
            area: None,
            phone: None,
            email: None,
            address: None,
            notes: None,
            version: 1,
        };
        cache.keep(child, 7, network(child, 1));
        assert!(cache.person(child, 7, id).is_none(), "people were not kept");
        let with_people = Rows {
            people: Some(Arc::new(HashMap::from([(id, Arc::new(person))]))),
            ..network(child, 1)
        };
        cache.keep(child, 7, with_people);
        let found = cache.person(child, 7, id);
        assert_eq!(
            found.and_then(|p| p.given_name.clone()).as_deref(),
            Some("Mia")
        );
        assert!(cache.person(child, 8, id).is_none());
        assert!(cache.person(child, 7, Uuid::now_v7()).is_none());
    }

    #[test]
    fn rows_of_an_earlier_event_never_replace_later_ones() {
        let cache = NetworkCache::new(1 << 20, Arc::default());
        let child = Uuid::now_v7();
        cache.keep(child, 8, network(child, 2));
        cache.keep(child, 7, network(child, 5));
        assert_eq!(cache.get(child, 8).map(|rows| rows.members.len()), Some(2));
        cache.keep(child, 9, network(child, 4));
        assert_eq!(cache.get(child, 9).map(|rows| rows.members.len()), Some(4));
        assert!(cache.get(child, 8).is_none());
    }

    #[test]
    fn parts_read_under_the_same_event_are_kept_together() {
        let cache = NetworkCache::new(1 << 20, Arc::default());
        let child = Uuid::now_v7();
        let members = network(child, 2);
        cache.keep(child, 3, members.clone());
        let with_relationships = Rows {
            relationships: Some(Arc::new(Vec::new())),
            ..members.clone()
        };
        cache.keep(child, 3, with_relationships);
        let with_names = Rows {
            other_names: Some(Arc::new(HashMap::new())),
            ..members
        };
        cache.keep(child, 3, with_names);
        let kept = cache.get(child, 3);
        let parts = kept.map(|kept| {
            (
                kept.people.is_some(),
                kept.other_names.is_some(),
                kept.relationships.is_some(),
            )
        });
        assert_eq!(parts, Some((false, true, true)));
        // A new event starts again from what its read brought.
        cache.keep(child, 4, network(child, 2));
        let kept = cache.get(child, 4);
        let parts = kept.map(|kept| (kept.other_names.is_some(), kept.relationships.is_some()));
        assert_eq!(parts, Some((false, false)));
    }

    #[test]
    fn the_least_recently_read_go_first_and_the_budget_holds() {
        let one = network(Uuid::nil(), 10).weight();
        let cache = NetworkCache::new(one * 3, Arc::default());
        let children: Vec<Uuid> = (0..4).map(|_| Uuid::now_v7()).collect();
        for child in &children[..3] {
            cache.keep(*child, 1, network(*child, 10));
        }
        // Read the first again: the second is now the least recently read.
        assert!(cache.get(children[0], 1).is_some());
        cache.keep(children[3], 1, network(children[3], 10));
        assert!(cache.get(children[1], 1).is_none());
        for child in [children[0], children[2], children[3]] {
            assert!(cache.get(child, 1).is_some());
        }
        let (networks, bytes) = cache.size();
        assert_eq!(networks, 3);
        assert!(bytes <= one * 3, "{bytes} > {}", one * 3);
        // A network larger than the whole budget is not kept, and displaces nothing.
        cache.keep(children[1], 1, network(children[1], 40));
        assert!(cache.get(children[1], 1).is_none());
        assert_eq!(cache.size().0, 3);
    }

    #[test]
    fn a_cache_of_no_bytes_keeps_nothing() {
        let cache = NetworkCache::new(0, Arc::default());
        let child = Uuid::now_v7();
        cache.keep(child, 1, network(child, 1));
        assert!(!cache.is_on());
        assert!(cache.get(child, 1).is_none());
    }
}
