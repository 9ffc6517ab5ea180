//! Leads: who to look for next.

use async_graphql::{Context, Object};
use entity::{child, network_member};

use super::{kinship::IntroductionPath, people};
use crate::{
    error::ApiError,
    schema::{context::request, people::Person},
    service::analysis::{self, convert},
};

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
            .load_one((self.1, convert::uuid(self.0.person)))
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
            graph::LeadReason::StaleSearch(day) => {
                convert::date(*day).map(crate::schema::dates::Date)
            }
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
    let leads = analysis::leads(&request.db, &request.viewer(), child, members).await?;
    Ok(leads
        .into_iter()
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(|lead| Lead(lead, child.id))
        .collect())
}
