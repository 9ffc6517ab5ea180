//! What the graph crate answers about a network, in GraphQL: kinship on each member, the
//! introduction path to someone, and the network's health.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject};
use entity::{child, network_member};
use tokio::sync::OnceCell;

use crate::{
    error::ApiError,
    schema::{
        context::request,
        enums::{Circle, ConnectionStatus, FamilySide, SupportRole},
        ids,
        people::Person,
    },
    service::analysis::{self, Analysis},
};

/// A network's analysis, computed at most once per request, when first asked for.
pub struct LazyAnalysis {
    child: child::Model,
    members: Arc<Vec<network_member::View>>,
    cell: OnceCell<Arc<Analysis>>,
}

impl LazyAnalysis {
    pub fn new(child: child::Model, members: Arc<Vec<network_member::View>>) -> Self {
        Self {
            child,
            members,
            cell: OnceCell::new(),
        }
    }

    pub async fn get(&self, ctx: &Context<'_>) -> Result<Arc<Analysis>, ApiError> {
        let db = &request(ctx)?.db;
        let analysis = self
            .cell
            .get_or_try_init(|| async {
                analysis::analyse(db, &self.child, &self.members)
                    .await
                    .map(Arc::new)
            })
            .await?;
        Ok(analysis.clone())
    }
}

async fn people(ctx: &Context<'_>, ids: &[graph::PersonId]) -> Result<Vec<Person>, ApiError> {
    let loaders = &request(ctx)?.loaders;
    let found = loaders
        .people
        .load_many(ids.iter().map(|id| analysis::uuid(*id)))
        .await?;
    Ok(ids
        .iter()
        .filter_map(|id| found.get(&analysis::uuid(*id)).cloned())
        .map(Person::new)
        .collect())
}

fn side(side: graph::Side) -> FamilySide {
    match side {
        graph::Side::Maternal => FamilySide::Maternal,
        graph::Side::Paternal => FamilySide::Paternal,
        graph::Side::Both => FamilySide::Both,
        graph::Side::None => FamilySide::None,
    }
}

/// How a person is related to the child.
pub struct Kinship(pub graph::Kinship);

/// How a person is related to the child.
#[Object]
impl Kinship {
    /// The closest relation, in UK English: "maternal grandmother", "paternal
    /// half-brother", "mother's partner", "teacher".
    async fn label(&self) -> &str {
        self.0.label()
    }

    /// The side of the family, over every relation: BOTH when they run through both
    /// parents (double cousins, pedigree collapse).
    async fn side(&self) -> FamilySide {
        side(self.0.side())
    }

    /// Every way the person is related, closest first.
    async fn paths(&self) -> Vec<KinshipPath> {
        self.0.relations.iter().cloned().map(KinshipPath).collect()
    }
}

/// One way a person is related to the child, and the people it runs through.
pub struct KinshipPath(graph::Relation);

/// One way a person is related to the child, and the people it runs through.
#[Object]
impl KinshipPath {
    /// The relation this path gives.
    async fn label(&self) -> &str {
        &self.0.label
    }

    /// Its side of the family.
    async fn side(&self) -> FamilySide {
        side(self.0.side)
    }

    /// Steps on the family tree.
    async fn distance(&self) -> i32 {
        i32::try_from(self.0.distance).unwrap_or(i32::MAX)
    }

    /// From the child to the person, both included.
    async fn people(&self, ctx: &Context<'_>) -> Result<Vec<Person>, ApiError> {
        people(ctx, &self.0.path).await
    }
}

/// Who could introduce the child to someone: a chain of people in touch with the child.
pub struct IntroductionPath(graph::IntroductionPath);

