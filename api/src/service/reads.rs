//! Reads of personal data outside a whole network (a person by id, a name search, a
//! person's places in networks, a conference): each is written to the access log before its data is
//! returned, as a network read is (`network::open`). If the row cannot be written, the
//! read fails.

use std::collections::HashMap;

use entity::{child, conference, network_member, person};
use sea_orm::{EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    policy::VisiblePerson,
    service::{
        Viewer, access, audit, batches, conferences, consents, network,
        nodes::{self, Found},
        people,
    },
};

/// Logs that `viewer` read each of `reads`: (the record, of `entity_type`, and the child
/// whose case it was read through, if any).
pub async fn account(
    db: &Db,
    viewer: &Viewer,
    action: &str,
    entity_type: &str,
    reads: impl IntoIterator<Item = (Uuid, Option<Uuid>)>,
) -> Result<(), ApiError> {
    let writes = reads.into_iter().map(|(record, child)| {
        let row = audit::event_row(
            Uuid::now_v7(),
            viewer,
            action,
            entity_type,
            Some(record),
            child,
        );
        db.access_log.write(row)
    });
    futures_util::future::try_join_all(writes).await?;
    Ok(())
}

/// A person the viewer may see, by id.
pub async fn person(db: &Db, viewer: &Viewer, id: Uuid) -> Result<person::Model, ApiError> {
    let found = access::readable_person(&db.conn, viewer, id).await?;
    account(db, viewer, "person.read", "person", [(found.id, None)]).await?;
    Ok(found)
}

/// Any record the viewer may see, by id (`node(id:)`), of `table` when the caller knows
/// it; `None` when there is none. A person found is accounted for as `person` is.
pub async fn node(
    db: &Db,
    viewer: &Viewer,
    id: Uuid,
    table: Option<&str>,
) -> Result<Option<Found>, ApiError> {
    let found = match nodes::find(&db.conn, viewer, id, table).await {
        Ok(found) => found,
        Err(ApiError::NotFound(_)) => return Ok(None),
        Err(error) => return Err(error),
    };
    if let Found::Person(person) = &found {
        account(db, viewer, "person.read", "person", [(person.id, None)]).await?;
    }
    Ok(Some(found))
}

/// A conference the viewer may see, by id.
pub async fn conference(db: &Db, viewer: &Viewer, id: Uuid) -> Result<conference::Model, ApiError> {
    let found = conferences::readable(&db.conn, viewer, id).await?;
    account_conferences(db, viewer, std::slice::from_ref(&found)).await?;
    Ok(found)
}

/// A child's conferences, newest referral first.
pub async fn conferences_of_child(
    db: &Db,
    viewer: &Viewer,
    child: Uuid,
) -> Result<Vec<conference::Model>, ApiError> {
    let found = conferences::of_child(db, viewer, child).await?;
    account_conferences(db, viewer, &found).await?;
    Ok(found)
}

async fn account_conferences(
    db: &Db,
    viewer: &Viewer,
    found: &[conference::Model],
) -> Result<(), ApiError> {
    account(
        db,
        viewer,
        "conference.read",
        "conference",
        found.iter().map(|c| (c.id, Some(c.child_id))),
    )
    .await
}

/// People as the viewer may see them, for a document about the case of `child` (a list of
/// invitees, a plan), as a document may carry them (`VisiblePerson::in_a_document`): each
/// read is accounted as `action`. People the viewer may not see at all are left out.
pub async fn visible_people(
    db: &Db,
    viewer: &Viewer,
    action: &str,
    child: &child::Model,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, VisiblePerson>, ApiError> {
    let (people, consents) = tokio::try_join!(
        see_people(db, viewer, ids),
        consents::Standing::of(&db.conn, child),
    )?;
    let people: HashMap<Uuid, VisiblePerson> = people
        .into_iter()
        .map(|(id, person)| (id, person.in_a_document(consents.shares_details(id))))
        .collect();
    account(
        db,
        viewer,
        action,
        "person",
        people.keys().map(|id| (*id, Some(child.id))),
    )
    .await?;
    Ok(people)
}

/// People as the viewer may see them, for a read already accounted for as a whole (a
/// network's picture, after `network::open`). People the viewer may not see at all are
/// left out.
pub async fn see_people(
    db: &Db,
    viewer: &Viewer,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, VisiblePerson>, ApiError> {
    let organisation = viewer.organisation_id;
    let readable: Vec<Uuid> = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .filter(access::readable_people(viewer))
        .filter(db.one_of(person::Column::Id, ids))
        .into_tuple()
        .all(&db.conn)
        .await?;
    let (people, mut restricted, caseload) = tokio::try_join!(
        async { Ok::<_, ApiError>(batches::people::fetch(db, organisation, &readable).await?) },
        async { Ok(batches::location_restrictions::fetch(db, organisation, &readable).await?) },
        access::caseload(&db.conn, viewer),
    )?;
    Ok(people
        .into_iter()
        .map(|(id, person)| {
            let restricted_in = restricted.remove(&id).unwrap_or_default();
            (
                id,
                VisiblePerson::see(viewer, person, &restricted_in, &caseload),
            )
        })
        .collect())
}

/// People the viewer may see, found by name (`people::search`).
pub async fn search(
    db: &Db,
    viewer: &Viewer,
    query: &str,
    limit: u64,
) -> Result<Vec<person::Model>, ApiError> {
    let found = people::search(&db.conn, viewer, query, limit).await?;
    account(
        db,
        viewer,
        "person.search",
        "person",
        found.iter().map(|person| (person.id, None)),
    )
    .await?;
    Ok(found)
}

/// A person's places in the networks of children the viewer may see, restrictions and
/// their reasons included.
pub async fn memberships(
    db: &Db,
    viewer: &Viewer,
    person: Uuid,
) -> Result<Vec<network_member::View>, ApiError> {
    let found = network::memberships_of(&db.conn, viewer, person).await?;
    account(
        db,
        viewer,
        "person.networks.read",
        "person",
        found
            .iter()
            .map(|member| (member.person_id, Some(member.child_id))),
    )
    .await?;
    Ok(found)
}
