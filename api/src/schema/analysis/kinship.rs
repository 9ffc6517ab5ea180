//! Kinship and introduction paths.

use async_graphql::{Context, Object};

use super::people;
use crate::{
    error::ApiError,
    schema::{enums::FamilySide, people::Person},
    service::analysis::convert,
};

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
        FamilySide::from(convert::side(self.0.side()))
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
        FamilySide::from(convert::side(self.0.side))
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
pub struct IntroductionPath(pub graph::IntroductionPath);

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
