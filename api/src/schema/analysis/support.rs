//! Support candidates for a Family Group Conference.

use async_graphql::{Context, Object, SimpleObject};

use super::{count, people};
use crate::{
    error::ApiError,
    schema::{
        enums::{ExclusionReason, FamilySide, Participation, ScoreFactor},
        people::Person,
    },
    service::analysis::convert,
};

/// Who could support the child at a Family Group Conference: every member who could be
/// invited, best first; everyone left out, with why; and a suggested list.
pub struct SupportCandidates(pub graph::SupportCandidates);

/// Who could support the child at a Family Group Conference: every member who could be
/// invited, best first; everyone left out, with why; and a suggested list.
#[Object]
impl SupportCandidates {
    /// Everyone who could be invited, best first.
    #[graphql(complexity = "child_complexity * crate::schema::limits::NETWORK_SIZE")]
    async fn candidates(&self) -> Vec<SupportCandidate> {
        self.0
            .candidates
            .iter()
            .cloned()
            .map(SupportCandidate)
            .collect()
    }

    /// Everyone in the network who cannot be invited in person, and how they may still
    /// take part.
    #[graphql(complexity = "child_complexity * crate::schema::limits::NETWORK_SIZE")]
    async fn excluded(&self) -> Vec<ExcludedCandidate> {
        self.0
            .excluded
            .iter()
            .cloned()
            .map(ExcludedCandidate)
            .collect()
    }

    /// A list of the size asked for that covers both sides of the family and more than
    /// one household where the network allows, with why each was chosen.
    #[graphql(complexity = "child_complexity * crate::schema::limits::SHORT_LIST")]
    async fn suggested(&self) -> Vec<SuggestedInvitee> {
        self.0
            .suggested
            .iter()
            .cloned()
            .map(SuggestedInvitee)
            .collect()
    }
}

/// Someone who could be invited, and why they rank where they do.
pub struct SupportCandidate(graph::Candidate);

/// Someone who could be invited, and why they rank where they do.
#[Object]
impl SupportCandidate {
    /// The person; null if you may not see them.
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        Ok(people(ctx, &[self.0.person]).await?.pop())
    }

    /// Place in the ranking: 1 first.
    async fn rank(&self) -> i32 {
        count(self.0.rank)
    }

    /// 0 to 100: the sum of the factors' points.
    async fn score(&self) -> f64 {
        self.0.score
    }

    /// What the score is made of.
    async fn factors(&self) -> Vec<Factor> {
        self.0
            .factors
            .iter()
            .map(|factor| Factor {
                kind: convert::factor(factor.kind).into(),
                weight: factor.weight,
                value: factor.value,
                points: factor.points(),
            })
            .collect()
    }

    /// In words: "maternal grandmother, in touch this month, offers respite".
    async fn reasons(&self) -> &str {
        &self.0.reasons
    }

    /// The closest relation to the child, if any.
    async fn relation(&self) -> Option<&str> {
        self.0.relation.as_deref()
    }

    /// The side of the family they stand on, as recorded or, failing that, as derived.
    async fn side(&self) -> FamilySide {
        convert::family_side(self.0.side).into()
    }
}

/// One part of a score.
#[derive(SimpleObject)]
pub struct Factor {
    /// What it weighs.
    pub kind: ScoreFactor,
    /// The most points it can give.
    pub weight: f64,
    /// 0 to 1: how much of its weight this person gets.
    pub value: f64,
    /// `weight` times `value`.
    pub points: f64,
}

/// Someone in the network who cannot be invited in person.
pub struct ExcludedCandidate(graph::Excluded);

/// Someone in the network who cannot be invited in person.
#[Object]
impl ExcludedCandidate {
    /// The person; null if you may not see them.
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        Ok(people(ctx, &[self.0.person]).await?.pop())
    }

    /// Why they are left out.
    async fn reason(&self) -> ExclusionReason {
        convert::exclusion(self.0.reason).into()
    }

    /// How they may still take part; empty where they cannot.
    async fn may_still(&self) -> Vec<Participation> {
        self.0
            .may_still
            .iter()
            .map(|way| convert::participation(*way).into())
            .collect()
    }
}

/// A person on the suggested list.
pub struct SuggestedInvitee(graph::Suggested);

/// A person on the suggested list.
#[Object]
impl SuggestedInvitee {
    /// The person; null if you may not see them.
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        Ok(people(ctx, &[self.0.person]).await?.pop())
    }

    /// Why they were chosen: "the best placed on the paternal side of the family".
    async fn why(&self) -> &str {
        &self.0.why
    }
}
