//! Gaps: where family is missing from a network.

use async_graphql::{Context, Object};

use super::{count, people};
use crate::{
    error::ApiError,
    schema::{enums::FamilySide, people::Person},
    service::analysis::convert,
};

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
pub struct Gap(pub graph::Gap);

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
            | graph::GapKind::GrandparentsUnknown { side: on, .. } => {
                Some(convert::side(on).into())
            }
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