/// Who could introduce the child to someone: a chain of people in touch with the child.
#[Object]
impl IntroductionPath {
    /// From the child to the person, both included; everyone between is in touch with the
    /// child, alive, and under no restriction at all (not one whose location must not be
    /// disclosed either: they are never asked to broker contact), and no tie on the way is
    /// hostile or cut off. Being in touch with the child is itself a tie.
    async fn people(&self, ctx: &Context<'_>) -> Result<Vec<Person>, ApiError> {
        people(ctx, &self.0.people).await
    }

    /// The sum of the ties' weights (close 1, ordinary 2, distant 3, in conflict 4).
    async fn cost(&self) -> i32 {
        i32::try_from(self.0.cost).unwrap_or(i32::MAX)
    }
}

/// How many members have a value.
#[derive(SimpleObject)]
pub struct StatusCount {
    /// The connection status.
    pub status: ConnectionStatus,
    /// Members with it.
    pub count: i32,
}

/// How many members are on a side.
#[derive(SimpleObject)]
pub struct SideCount {
    /// The side of the family.
    pub side: FamilySide,
    /// Members on it.
    pub count: i32,
}

/// How many members are in a circle.
#[derive(SimpleObject)]
pub struct CircleCount {
    /// The circle.
    pub circle: Circle,
    /// Members in it.
    pub count: i32,
}

/// How many members offer a role.
#[derive(SimpleObject)]
pub struct RoleCount {
    /// The support role.
    pub role: SupportRole,
    /// Members offering it.
    pub count: i32,
}

/// Members added in one month.
#[derive(SimpleObject)]
pub struct GrowthPoint {
    /// `YYYY-MM`.
    pub month: String,
    /// Members added in that month.
    pub added: i32,
    /// The network's size at the month's end.
    pub total: i32,
}

/// A person whose loss would cut the child off from others.
pub struct CutPoint(graph::CutPoint);

/// A person whose loss would cut the child off from others.
#[Object]
impl CutPoint {
    /// The person whose loss would cut the child off from others; null if you may not see them.
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        Ok(people(ctx, &[self.0.person]).await?.pop())
    }

    /// Everyone the child would then have no route to.
    async fn cut_off(&self, ctx: &Context<'_>) -> Result<Vec<Person>, ApiError> {
        people(ctx, &self.0.cut_off).await
    }
}

/// How much a person holds the network together.
pub struct Centrality(graph::PersonId, f64);

/// How much a person holds the network together.
#[Object]
impl Centrality {
    /// The person; null if you may not see them.
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        Ok(people(ctx, &[self.0]).await?.pop())
    }

    /// Betweenness: the shortest paths between others that run through this person.
    async fn score(&self) -> f64 {
        self.1
    }
}

/// The shape of a network, for practitioners and for the figures commissioners ask for.
pub struct NetworkHealth(graph::Health);

fn count(value: usize) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// The shape of a network, for practitioners and for the figures commissioners ask for.
#[Object]
impl NetworkHealth {
    /// Members of the network (the child not counted).
    async fn members(&self) -> i32 {
        count(self.0.members)
    }

    /// Members by connection status.
    async fn by_status(&self) -> Vec<StatusCount> {
        self.0
            .by_status
            .iter()
            .map(|(status, n)| StatusCount {
                status: match status {
                    graph::Status::Active => ConnectionStatus::Active,
                    graph::Status::Lost => ConnectionStatus::Lost,
                    graph::Status::NotYetContacted => ConnectionStatus::NotYetContacted,
                    graph::Status::Reestablished => ConnectionStatus::Reestablished,
                    graph::Status::Declined => ConnectionStatus::Declined,
                    graph::Status::Deceased => ConnectionStatus::Deceased,
                },
                count: count(*n),
            })
            .collect()
    }

    /// Members by side of the family.
    async fn by_side(&self) -> Vec<SideCount> {
        self.0
            .by_side
            .iter()
            .map(|(recorded, n)| SideCount {
                side: match recorded {
                    graph::FamilySide::Maternal => FamilySide::Maternal,
                    graph::FamilySide::Paternal => FamilySide::Paternal,
                    graph::FamilySide::Both => FamilySide::Both,
                    graph::FamilySide::None => FamilySide::None,
                },
                count: count(*n),
            })
            .collect()
    }

