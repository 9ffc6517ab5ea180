//! Leads: who to look for next, from the network widened by the relatives recorded around it.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{child, network_member, person, relationship};
use uuid::Uuid;

use super::convert::{self, day, edge, member, person_id};
use crate::{
    db::Db,
    error::ApiError,
    service::{self, batches, consents::Standing},
};

/// How far out from the network to look for relatives not in it: two steps reach a
/// grandmother's daughter's children.
const LEAD_HOPS: usize = 2;

/// The network, widened by the relatives recorded around it (within [`LEAD_HOPS`]
/// relationships) whom the viewer may see, ranked as leads. People the viewer may not see
/// never enter: a lead never reveals them. None at all while the child's consent to the
/// search is withdrawn, refused, or required and missing; nobody who withdrew or refused
/// their consent to searching or contact.
#[tracing::instrument(skip_all, fields(child_id = %child.id))]
pub async fn leads(
    db: &Db,
    viewer: &service::Viewer,
    child: &child::Model,
    members: &[network_member::View],
) -> Result<Vec<graph::Lead>, ApiError> {
    use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect};
    use std::collections::HashSet;

    let consents = Standing::of(&db.conn, child).await?;
    if consents.may_search().is_err() {
        return Ok(Vec::new());
    }
    let mut known: HashSet<Uuid> = members
        .iter()
        .map(|member| member.person_id)
        .chain([child.person_id])
        .collect();
    let mut frontier: Vec<Uuid> = known.iter().copied().collect();
    let mut relationships: HashMap<Uuid, relationship::View> = HashMap::new();
    for _ in 0..LEAD_HOPS {
        if frontier.is_empty() {
            break;
        }
        let touching = relationship::Entity::find()
            .filter(relationship::Column::OrganisationId.eq(child.organisation_id))
            .filter(relationship::Column::DeletedAt.is_null())
            .filter(
                Condition::any()
                    .add(db.one_of(relationship::Column::FromPersonId, &frontier))
                    .add(db.one_of(relationship::Column::ToPersonId, &frontier)),
            )
            .into_partial_model::<relationship::View>()
            .all(&db.conn)
            .await?;
        let outside: HashSet<Uuid> = touching
            .iter()
            .flat_map(|row| [row.from_person_id, row.to_person_id])
            .filter(|id| !known.contains(id))
            .collect();
        let visible: Vec<Uuid> = if outside.is_empty() {
            Vec::new()
        } else {
            person::Entity::find()
                .select_only()
                .column(person::Column::Id)
                .filter(service::access::readable_people(viewer))
                .filter(db.one_of(
                    person::Column::Id,
                    &outside.iter().copied().collect::<Vec<_>>(),
                ))
                .into_tuple()
                .all(&db.conn)
                .await?
        };
        known.extend(visible.iter().copied());
        for row in touching {
            relationships.insert(row.id, row);
        }
        frontier = visible;
    }
    let ids: Vec<Uuid> = known.iter().copied().collect();
    let people = batches::people::fetch(db, child.organisation_id, &ids).await?;
    let searched: Vec<(Uuid, NaiveDate)> = entity::search_activity::Entity::find()
        .select_only()
        .column(entity::search_activity::Column::PersonId)
        .column_as(entity::search_activity::Column::SearchedOn.max(), "last")
        .filter(entity::search_activity::Column::ChildId.eq(child.id))
        .filter(entity::search_activity::Column::DeletedAt.is_null())
        .group_by(entity::search_activity::Column::PersonId)
        .into_tuple()
        .all(&db.conn)
        .await?;
    let searched: HashMap<Uuid, NaiveDate> = searched.into_iter().collect();
    let by_person: HashMap<Uuid, &network_member::View> = members
        .iter()
        .map(|member| (member.person_id, member))
        .collect();
    let network = graph::Network::new(
        person_id(child.person_id),
        people.values().map(|model| {
            let member = by_person.get(&model.id).map(|member| {
                let mut converted = self::member(member);
                converted.last_searched = searched.get(&model.id).map(|date| day(*date));
                converted.consent = consents.graph(model.id);
                converted
            });
            convert::person(&model.into(), member)
        }),
        relationships
            .values()
            .filter(|row| {
                people.contains_key(&row.from_person_id) && people.contains_key(&row.to_person_id)
            })
            .map(|row| edge(&row.into())),
    )
    .map_err(ApiError::internal)?;
    let kinship = graph::kinship(&network);
    Ok(graph::leads(
        &network,
        &kinship,
        day(chrono::Utc::now().date_naive()),
        graph::DEFAULT_STALE_AFTER_DAYS,
    ))
}
