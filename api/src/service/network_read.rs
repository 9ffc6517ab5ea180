//! Reading a whole network at once: the caller says which parts it will show, and each part
//! is fetched in one statement, sent together, so that a network costs the same few
//! statements whatever its size.

use std::collections::HashMap;

use entity::{child, network_member, person, person_name, relationship};
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    service::{batches, network},
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
    pub person: person::View,
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
    pub relationships: Option<Vec<relationship::View>>,
}

/// Reads the `parts` of the network of `child`, whose members the caller has already read
/// (with [`network::open`], which checks access and records it).
pub async fn read(
    db: &Db,
    child: &child::Model,
    members: &[network_member::View],
    parts: Parts,
) -> Result<NetworkRead, ApiError> {
    let organisation = child.organisation_id;
    let ids: Vec<Uuid> = members
        .iter()
        .map(|member| member.person_id)
        .chain([child.person_id])
        .collect();
    let (people, mut names, mut restrictions, relationships) = tokio::try_join!(
        when(parts.people, async {
            let people: Vec<person::View> = network::people(db, child).await?;
            let people: HashMap<Uuid, person::View> = people
                .into_iter()
                .map(|person| (person.id, person))
                .collect();
            Ok(people)
        }),
        when(parts.people && parts.other_names, async {
            Ok(batches::other_names::fetch(db, organisation, &ids).await?)
        }),
        when(parts.people && parts.restrictions, async {
            Ok(batches::location_restrictions::fetch(db, organisation, &ids).await?)
        }),
        when(parts.relationships, network::relationships(db, child)),
    )?;
    let people = people
        .unwrap_or_default()
        .into_iter()
        .map(|(id, person)| {
            let read = PersonRead {
                person,
                other_names: names
                    .as_mut()
                    .map(|names| names.remove(&id).unwrap_or_default()),
                restricted_in: restrictions
                    .as_mut()
                    .map(|all| all.remove(&id).unwrap_or_default()),
            };
            (id, read)
        })
        .collect();
    Ok(NetworkRead {
        people,
        relationships,
    })
}

/// `read`'s answer if the part is `wanted`; nothing is read otherwise.
async fn when<T>(
    wanted: bool,
    read: impl Future<Output = Result<T, ApiError>>,
) -> Result<Option<T>, ApiError> {
    match wanted {
        true => read.await.map(Some),
        false => Ok(None),
    }
}