    /// Members by circle.
    async fn by_circle(&self) -> Vec<CircleCount> {
        self.0
            .by_circle
            .iter()
            .map(|(circle, n)| CircleCount {
                circle: match circle {
                    graph::Circle::Inner => Circle::Inner,
                    graph::Circle::Middle => Circle::Middle,
                    graph::Circle::Outer => Circle::Outer,
                },
                count: count(*n),
            })
            .collect()
    }

    /// Members by the support they offer (a member offering two counts in both).
    async fn by_role(&self) -> Vec<RoleCount> {
        self.0
            .by_role
            .iter()
            .map(|(role, n)| RoleCount {
                role: match role {
                    graph::Role::Emotional => SupportRole::Emotional,
                    graph::Role::Practical => SupportRole::Practical,
                    graph::Role::Respite => SupportRole::Respite,
                    graph::Role::PlacementOption => SupportRole::PlacementOption,
                    graph::Role::Mentor => SupportRole::Mentor,
                    graph::Role::FgcParticipant => SupportRole::FgcParticipant,
                },
                count: count(*n),
            })
            .collect()
    }

    /// People whose loss would cut the child off from others, largest loss first.
    async fn cut_points(&self) -> Vec<CutPoint> {
        self.0.cut_points.iter().cloned().map(CutPoint).collect()
    }

    /// Who holds the network together, most first.
    async fn betweenness(
        &self,
        #[graphql(desc = "How many people, at most 100.", default = 10)] first: i32,
    ) -> Result<Vec<Centrality>, ApiError> {
        let limit = crate::schema::people::first(Some(first), 10)?;
        Ok(self
            .0
            .betweenness
            .iter()
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .map(|(person, score)| Centrality(*person, *score))
            .collect())
    }

    /// Groups of people with no route to the child through the recorded ties.
    async fn unreachable(&self, ctx: &Context<'_>) -> Result<Vec<Vec<Person>>, ApiError> {
        let mut groups = Vec::new();
        for group in &self.0.unreachable {
            groups.push(people(ctx, group).await?);
        }
        Ok(groups)
    }

    /// How the network has grown, month by month, from when members were added.
    async fn growth(&self) -> Vec<GrowthPoint> {
        self.0
            .growth
            .iter()
            .map(|point| GrowthPoint {
                month: format!("{:04}-{:02}", point.year, point.month),
                added: count(point.added),
                total: count(point.total),
            })
            .collect()
    }
}

/// Resolvers the `Network` type delegates to.
pub async fn introduction_path(
    ctx: &Context<'_>,
    lazy: &LazyAnalysis,
    to: &ID,
) -> Result<Option<IntroductionPath>, ApiError> {
    let to = ids::parse("to", to)?;
    let analysis = lazy.get(ctx).await?;
    Ok(graph::introduction_path(&analysis.network, analysis::person_id(to)).map(IntroductionPath))
}

pub async fn health(ctx: &Context<'_>, lazy: &LazyAnalysis) -> Result<NetworkHealth, ApiError> {
    let analysis = lazy.get(ctx).await?;
    Ok(NetworkHealth(graph::health(&analysis.network)))
}

pub async fn kinship(
    ctx: &Context<'_>,
    lazy: &LazyAnalysis,
    person: uuid::Uuid,
) -> Result<Option<Kinship>, ApiError> {
    let analysis = lazy.get(ctx).await?;
    Ok(analysis
        .kinship
        .of(analysis::person_id(person))
        .cloned()
        .map(Kinship))
}

