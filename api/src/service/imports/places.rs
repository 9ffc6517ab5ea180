//! Each new person's place in the child's network: not yet contacted, on the side of the
//! family their kinship in the network as the import leaves it gives them, their location
//! protected where the file marks them confidential.

use std::collections::{HashMap, HashSet};

use entity::{
    child,
    enums::{ConnectionStatus, FamilySide, RelationshipKind, Restriction},
    network_member, person, relationship,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::plan::Incoming;
use crate::{
    error::ApiError,
    imports::mapping::FilePerson,
    service::{analysis::convert, network::Membership},
};

/// A new person's place in the network: not yet contacted, on the side their kinship gives
/// (or as a kinmap CSV says), their location protected where the file says it is
/// confidential.
pub(super) fn membership(
    file: &FilePerson,
    source: &str,
    found_on: chrono::NaiveDate,
    sides: &HashMap<Uuid, FamilySide>,
    person: &Incoming<'_>,
) -> Membership {
    let side = sides
        .get(&person.person)
        .copied()
        .unwrap_or(FamilySide::None);
    let mut membership = Membership {
        connection_status: ConnectionStatus::NotYetContacted,
        side,
        found_via: Some(format!("imported from {source}")),
        found_on: Some(found_on),
        ..Default::default()
    };
    if let Some(given) = &file.membership {
        membership.connection_status = given.status;
        membership.side = given.side;
        membership.circle = given.circle;
        membership.known_to_child_as = given.known_to_child_as.clone();
        membership.roles = given
            .roles
            .iter()
            .filter_map(|role| serde_json::from_value(serde_json::Value::String(role.clone())).ok())
            .collect();
        if given.restriction != Restriction::None {
            membership.restriction = given.restriction;
            membership.restriction_reason = Some(format!("as recorded in {source}"));
        }
    }
    if file.confidential && membership.restriction == Restriction::None {
        membership.restriction = Restriction::DoNotDiscloseLocation;
        membership.restriction_reason = Some(format!("{source} marks this record confidential"));
    }
    membership
}

/// The side of the family each person is on, from their kinship to the child in the network
/// as the import will leave it.
pub(super) async fn sides(
    conn: &impl ConnectionTrait,
    child: &child::Model,
    members: &HashMap<Uuid, network_member::Model>,
    incoming: &[Incoming<'_>],
    edges: &[relationship::View],
) -> Result<HashMap<Uuid, FamilySide>, ApiError> {
    let mut sexes: HashMap<Uuid, Option<entity::enums::Sex>> = HashMap::new();
    let held: Vec<Uuid> = members
        .keys()
        .copied()
        .chain([child.person_id])
        .chain(
            incoming
                .iter()
                .filter(|p| p.link.is_some())
                .map(|p| p.person),
        )
        .collect();
    for batch in held.chunks(400) {
        let rows: Vec<(Uuid, Option<entity::enums::Sex>)> = person::Entity::find()
            .select_only()
            .column(person::Column::Id)
            .column(person::Column::Sex)
            .filter(person::Column::Id.is_in(batch.iter().copied()))
            .into_tuple()
            .all(conn)
            .await?;
        sexes.extend(rows);
    }
    for person in incoming {
        sexes.entry(person.person).or_insert(person.file.sex);
    }
    let people = sexes
        .iter()
        .map(|(id, sex)| graph::Person::new(convert::person_id(*id), convert::sex(*sex)));
    let graph_edges = edges
        .iter()
        .filter(|edge| {
            sexes.contains_key(&edge.from_person_id) && sexes.contains_key(&edge.to_person_id)
        })
        .map(|edge| convert::edge(&edge.into()));
    let network = graph::Network::new(convert::person_id(child.person_id), people, graph_edges)
        .map_err(ApiError::internal)?;
    let kinship = graph::kinship(&network);
    // A parent is the root of their own side, which their relation to the child (on no
    // side) does not say: a mother is on the maternal side, as practitioners record her.
    let parents: HashSet<Uuid> = edges
        .iter()
        .filter(|edge| {
            edge.kind == RelationshipKind::Parent && edge.to_person_id == child.person_id
        })
        .map(|edge| edge.from_person_id)
        .collect();
    Ok(sexes
        .iter()
        .filter_map(|(id, sex)| {
            let side = convert::side(kinship.of(convert::person_id(*id))?.side());
            let side = match (side, parents.contains(id), sex) {
                (FamilySide::None, true, Some(entity::enums::Sex::Female)) => FamilySide::Maternal,
                (FamilySide::None, true, Some(entity::enums::Sex::Male)) => FamilySide::Paternal,
                (side, _, _) => side,
            };
            Some((*id, side))
        })
        .collect())
}
