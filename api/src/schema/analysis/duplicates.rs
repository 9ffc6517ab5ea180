//! People who may be recorded twice.

use async_graphql::{Context, Object};

use super::people;
use crate::{
    error::ApiError,
    schema::{context::request, people::Person},
    service::analysis,
};

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
        let found = analysis::duplicates(&request.db, &request.viewer()).await?;
        Ok(found
            .into_iter()
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .map(DuplicateCandidate)
            .collect())
    }
}
