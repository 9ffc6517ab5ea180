//! What the graph crate answers about a network, in GraphQL: thin types over the domain's
//! answers (`service::analysis`), by topic.

mod duplicates;
mod gaps;
mod health;
mod kinship;
mod leads;
mod support;

use async_graphql::Context;

pub use duplicates::AnalysisQuery;
pub use gaps::Gap;
pub use health::{NetworkHealth, SideCount, StatusCount};
pub use kinship::{IntroductionPath, Kinship};
pub use leads::{Lead, leads};
pub use support::SupportCandidates;

use crate::{
    error::ApiError,
    schema::{context::request, people::Person},
    service::analysis::convert,
};

/// The people of a graph answer, in its order, as far as the viewer may see them.
async fn people(ctx: &Context<'_>, ids: &[graph::PersonId]) -> Result<Vec<Person>, ApiError> {
    let loaders = &request(ctx)?.loaders;
    let found = loaders
        .people
        .load_many(ids.iter().map(|id| convert::uuid(*id)))
        .await?;
    Ok(ids
        .iter()
        .filter_map(|id| found.get(&convert::uuid(*id)).cloned())
        .map(Person::new)
        .collect())
}

fn count(value: usize) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}
