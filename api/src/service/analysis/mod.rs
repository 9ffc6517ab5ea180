//! Graph questions about one network: the network is loaded (people and relationships, a
//! fixed number of statements), handed to the `graph` crate as plain data, and the answer
//! is kept for the rest of the request ([`NetworkAnalysis`]). The questions' arguments are
//! checked here, so that every interface asks them under the same rules.

pub mod convert;
pub mod duplicates;
mod leads;

use std::{collections::HashMap, sync::Arc};

use chrono::NaiveDate;
use entity::{child, network_member, person, relationship};
use tokio::sync::OnceCell;
use uuid::Uuid;

pub use duplicates::duplicates;
pub use leads::leads;

use crate::{
    db::Db,
    error::ApiError,
    policy,
    service::{
        self, Viewer,
        consents::Standing,
        network::OpenNetwork,
        network_read::{self, Parts},
    },
};
use convert::{day, edge, member, person_id};

/// The largest network size a question about gaps may aim at.
pub const TARGET_SIZE_MAX: usize = 1_000;

/// The longest suggested list of support people a conference may ask for.
pub const SUPPORT_SIZE_MAX: usize = 100;

/// `network` with each member's household told, by the addresses in `seen` (people as
/// the viewer may see them): the same address, the same key. A member whose address is
/// hidden from the viewer has none, so that nothing drawn or suggested can tell the viewer
/// who lives with a person whose whereabouts are protected.
pub(crate) fn with_households(
    network: &graph::Network,
    seen: &HashMap<Uuid, policy::VisiblePerson>,
) -> Result<graph::Network, ApiError> {
    let mut addresses: Vec<(String, Uuid)> = seen
        .iter()
        .filter_map(|(id, person)| {
            let key = person.contact()?.address.map(service::validate::name_key)?;
            (!key.is_empty()).then_some((key, *id))
        })
        .collect();
    addresses.sort();
    let mut keys: HashMap<String, u64> = HashMap::new();
    let households: HashMap<graph::PersonId, u64> = addresses
        .into_iter()
        .map(|(address, person)| {
            let next = keys.len() as u64;
            (person_id(person), *keys.entry(address).or_insert(next))
        })
        .collect();
    let people = network.people().map(|person| {
        let mut person = person.clone();
        if let Some(member) = person.member.as_mut() {
            member.household = households.get(&person.id).copied();
        }
        person
    });
    graph::Network::new(network.child(), people, network.edges().cloned())
        .map_err(ApiError::internal)
}

/// The network as the graph crate sees it, with the kinship it implies.
pub struct Analysis {
    pub network: graph::Network,
    pub kinship: graph::KinshipReport,
}

/// One network's analysis, computed at most once (per request), when first asked for.
pub struct NetworkAnalysis {
    child: child::Model,
    network: OpenNetwork,
    /// The network's people and relationships, when the request's read of the network has
    /// already brought them: the analysis then reads no rows of its own.
    rows: Option<NetworkRows>,
    cell: OnceCell<Arc<Analysis>>,
}

/// The rows of a network its read brought, for the analysis to share.
pub struct NetworkRows {
    pub people: Vec<Arc<person::View>>,
    pub relationships: Arc<Vec<relationship::View>>,
}

impl NetworkAnalysis {
    pub fn new(child: child::Model, network: OpenNetwork) -> Self {
        Self {
            child,
            network,
            rows: None,
            cell: OnceCell::new(),
        }
    }

    /// The analysis of a network whose people and relationships were read already.
    pub fn with_rows(mut self, rows: NetworkRows) -> Self {
        self.rows = Some(rows);
        self
    }

    /// The analysis, worked out by the first caller. Every member's kinship asks for it, and
    /// a list's members are resolved at once, so thousands of callers may wait on the first:
    /// the load is boxed where it starts, made once, and each waiter's future stays small
    /// (inline, every member's future was as large as the whole load, and copying them was
    /// 8% of the server's time on the 2,000-person network).
    pub async fn get(&self, db: &Db) -> Result<Arc<Analysis>, ApiError> {
        if let Some(analysis) = self.cell.get() {
            return Ok(analysis.clone());
        }
        let analysis = self
            .cell
            .get_or_try_init(|| {
                Box::pin(async {
                    analyse(db, &self.child, &self.network, self.rows.as_ref())
                        .await
                        .map(Arc::new)
                })
            })
            .await?;
        Ok(analysis.clone())
    }

    /// How `person` is related to the child; `None` when they are not related.
    pub async fn kinship(&self, db: &Db, person: Uuid) -> Result<Option<graph::Kinship>, ApiError> {
        Ok(self.get(db).await?.kinship.of(person_id(person)).cloned())
    }

    /// The shortest chain of people in touch with the child who could introduce them to
    /// `to`.
    pub async fn introduction_path(
        &self,
        db: &Db,
        to: Uuid,
    ) -> Result<Option<graph::IntroductionPath>, ApiError> {
        let analysis = self.get(db).await?;
        Ok(graph::introduction_path(&analysis.network, person_id(to)))
    }

    /// The network's health, its growth from when each member was added (read for this
    /// question alone: nothing else needs it).
    pub async fn health(&self, db: &Db) -> Result<graph::Health, ApiError> {
        let (analysis, added) = tokio::try_join!(self.get(db), added_on(db, &self.child))?;
        let mut health = graph::health(&analysis.network);
        health.growth = graph::growth(
            self.network
                .members
                .iter()
                .filter_map(|member| added.get(&member.id))
                .map(|date| day(*date)),
        );
        Ok(health)
    }

