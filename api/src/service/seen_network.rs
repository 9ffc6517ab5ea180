//! A child's whole network as one viewer may see it, read once: what every whole-network
//! picture and file is made from. The read is logged as any network read; each person
//! comes through the visible-person view; kinship is worked out from the same rows.

use std::{collections::HashMap, sync::Arc};

use entity::{child, network_member, person, person_name, relationship};
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    policy::VisiblePerson,
    service::{
        Viewer, access,
        analysis::Analysis,
        consents::Standing,
        network,
        network_read::{self, Parts},
    },
};

/// A person of the network as the viewer sees them.
pub struct SeenPerson {
    pub person: VisiblePerson,
    pub other_names: Vec<person_name::View>,
    /// Their place in the network; `None` for the child.
    pub member: Option<network_member::View>,
}

/// A child's network as the viewer sees it.
pub struct SeenNetwork {
    pub child: child::Model,
    /// By person id, the child included.
    pub people: HashMap<Uuid, SeenPerson>,
    /// The members in the order they joined.
    pub members: Vec<network_member::View>,
    pub relationships: Vec<relationship::View>,
    pub analysis: Analysis,
    /// What the consents recorded in the network allow (whose details a file may carry).
    pub consents: Standing,
}

/// The visible people alone, by id.
pub fn visible(people: &HashMap<Uuid, SeenPerson>) -> HashMap<Uuid, VisiblePerson> {
    people
        .iter()
        .map(|(id, seen)| (*id, seen.person.clone()))
        .collect()
}

/// The network of `child_id` as `viewer` may see it; `NOT_FOUND` for a child they may not
/// see.
pub async fn read(db: &Db, viewer: &Viewer, child_id: Uuid) -> Result<SeenNetwork, ApiError> {
    let child = access::readable_child(&db.conn, viewer, child_id).await?;
    let network = network::open(db, viewer, &child, None).await?;
    let parts = Parts {
        people: true,
        other_names: true,
        restrictions: true,
        relationships: true,
    };
    let (mut read, caseload, consents) = tokio::try_join!(
        network_read::read(db, &child, &network, parts),
        access::caseload(&db.conn, viewer),
        Standing::of(&db.conn, &child),
    )?;
    let relationships = read
        .relationships
        .take()
        .map(Arc::unwrap_or_clone)
        .unwrap_or_default();
    let members = Arc::unwrap_or_clone(network.members);
    let people: Vec<person::GraphView> = read
        .people
        .values()
        .map(|found| found.person.as_ref().into())
        .collect();
    let ties: Vec<relationship::GraphView> = relationships.iter().map(Into::into).collect();
    let analysis = Analysis::of_rows(&child, &members, people.iter(), &ties, &consents)?;
    let mut by_person: HashMap<Uuid, network_member::View> = members
        .iter()
        .map(|member| (member.person_id, member.clone()))
        .collect();
    let people = read
        .people
        .into_iter()
        .map(|(id, found)| {
            let restricted_in = found.restricted_in.unwrap_or_default();
            let seen = SeenPerson {
                person: VisiblePerson::see(
                    viewer,
                    Arc::unwrap_or_clone(found.person),
                    &restricted_in,
                    &caseload,
                ),
                other_names: found.other_names.unwrap_or_default(),
                member: by_person.remove(&id),
            };
            (id, seen)
        })
        .collect();
    Ok(SeenNetwork {
        child,
        people,
        members,
        relationships,
        analysis,
        consents,
    })
}