/// Problems in the recorded family that kinship worked around.
pub async fn warnings(ctx: &Context<'_>, lazy: &LazyAnalysis) -> Result<Vec<String>, ApiError> {
    let analysis = lazy.get(ctx).await?;
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

/// What is missing from a network.
#[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq)]
pub enum GapKind {
    /// No mother recorded.
    MotherUnknown,
    /// No father recorded.
    FatherUnknown,
    /// No one recorded on one side of the family.
    NoOneOnSide,
    /// A parent whose own parents are not recorded.
    GrandparentsUnknown,
    /// Fewer people than the target size.
    BelowTarget,
}

/// A place where family is missing, and what to do about it.
pub struct Gap(graph::Gap);

/// A place where family is missing, and what to do about it.
#[Object]
impl Gap {
    /// What is missing.
    async fn kind(&self) -> GapKind {
        match self.0.kind {
            graph::GapKind::MotherUnknown => GapKind::MotherUnknown,
            graph::GapKind::FatherUnknown => GapKind::FatherUnknown,
            graph::GapKind::NoOneOnSide(_) => GapKind::NoOneOnSide,
            graph::GapKind::GrandparentsUnknown { .. } => GapKind::GrandparentsUnknown,
            graph::GapKind::BelowTarget { .. } => GapKind::BelowTarget,
        }
    }

    /// The side of the family, where the gap has one.
    async fn side(&self) -> Option<FamilySide> {
        match self.0.kind {
            graph::GapKind::NoOneOnSide(on)
            | graph::GapKind::GrandparentsUnknown { side: on, .. } => Some(side(on)),
            _ => None,
        }
    }

    /// For GRANDPARENTS_UNKNOWN, the parent whose parents are missing.
    async fn parent(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        match self.0.kind {
            graph::GapKind::GrandparentsUnknown { parent, .. } => {
                Ok(people(ctx, &[parent]).await?.pop())
            }
            _ => Ok(None),
        }
    }

    /// For BELOW_TARGET, the network's size and the target.
    async fn size(&self) -> Option<i32> {
        match self.0.kind {
            graph::GapKind::BelowTarget { size, .. } => Some(count(size)),
            _ => None,
        }
    }

    /// For BELOW_TARGET, the size aimed at.
    async fn target(&self) -> Option<i32> {
        match self.0.kind {
            graph::GapKind::BelowTarget { target, .. } => Some(count(target)),
            _ => None,
        }
    }

    /// What a coordinator could do next.
    async fn next_step(&self) -> &str {
        &self.0.next_step
    }
}

pub async fn gaps(
    ctx: &Context<'_>,
    lazy: &LazyAnalysis,
    target: i32,
) -> Result<Vec<Gap>, ApiError> {
    let target = usize::try_from(target)
        .ok()
        .filter(|target| (1..=1_000).contains(target))
        .ok_or_else(|| {
            ApiError::bad_input("targetSize", "targetSize must be between 1 and 1000")
        })?;
    let analysis = lazy.get(ctx).await?;
    Ok(graph::gaps(&analysis.network, &analysis.kinship, target)
        .into_iter()
        .map(Gap)
        .collect())
}

/// Why someone is a lead.
#[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq)]
pub enum LeadReason {
    /// Lost or not yet contacted, with someone in touch who could introduce them.
    LostWithRoute,
    /// A relative of the child by kinship (family, not a friend, a professional or a
    /// carer) recorded elsewhere, say in a sibling's network, and not in this one yet.
    NotInNetwork,
    /// Lost or not yet contacted, and never searched for.
    NeverSearched,
    /// Lost or not yet contacted, and not searched for in 90 days.
    StaleSearch,
}

/// Someone to look for next.
pub struct Lead(graph::Lead, uuid::Uuid);

/// Someone to look for next.
#[Object]
impl Lead {
    /// The person to look for; null if you may not see them.
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        Ok(people(ctx, &[self.0.person]).await?.pop())
    }

    /// Place in the list: 1 for the lead to follow first.
    async fn rank(&self) -> i32 {
        i32::try_from(self.0.rank).unwrap_or(i32::MAX)
    }

    /// What the order is by, lower first: the introduction path's cost for the lost with a
    /// route, 1,000 and up for relatives not in the network, 2,000 and up for members never
    /// searched for, 3,000 and up for searches gone quiet; closer relatives first within
    /// each.
    async fn score(&self) -> i32 {
        i32::try_from(self.0.score).unwrap_or(i32::MAX)
    }

    /// Why they are a lead.
    async fn reasons(&self) -> Vec<LeadReason> {
        self.0
            .reasons
            .iter()
            .map(|reason| match reason {
                graph::LeadReason::LostWithRoute => LeadReason::LostWithRoute,
                graph::LeadReason::NotInNetwork => LeadReason::NotInNetwork,
                graph::LeadReason::NeverSearched => LeadReason::NeverSearched,
                graph::LeadReason::StaleSearch(_) => LeadReason::StaleSearch,
            })
            .collect()
    }

    /// How they are related to the child, if they are.
    async fn relation(&self) -> Option<&str> {
        self.0.relation.as_deref()
    }

    /// Who could introduce them.
    async fn route(&self) -> Option<IntroductionPath> {
        self.0.route.clone().map(IntroductionPath)
    }

    /// What has already been tried for this child, newest first.
    async fn searches(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<crate::schema::searches::SearchActivity>, ApiError> {
        let rows = request(ctx)?
            .loaders
            .searches
            .load_one((self.1, analysis::uuid(self.0.person)))
            .await?
            .unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(crate::schema::searches::SearchActivity)
            .collect())
    }

    /// When they were last searched for, for STALE_SEARCH.
    async fn last_searched_on(&self) -> Option<crate::schema::dates::Date> {
        self.0.reasons.iter().find_map(|reason| match reason {
            graph::LeadReason::StaleSearch(day) => chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
                .and_then(|epoch| {
                    epoch.checked_add_signed(chrono::Duration::days(i64::from(day.0)))
                })
                .map(crate::schema::dates::Date),
            _ => None,
        })
    }
}