    /// Where family is missing, for a network that should reach `target` people
    /// (`targetSize`, 1 to [`TARGET_SIZE_MAX`]).
    pub async fn gaps(&self, db: &Db, target: i32) -> Result<Vec<graph::Gap>, ApiError> {
        let target = usize::try_from(target)
            .ok()
            .filter(|target| (1..=TARGET_SIZE_MAX).contains(target))
            .ok_or_else(|| {
                ApiError::bad_input(
                    "targetSize",
                    format!("targetSize must be between 1 and {TARGET_SIZE_MAX}"),
                )
            })?;
        let analysis = self.get(db).await?;
        Ok(graph::gaps(&analysis.network, &analysis.kinship, target))
    }

    /// Who could support the child at a conference: every member ranked, the excluded, and
    /// a suggested list of `size` (1 to [`SUPPORT_SIZE_MAX`]). Households are told apart by
    /// the addresses the viewer may see, and by nothing they may not.
    pub async fn support_candidates(
        &self,
        db: &Db,
        viewer: &Viewer,
        size: i32,
        shared_with_birth_family: bool,
    ) -> Result<graph::SupportCandidates, ApiError> {
        let size = usize::try_from(size)
            .ok()
            .filter(|size| (1..=SUPPORT_SIZE_MAX).contains(size))
            .ok_or_else(|| {
                ApiError::bad_input(
                    "size",
                    format!("size must be between 1 and {SUPPORT_SIZE_MAX}"),
                )
            })?;
        let analysis = self.get(db).await?;
        let ids: Vec<Uuid> = self.network.members.iter().map(|m| m.person_id).collect();
        let seen = service::reads::see_people(db, viewer, &ids).await?;
        let network = with_households(&analysis.network, &seen)?;
        let options = graph::SupportOptions {
            size,
            shared_with_birth_family,
            today: day(chrono::Utc::now().date_naive()),
        };
        Ok(graph::support_candidates(
            &network,
            &analysis.kinship,
            options,
        ))
    }

    /// What kinship had to work around, in words for a practitioner.
    pub async fn warnings(&self, db: &Db) -> Result<Vec<String>, ApiError> {
        let analysis = self.get(db).await?;
        Ok(analysis
            .kinship
            .warnings
            .iter()
            .map(|warning| match warning {
                graph::Warning::ParentCycle(people) => format!(
                    "{} people are recorded as each other's ancestors; check their parent relationships",
                    people.len()
                ),
                graph::Warning::GenerationLimit(generations) => format!(
                    "the family tree goes on beyond {generations} generations from the child, where \
                     kinship stops looking: relatives further away have no kinship here, which \
                     does not mean they are not related"
                ),
            })
            .collect())
    }
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

/// Loads a network (its people and relationships: as the request's read of the network
/// brought them as `rows`; else through the cache when it is on, which keeps whole views;
/// else by the columns the graph reads; and the council's consent policy with the consents
/// recorded) and derives its kinship.
#[tracing::instrument(skip_all, fields(child_id = %child.id))]
pub async fn analyse(
    db: &Db,
    child: &child::Model,
    network: &OpenNetwork,
    rows: Option<&NetworkRows>,
) -> Result<Analysis, ApiError> {
    let of_views = |people: &mut dyn Iterator<Item = &person::View>,
                    relationships: &[relationship::View]| {
        let people: Vec<person::GraphView> = people.map(Into::into).collect();
        let relationships: Vec<relationship::GraphView> =
            relationships.iter().map(Into::into).collect();
        (people, relationships)
    };
    let (people, relationships, consents) = match rows {
        Some(rows) => {
            let (people, relationships) = of_views(
                &mut rows.people.iter().map(AsRef::as_ref),
                &rows.relationships,
            );
            (people, relationships, Standing::of(&db.conn, child).await?)
        }
        None if network.kept.is_some() => {
            let parts = Parts {
                people: true,
                relationships: true,
                ..Parts::default()
            };
            let (read, consents) = tokio::try_join!(
                network_read::read(db, child, network, parts),
                Standing::of(&db.conn, child),
            )?;
            let (people, relationships) = of_views(
                &mut read.people.values().map(|read| read.person.as_ref()),
                read.relationships.as_deref().map_or(&[], Vec::as_slice),
            );
            (people, relationships, consents)
        }
        None => tokio::try_join!(
            service::network::people::<person::GraphView>(db, child),
            service::network::relationships::<relationship::GraphView>(db, child),
            Standing::of(&db.conn, child),
        )?,
    };
    Analysis::of_rows(
        child,
        &network.members,
        people.iter(),
        &relationships,
        &consents,
    )
}

impl Analysis {
    /// `person`'s closest relation to the child ("maternal grandmother"), if related.
    pub fn relation(&self, person: Uuid) -> Option<String> {
        self.kinship
            .of(person_id(person))
            .map(|kinship| kinship.label().to_owned())
    }

    /// The analysis of a network whose rows are already read: its people (the child
    /// among them) and relationships, with what each member's consents allow. Members have
    /// no `added` day here; [`NetworkAnalysis::health`] reads those for growth.
    pub fn of_rows<'a>(
        child: &child::Model,
        members: &[network_member::View],
        people: impl Iterator<Item = &'a person::GraphView>,
        relationships: &[relationship::GraphView],
        consents: &Standing,
    ) -> Result<Self, ApiError> {
        let by_person: HashMap<Uuid, &network_member::View> = members
            .iter()
            .map(|member| (member.person_id, member))
            .collect();
        let to_graph = |model: &person::GraphView| {
            let member = by_person.get(&model.id).map(|member| {
                let mut converted = self::member(member);
                converted.consent = consents.graph(model.id);
                converted
            });
            convert::person(model, member)
        };
        let network = graph::Network::new(
            person_id(child.person_id),
            people.map(to_graph),
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
}
