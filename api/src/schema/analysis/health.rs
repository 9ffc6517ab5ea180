//! A network's health: counts, cut points, betweenness, unreachable groups and growth.

use async_graphql::{Context, Object, SimpleObject};

use super::{count, people};
use crate::{
    error::ApiError,
    schema::{
        enums::{Circle, ConnectionStatus, FamilySide, SupportRole},
        people::Person,
    },
    service::analysis::convert,
};

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
pub struct NetworkHealth(pub graph::Health);

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
                status: convert::status(*status).into(),
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
                side: convert::family_side(*recorded).into(),
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
                circle: convert::circle(*circle).into(),
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
                role: convert::role(*role).into(),
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
