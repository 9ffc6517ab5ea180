//! The GraphQL enumerations. Each mirrors a stored enumeration of `entity::enums`
//! (`remote` derives the conversions both ways), so the value names are one contract.

use async_graphql::Enum;
use serde::{Deserialize, Serialize};

/// A person's sex as recorded.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::Sex")]
pub enum Sex {
    Female,
    Male,
    Other,
    Unknown,
}

/// What kind of other name a person is known by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::NameKind")]
pub enum NameKind {
    Birth,
    Maiden,
    Former,
    Married,
    Alias,
    Nickname,
    Other,
}

/// Whether a child's case is open.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ChildStatus")]
pub enum ChildStatus {
    Open,
    Closed,
}

/// The part a practitioner plays on a child's case.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::AssignmentRole")]
pub enum AssignmentRole {
    Coordinator,
    SocialWorker,
    FgcCoordinator,
    Manager,
    Viewer,
}

/// What a relationship is. PARENT, PARTNER and SIBLING are the primitive kinship edges every other family tie is derived from; the rest are social ties.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::RelationshipKind")]
pub enum RelationshipKind {
    Parent,
    Partner,
    Sibling,
    Friend,
    Teacher,
    Mentor,
    Neighbour,
    Carer,
    Professional,
    Other,
}

/// How a parent is a parent.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ParentKind")]
pub enum ParentKind {
    Birth,
    Adoptive,
    Step,
    Foster,
    Guardian,
}

/// The quality of a tie, in genogram terms.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::RelationshipQuality")]
pub enum RelationshipQuality {
    Close,
    Ordinary,
    Distant,
    Conflict,
    CutOff,
    Hostile,
}

/// How sure the evidence for a relationship is.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::Confidence")]
pub enum Confidence {
    Confirmed,
    Probable,
    Possible,
}

/// Where the child stands with a member of their network.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ConnectionStatus")]
pub enum ConnectionStatus {
    Active,
    Lost,
    NotYetContacted,
    Reestablished,
    Declined,
    Deceased,
}

/// Which side of the child's family a member is on.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::FamilySide")]
pub enum FamilySide {
    Maternal,
    Paternal,
    Both,
    None,
}

/// How close to the child a member is, as on an ecomap.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::Circle")]
pub enum Circle {
    Inner,
    Middle,
    Outer,
}

/// What the child says about contact with a member.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ChildView")]
pub enum ChildView {
    WantsContact,
    DoesNotWant,
    Unsure,
    NotAsked,
}

/// A safeguarding restriction on contact with a member. Every restriction other than NONE needs a reason.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::Restriction")]
pub enum Restriction {
    None,
    SupervisedOnly,
    NoContact,
    DoNotDiscloseLocation,
}

/// Where a search looked, or how contact was attempted.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::SearchSource")]
pub enum SearchSource {
    CaseFile,
    Child,
    Relative,
    SocialMedia,
    PublicRecords,
    Professional,
    Call,
    Letter,
    Email,
    Visit,
    Other,
}

/// What a search or contact attempt came to.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::SearchOutcome")]
pub enum SearchOutcome {
    Found,
    NotFound,
    Contacted,
    NoResponse,
    Declined,
    InProgress,
}

/// What a member offers the child.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SupportRole {
    /// Someone to talk to.
    Emotional,
    /// Lifts, help with appointments, a meal.
    Practical,
    /// Short breaks for the carers.
    Respite,
    /// Could offer the child a home.
    PlacementOption,
    /// A guide or role model.
    Mentor,
    /// Would take part in a Family Group Conference.
    FgcParticipant,
}
