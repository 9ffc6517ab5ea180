//! Reading a whole network at once: the caller says which parts it will show, and each part
//! is fetched in one statement, sent together, so that a network costs the same few
//! statements whatever its size; or taken from the rows kept of the network when nothing in
//! it has changed since (`network_cache`).

use std::{collections::HashMap, sync::Arc};

use entity::{child, person, person_name, relationship};
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    service::{
        batches,
        network::{self, OpenNetwork},
        network_cache::Rows,
    },
};

/// The parts of a network a read brings, beyond its members.
#[derive(Clone, Copy, Debug, Default)]
pub struct Parts {
    /// The people: the child and every member.
    pub people: bool,
    /// Each person's other names (with `people`).
    pub other_names: bool,
    /// For each person, the children whose networks protect their location (with
    /// `people`): what deciding their sight needs.
    pub restrictions: bool,
    /// The relationships among the people.
    pub relationships: bool,
}

/// A person as a network read brought them.
pub struct PersonRead {
    pub person: Arc<person::View>,
    /// `None` when the read did not ask for them.
    pub other_names: Option<Vec<person_name::View>>,
    /// `None` when the read did not ask for them.
    pub restricted_in: Option<Vec<Uuid>>,
}

/// What a network read brought.
#[derive(Default)]
pub struct NetworkRead {
    /// By person id; empty unless [`Parts::people`].
    pub people: HashMap<Uuid, PersonRead>,
    /// `None` unless [`Parts::relationships`].
    pub relationships: Option<Arc<Vec<relationship::View>>>,
}

/// Reads the `parts` of the opened `network` of `child` (opened with [`network::open`],
/// which checks access and records it): each from what the cache kept of the network when
/// it was opened, or else from the database, and then kept with the rest. The location
/// restrictions are read every time: they are records of other children's networks.
pub async fn read(
    db: &Db,
    child: &child::Model,
    network: &OpenNetwork,
    parts: Parts,
) -> Result<NetworkRead, ApiError> {
    let organisation = child.organisation_id;
    let kept = network.kept.as_ref().map(|(_, rows)| rows);
    let people_kept = kept.and_then(|rows| rows.people.clone());
    let names_kept = kept.and_then(|rows| rows.other_names.clone());
    let relationships_kept = kept.and_then(|rows| rows.relationships.clone());
    let brought = (parts.people && people_kept.is_none())
        || (parts.people && parts.other_names && names_kept.is_none())
        || (parts.relationships && relationships_kept.is_none());
    let ids: Vec<Uuid> = network
        .members
        .iter()
        .map(|member| member.person_id)
        .chain([child.person_id])
        .collect();
    let (people, names, mut restrictions, relationships) = tokio::try_join!(
        when(parts.people, people_kept, async {
            let people: Vec<person::View> = network::people(db, child).await?;
            Ok(Arc::new(
                people
                    .into_iter()
                    .map(|person| (person.id, Arc::new(person)))
                    .collect(),
            ))
        }),
        when(parts.people && parts.other_names, names_kept, async {
            Ok(Arc::new(
                batches::other_names::fetch(db, organisation, &ids).await?,
            ))
        }),
        when(parts.people && parts.restrictions, None, async {
            Ok(batches::location_restrictions::fetch(db, organisation, &ids).await?)
        }),
        when(parts.relationships, relationships_kept, async {
            Ok(Arc::new(network::relationships(db, child).await?))
        }),
    )?;
    // Kept again only when this read brought a part the cache lacked: a read answered
    // wholly from the cache leaves it as it is.
    if let (true, Some((last_event, _))) = (brought, &network.kept) {
        let rows = Rows {
            members: network.members.clone(),
            people: people.clone(),
            other_names: names.clone(),
            relationships: relationships.clone(),
        };
        db.networks.keep(child.id, *last_event, rows);
    }
    let people = people
        .iter()
        .flat_map(|people| people.iter())
        .map(|(id, person)| {
            let read = PersonRead {
                person: person.clone(),
                other_names: names
                    .as_ref()
                    .map(|names| names.get(id).cloned().unwrap_or_default()),
                restricted_in: restrictions
                    .as_mut()
                    .map(|all| all.remove(id).unwrap_or_default()),
            };
            (*id, read)
        })
        .collect();
    Ok(NetworkRead {
        people,
        relationships,
    })
}

/// The part if it is `wanted`: as `kept`, or else `read`; nothing is read otherwise.
async fn when<T>(
    wanted: bool,
    kept: Option<T>,
    read: impl Future<Output = Result<T, ApiError>>,
) -> Result<Option<T>, ApiError> {
    match (wanted, kept) {
        (false, _) => Ok(None),
        (true, Some(kept)) => Ok(Some(kept)),
        (true, None) => read.await.map(Some),
    }
}