pub async fn leads(
    ctx: &Context<'_>,
    child: &child::Model,
    members: &[network_member::View],
    first: Option<i32>,
) -> Result<Vec<Lead>, ApiError> {
    let limit = crate::schema::people::first(first, 20)?;
    let request = request(ctx)?;
    let leads = analysis::leads(&request.db, &request.viewer, child, members).await?;
    Ok(leads
        .into_iter()
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(|lead| Lead(lead, child.id))
        .collect())
}

/// Two records that may be the same person.
pub struct DuplicateCandidate(graph::DuplicateCandidate);

/// Two records that may be the same person.
#[Object]
impl DuplicateCandidate {
    /// One record; null if you may not see it.
    async fn a(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        Ok(people(ctx, &[self.0.a]).await?.pop())
    }

    /// The other record; null if you may not see it.
    async fn b(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        Ok(people(ctx, &[self.0.b]).await?.pop())
    }

    /// 0 to 1; candidates start at 0.75.
    async fn score(&self) -> f64 {
        self.0.score
    }

    /// Why: "same name", "birth dates agree", "2 relatives in common", ...
    async fn reasons(&self) -> &[String] {
        &self.0.reasons
    }
}

#[derive(Default)]
pub struct AnalysisQuery;

#[Object]
impl AnalysisQuery {
    /// People you may see who may be recorded twice (under a maiden and a married name,
    /// with a nickname, in two siblings' networks), best first.
    #[graphql(complexity = "crate::schema::limits::first(first, 20) * child_complexity")]
    async fn duplicate_candidates(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many pairs, at most 100.")] first: Option<i32>,
    ) -> Result<Vec<DuplicateCandidate>, ApiError> {
        let limit = crate::schema::people::first(first, 20)?;
        let request = request(ctx)?;
        let found = analysis::duplicates(&request.db, &request.viewer).await?;
        Ok(found
            .into_iter()
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .map(DuplicateCandidate)
            .collect())
    }
}
