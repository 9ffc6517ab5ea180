//! Graph questions about one network: the network is loaded (people and relationships, a
//! fixed number of statements), handed to the `graph` crate as plain data, and the answer
//! is kept for the rest of the request.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{child, enums, network_member, person, relationship};
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    policy,
    service::{self, batches},
};

/// The network as the graph crate sees it, with the kinship it implies.
pub struct Analysis {
    pub network: graph::Network,
    pub kinship: graph::KinshipReport,
}

pub fn person_id(id: Uuid) -> graph::PersonId {
    graph::PersonId(id.as_u128())
}

pub fn uuid(id: graph::PersonId) -> Uuid {
    Uuid::from_u128(id.0)
}

fn day(date: NaiveDate) -> graph::Day {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    graph::Day(i32::try_from((date - epoch).num_days()).unwrap_or(i32::MAX))
}

fn sex(sex: Option<enums::Sex>) -> graph::Sex {
    match sex {
        Some(enums::Sex::Female) => graph::Sex::Female,
        Some(enums::Sex::Male) => graph::Sex::Male,
        _ => graph::Sex::Unknown,
    }
}

fn member(model: &network_member::View) -> graph::Member {
    use enums::{Circle, ConnectionStatus as S, FamilySide, Restriction};
    let mut member = graph::Member::new(match model.connection_status {
        S::Active => graph::Status::Active,
        S::Lost => graph::Status::Lost,
        S::NotYetContacted => graph::Status::NotYetContacted,
        S::Reestablished => graph::Status::Reestablished,
        S::Declined => graph::Status::Declined,
        S::Deceased => graph::Status::Deceased,
    });
    member.restriction = match model.restriction {
        Restriction::None => graph::Restriction::None,
        Restriction::SupervisedOnly => graph::Restriction::SupervisedOnly,
        Restriction::NoContact => graph::Restriction::NoContact,
        Restriction::DoNotDiscloseLocation => graph::Restriction::DoNotDiscloseLocation,
    };
    member.side = match model.side {
        FamilySide::Maternal => graph::FamilySide::Maternal,
        FamilySide::Paternal => graph::FamilySide::Paternal,
        FamilySide::Both => graph::FamilySide::Both,
        FamilySide::None => graph::FamilySide::None,
    };
    member.circle = match model.circle {
        Circle::Inner => graph::Circle::Inner,
        Circle::Middle => graph::Circle::Middle,
        Circle::Outer => graph::Circle::Outer,
    };
    member.roles = service::network::roles_of(model)
        .into_iter()
        .map(|role| {
            use entity::enums::SupportRole as R;
            match role {
                R::Emotional => graph::Role::Emotional,
                R::Practical => graph::Role::Practical,
                R::Respite => graph::Role::Respite,
                R::PlacementOption => graph::Role::PlacementOption,
                R::Mentor => graph::Role::Mentor,
                R::FgcParticipant => graph::Role::FgcParticipant,
            }
        })
        .collect();
    member
}

fn edge(model: &relationship::View) -> graph::Edge {
    use enums::{ParentKind as P, RelationshipKind as K, RelationshipQuality as Q};
    let kind = match (model.kind, model.parent_kind) {
        (K::Parent, kind) => graph::EdgeKind::Parent(match kind {
            Some(P::Adoptive) => graph::ParentKind::Adoptive,
            Some(P::Step) => graph::ParentKind::Step,
            Some(P::Foster) => graph::ParentKind::Foster,
            Some(P::Guardian) => graph::ParentKind::Guardian,
            _ => graph::ParentKind::Birth,
        }),
        (K::Partner, _) => graph::EdgeKind::Partner,
        (K::Sibling, _) => graph::EdgeKind::Sibling,
        (K::Friend, _) => graph::EdgeKind::Social(graph::SocialKind::Friend),
        (K::Teacher, _) => graph::EdgeKind::Social(graph::SocialKind::Teacher),
        (K::Mentor, _) => graph::EdgeKind::Social(graph::SocialKind::Mentor),
        (K::Neighbour, _) => graph::EdgeKind::Social(graph::SocialKind::Neighbour),
        (K::Carer, _) => graph::EdgeKind::Social(graph::SocialKind::Carer),
        (K::Professional, _) => graph::EdgeKind::Social(graph::SocialKind::Professional),
        (K::Other, _) => graph::EdgeKind::Social(graph::SocialKind::Other),
    };
    let mut edge = graph::Edge::new(
        person_id(model.from_person_id),
        person_id(model.to_person_id),
        kind,
    );
    edge.quality = match model.quality {
        Q::Close => graph::Quality::Close,
        Q::Ordinary => graph::Quality::Ordinary,
        Q::Distant => graph::Quality::Distant,
        Q::Conflict => graph::Quality::Conflict,
        Q::CutOff => graph::Quality::CutOff,
        Q::Hostile => graph::Quality::Hostile,
    };
    edge.ended = model.ended_on.is_some();
    edge
}

