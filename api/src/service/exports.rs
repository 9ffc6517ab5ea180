//! What a file of a child's network holds, read as the viewer may see it and then as a file
//! may carry it (`VisiblePerson::in_a_file`): the interfaces only write it out in a format.
//! The read is the one every whole-network file and picture makes (`seen_network`).

use chrono::{DateTime, Utc};
use entity::{child, network_member, person_name, relationship};
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    policy::VisiblePerson,
    service::{Viewer, seen_network},
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
    let mut seen = seen_network::read(db, viewer, child_id).await?;
    let order = [seen.child.person_id]
        .into_iter()
        .chain(seen.members.iter().map(|member| member.person_id));
    let mut people = Vec::with_capacity(seen.people.len());
    for id in order {
        let Some(found) = seen.people.remove(&id) else {
            continue;
        };
        people.push(FilePerson {
            person: found.person.in_a_file(seen.consents.shares_details(id)),
            other_names: found.other_names,
            member: found.member,
            relation: seen.analysis.relation(id),
        });
    }
    Ok(NetworkFile {
        child: seen.child,
        people,
        relationships: seen.relationships,
        written_at: Utc::now(),
    })
}
