//! People who may be recorded twice.

use std::collections::HashMap;

use entity::{person, relationship};
use uuid::Uuid;

use super::convert::person_id;
use crate::{
    db::Db,
    error::ApiError,
    policy,
    service::{self, batches},
};

/// People the viewer may see who may be recorded twice, best first. The scorer is given
/// only what the viewer may see of each person, and only ties between people the viewer may
/// see: a score that rose with a hidden area or a hidden relative would reveal it, one guess
/// at a time.
#[tracing::instrument(skip_all)]
pub async fn duplicates(
    db: &Db,
    viewer: &service::Viewer,
) -> Result<Vec<graph::DuplicateCandidate>, ApiError> {
    Ok(graph::duplicate_candidates(
        &records(db, viewer).await?,
        graph::DEFAULT_THRESHOLD,
    ))
}

/// Everyone the viewer may see, as the duplicate scorer sees them: only what the viewer may
/// see of each, and only ties between people the viewer may see.
pub async fn records(
    db: &Db,
    viewer: &service::Viewer,
) -> Result<Vec<graph::PersonRecord>, ApiError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

    let people = person::Entity::find()
        .filter(service::access::readable_people(viewer))
        .into_partial_model::<person::View>()
        .all(&db.conn)
        .await?;
    let ids: Vec<Uuid> = people.iter().map(|person| person.id).collect();
    let (names, ties, mut restricted, caseload) = tokio::try_join!(
        async {
            batches::other_names::fetch(db, viewer.organisation_id, &ids)
                .await
                .map_err(ApiError::from)
        },
        async {
            relationship::Entity::find()
                .select_only()
                .column(relationship::Column::FromPersonId)
                .column(relationship::Column::ToPersonId)
                .filter(relationship::Column::OrganisationId.eq(viewer.organisation_id))
                .filter(relationship::Column::DeletedAt.is_null())
                .into_tuple::<(Uuid, Uuid)>()
                .all(&db.conn)
                .await
                .map_err(ApiError::from)
        },
        async {
            batches::location_restrictions::fetch(db, viewer.organisation_id, &ids)
                .await
                .map_err(ApiError::from)
        },
        service::access::caseload(&db.conn, viewer),
    )?;
    let visible: std::collections::HashSet<Uuid> = ids.iter().copied().collect();
    let mut relatives: HashMap<Uuid, Vec<graph::PersonId>> = HashMap::new();
    for (from, to) in ties {
        if visible.contains(&from) && visible.contains(&to) {
            relatives.entry(from).or_default().push(person_id(to));
            relatives.entry(to).or_default().push(person_id(from));
        }
    }
    let key = |text: Option<&str>| text.map(service::validate::name_key).unwrap_or_default();
    Ok(people
        .into_iter()
        .map(|model| {
            let restricted_in = restricted.remove(&model.id).unwrap_or_default();
            let seen = policy::VisiblePerson::see(viewer, model, &restricted_in, &caseload);
            let model = seen.person();
            graph::PersonRecord {
                id: person_id(model.id),
                given: key(model.given_name.as_deref()),
                family: key(model.family_name.as_deref()),
                other_names: names
                    .get(&model.id)
                    .map(|names| {
                        names
                            .iter()
                            .map(|name| service::validate::name_key(&name.name))
                            .collect()
                    })
                    .unwrap_or_default(),
                birth: model
                    .birth_date
                    .as_deref()
                    .and_then(graph::PartialDate::parse),
                area: seen.area().map(service::validate::name_key),
                relatives: relatives.remove(&model.id).unwrap_or_default(),
            }
        })
        .collect())
}