/// When each live member of a child's network was added, by membership id. Only the
/// network's growth needs it, so the network's own read leaves it out.
async fn added_on(db: &Db, child: &child::Model) -> Result<HashMap<Uuid, NaiveDate>, ApiError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

    let rows: Vec<(Uuid, chrono::DateTime<chrono::Utc>)> = network_member::Entity::find()
        .select_only()
        .column(network_member::Column::Id)
        .column(network_member::Column::CreatedAt)
        .filter(network_member::Column::ChildId.eq(child.id))
        .filter(network_member::Column::DeletedAt.is_null())
        .into_tuple()
        .all(&db.conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, at)| (id, at.date_naive()))
        .collect())
}

/// Loads a network (three statements: people, relationships and when members were added)
/// and derives its kinship.
#[tracing::instrument(skip_all, fields(child_id = %child.id))]
pub async fn analyse(
    db: &Db,
    child: &child::Model,
    members: &[network_member::View],
) -> Result<Analysis, ApiError> {
    let ids: Vec<Uuid> = members
        .iter()
        .map(|member| member.person_id)
        .chain([child.person_id])
        .collect();
    let (people, relationships, added) = tokio::try_join!(
        async {
            batches::people::fetch(db, child.organisation_id, &ids)
                .await
                .map_err(ApiError::from)
        },
        service::network::relationships(db, child, members),
        added_on(db, child),
    )?;
    let by_person: HashMap<Uuid, &network_member::View> = members
        .iter()
        .map(|member| (member.person_id, member))
        .collect();
    let to_graph = |model: &person::View| graph::Person {
        id: person_id(model.id),
        sex: sex(model.sex),
        deceased: model.deceased,
        member: by_person.get(&model.id).map(|member| {
            let mut converted = self::member(member);
            converted.added = added.get(&member.id).map(|date| day(*date));
            converted
        }),
    };
    let network = graph::Network::new(
        person_id(child.person_id),
        people.values().map(to_graph),
        relationships.iter().map(edge),
    )
    .map_err(ApiError::internal)?;
    let kinship = graph::kinship(&network);
    if !kinship.warnings.is_empty() {
        tracing::warn!(
            warnings = kinship.warnings.len(),
            "kinship found parent cycles"
        );
    }
    Ok(Analysis { network, kinship })
}

/// How far out from the network to look for relatives not in it: two steps reach a
/// grandmother's daughter's children.
const LEAD_HOPS: usize = 2;

/// The network, widened by the relatives recorded around it (within [`LEAD_HOPS`]
/// relationships) whom the viewer may see, ranked as leads. People the viewer may not see
/// never enter: a lead never reveals them.
#[tracing::instrument(skip_all, fields(child_id = %child.id))]
pub async fn leads(
    db: &Db,
    viewer: &service::Viewer,
    child: &child::Model,
    members: &[network_member::View],
) -> Result<Vec<graph::Lead>, ApiError> {
    use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect};
    use std::collections::HashSet;

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
        people.values().map(|model| graph::Person {
            id: person_id(model.id),
            sex: sex(model.sex),
            deceased: model.deceased,
            member: by_person.get(&model.id).map(|member| {
                let mut converted = self::member(member);
                converted.last_searched = searched.get(&model.id).map(|date| day(*date));
                converted
            }),
        }),
        relationships
            .values()
            .filter(|row| {
                people.contains_key(&row.from_person_id) && people.contains_key(&row.to_person_id)
            })
            .map(edge),
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

/// People the viewer may see who may be recorded twice, best first. The scorer is given
/// only what the viewer may see of each person, and only ties between people the viewer may
/// see: a score that rose with a hidden area or a hidden relative would reveal it, one guess
/// at a time.
#[tracing::instrument(skip_all)]
pub async fn duplicates(
    db: &Db,
    viewer: &service::Viewer,
) -> Result<Vec<graph::DuplicateCandidate>, ApiError> {
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
    let records: Vec<graph::PersonRecord> = people
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
        .collect();
    Ok(graph::duplicate_candidates(
        &records,
        graph::DEFAULT_THRESHOLD,
    ))
}
