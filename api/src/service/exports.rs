//! What a file of a child's network holds, read as the viewer may see it and then as a file
//! may carry it (`VisiblePerson::in_a_file`): the interfaces only write it out in a format.
//! The read is logged as any network read is.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{child, network_member, person_name, relationship};
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    policy::VisiblePerson,
    service::{
        Viewer, access,
        analysis::{Analysis, convert},
        network,
        network_read::{self, Parts},
    },
};

/// A person in a file.
pub struct FilePerson {
    pub person: VisiblePerson,
    pub other_names: Vec<person_name::View>,
    /// Their place in the network; `None` for the child.
    pub member: Option<network_member::View>,
    /// Their closest relation to the child, if they are related.
    pub relation: Option<String>,
}

/// A child's network as a file holds it.
pub struct NetworkFile {
    pub child: child::Model,
    /// The child first, then the members in the order they joined.
    pub people: Vec<FilePerson>,
    /// The relationships among them.
    pub relationships: Vec<relationship::View>,
    pub written_at: DateTime<Utc>,
}

impl NetworkFile {
    /// A name for the file from the case reference: letters, digits and `-` only, so it
    /// is safe in a header and on any file system.
    pub fn file_name(&self, extension: &str) -> String {
        let stem: String = self
            .child
            .case_reference
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        format!("network-{stem}.{extension}")
    }
}

/// The network of `child_id` as a file may hold it; `NOT_FOUND` for a child the viewer may
/// not see.
pub async fn network_file(
    db: &Db,
    viewer: &Viewer,
    child_id: Uuid,
) -> Result<NetworkFile, ApiError> {
    let child = access::readable_child(&db.conn, viewer, child_id).await?;
    let members = network::open(db, viewer, &child).await?;
    let parts = Parts {
        people: true,
        other_names: true,
        restrictions: true,
        relationships: true,
    };
    let (mut read, caseload) = tokio::try_join!(
        network_read::read(db, &child, &members, parts),
        access::caseload(&db.conn, viewer),
    )?;
    let relationships = read.relationships.take().unwrap_or_default();
    // Kinship from the rows just read, not a second read of the network.
    let analysis = Analysis::of_rows(
        &child,
        &members,
        read.people.values().map(|found| &found.person),
        &relationships,
        &HashMap::new(),
    )?;
    let mut by_person: HashMap<Uuid, network_member::View> = members
        .into_iter()
        .map(|member| (member.person_id, member))
        .collect();
    let mut order: Vec<Uuid> = vec![child.person_id];
    let mut joined: Vec<&network_member::View> = by_person.values().collect();
    joined.sort_by_key(|member| member.id);
    order.extend(joined.into_iter().map(|member| member.person_id));
    let mut people = Vec::with_capacity(order.len());
    for id in order {
        let Some(found) = read.people.remove(&id) else {
            continue;
        };
        let restricted_in = found.restricted_in.unwrap_or_default();
        let person =
            VisiblePerson::see(viewer, found.person, &restricted_in, &caseload).in_a_file();
        let relation = analysis
            .kinship
            .of(convert::person_id(id))
            .map(|kinship| kinship.label().to_owned());
        people.push(FilePerson {
            person,
            other_names: found.other_names.unwrap_or_default(),
            member: by_person.remove(&id),
            relation,
        });
    }
    Ok(NetworkFile {
        child,
        people,
        relationships,
        written_at: Utc::now(),
    })
}
