//! The enumerations stored as text, each value the same string as in the API.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A person's sex as recorded; optional on the person.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Sex {
    #[sea_orm(string_value = "FEMALE")]
    Female,
    #[sea_orm(string_value = "MALE")]
    Male,
    #[sea_orm(string_value = "OTHER")]
    Other,
    #[sea_orm(string_value = "UNKNOWN")]
    Unknown,
}

/// What kind of other name a person is known by.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NameKind {
    #[sea_orm(string_value = "BIRTH")]
    Birth,
    #[sea_orm(string_value = "MAIDEN")]
    Maiden,
    #[sea_orm(string_value = "FORMER")]
    Former,
    #[sea_orm(string_value = "MARRIED")]
    Married,
    #[sea_orm(string_value = "ALIAS")]
    Alias,
    #[sea_orm(string_value = "NICKNAME")]
    Nickname,
    #[sea_orm(string_value = "OTHER")]
    Other,
}

/// Whether a child's case is open.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChildStatus {
    #[sea_orm(string_value = "OPEN")]
    Open,
    #[sea_orm(string_value = "CLOSED")]
    Closed,
}

/// The part a practitioner plays on a child's case.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AssignmentRole {
    #[sea_orm(string_value = "COORDINATOR")]
    Coordinator,
    #[sea_orm(string_value = "SOCIAL_WORKER")]
    SocialWorker,
    #[sea_orm(string_value = "FGC_COORDINATOR")]
    FgcCoordinator,
    #[sea_orm(string_value = "MANAGER")]
    Manager,
    #[sea_orm(string_value = "VIEWER")]
    Viewer,
}

/// What a relationship is: the primitive kinship edges and the social ties.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RelationshipKind {
    #[sea_orm(string_value = "PARENT")]
    Parent,
    #[sea_orm(string_value = "PARTNER")]
    Partner,
    #[sea_orm(string_value = "SIBLING")]
    Sibling,
    #[sea_orm(string_value = "FRIEND")]
    Friend,
    #[sea_orm(string_value = "TEACHER")]
    Teacher,
    #[sea_orm(string_value = "MENTOR")]
    Mentor,
    #[sea_orm(string_value = "NEIGHBOUR")]
    Neighbour,
    #[sea_orm(string_value = "CARER")]
    Carer,
    #[sea_orm(string_value = "PROFESSIONAL")]
    Professional,
    #[sea_orm(string_value = "OTHER")]
    Other,
}

/// How a parent is a parent.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ParentKind {
    #[sea_orm(string_value = "BIRTH")]
    Birth,
    #[sea_orm(string_value = "ADOPTIVE")]
    Adoptive,
    #[sea_orm(string_value = "STEP")]
    Step,
    #[sea_orm(string_value = "FOSTER")]
    Foster,
    #[sea_orm(string_value = "GUARDIAN")]
    Guardian,
}

/// The quality of a tie, in genogram terms.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RelationshipQuality {
    #[sea_orm(string_value = "CLOSE")]
    Close,
    #[sea_orm(string_value = "ORDINARY")]
    Ordinary,
    #[sea_orm(string_value = "DISTANT")]
    Distant,
    #[sea_orm(string_value = "CONFLICT")]
    Conflict,
    #[sea_orm(string_value = "CUT_OFF")]
    CutOff,
    #[sea_orm(string_value = "HOSTILE")]
    Hostile,
}

/// How sure the evidence for a relationship is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Confidence {
    #[sea_orm(string_value = "CONFIRMED")]
    Confirmed,
    #[sea_orm(string_value = "PROBABLE")]
    Probable,
    #[sea_orm(string_value = "POSSIBLE")]
    Possible,
}

/// Where the child stands with a member of their network.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConnectionStatus {
    #[sea_orm(string_value = "ACTIVE")]
    Active,
    #[sea_orm(string_value = "LOST")]
    Lost,
    #[sea_orm(string_value = "NOT_YET_CONTACTED")]
    NotYetContacted,
    #[sea_orm(string_value = "REESTABLISHED")]
    Reestablished,
    #[sea_orm(string_value = "DECLINED")]
    Declined,
    #[sea_orm(string_value = "DECEASED")]
    Deceased,
}

/// Which side of the child's family a member is on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FamilySide {
    #[sea_orm(string_value = "MATERNAL")]
    Maternal,
    #[sea_orm(string_value = "PATERNAL")]
    Paternal,
    #[sea_orm(string_value = "BOTH")]
    Both,
    #[sea_orm(string_value = "NONE")]
    None,
}

/// How close to the child a member is, as on an ecomap.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Circle {
    #[sea_orm(string_value = "INNER")]
    Inner,
    #[sea_orm(string_value = "MIDDLE")]
    Middle,
    #[sea_orm(string_value = "OUTER")]
    Outer,
}

/// What the child says about contact with a member.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChildView {
    #[sea_orm(string_value = "WANTS_CONTACT")]
    WantsContact,
    #[sea_orm(string_value = "DOES_NOT_WANT")]
    DoesNotWant,
    #[sea_orm(string_value = "UNSURE")]
    Unsure,
    #[sea_orm(string_value = "NOT_ASKED")]
    NotAsked,
}

/// A safeguarding restriction on contact with a member.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Restriction {
    #[sea_orm(string_value = "NONE")]
    None,
    #[sea_orm(string_value = "SUPERVISED_ONLY")]
    SupervisedOnly,
    #[sea_orm(string_value = "NO_CONTACT")]
    NoContact,
    #[sea_orm(string_value = "DO_NOT_DISCLOSE_LOCATION")]
    DoNotDiscloseLocation,
}

/// Where a search looked, or how contact was attempted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SearchSource {
    #[sea_orm(string_value = "CASE_FILE")]
    CaseFile,
    #[sea_orm(string_value = "CHILD")]
    Child,
    #[sea_orm(string_value = "RELATIVE")]
    Relative,
    #[sea_orm(string_value = "SOCIAL_MEDIA")]
    SocialMedia,
    #[sea_orm(string_value = "PUBLIC_RECORDS")]
    PublicRecords,
    #[sea_orm(string_value = "PROFESSIONAL")]
    Professional,
    #[sea_orm(string_value = "CALL")]
    Call,
    #[sea_orm(string_value = "LETTER")]
    Letter,
    #[sea_orm(string_value = "EMAIL")]
    Email,
    #[sea_orm(string_value = "VISIT")]
    Visit,
    #[sea_orm(string_value = "OTHER")]
    Other,
}

/// What a search or contact attempt came to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SearchOutcome {
    #[sea_orm(string_value = "FOUND")]
    Found,
    #[sea_orm(string_value = "NOT_FOUND")]
    NotFound,
    #[sea_orm(string_value = "CONTACTED")]
    Contacted,
    #[sea_orm(string_value = "NO_RESPONSE")]
    NoResponse,
    #[sea_orm(string_value = "DECLINED")]
    Declined,
    #[sea_orm(string_value = "IN_PROGRESS")]
    InProgress,
}

/// What a member offers the child. Stored as a JSON list of these names in
/// `network_member.roles`; a name this version does not know is skipped when read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SupportRole {
    Emotional,
    Practical,
    Respite,
    PlacementOption,
    Mentor,
    FgcParticipant,
}

/// How a person takes part in a Family Group Conference.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Participation {
    #[sea_orm(string_value = "IN_PERSON")]
    InPerson,
    #[sea_orm(string_value = "SEPARATE_SESSION")]
    SeparateSession,
    #[sea_orm(string_value = "WRITTEN_VIEWS")]
    WrittenViews,
}

/// Why someone in a network cannot be invited to a conference in person.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExclusionReason {
    #[sea_orm(string_value = "NO_CONTACT")]
    NoContact,
    #[sea_orm(string_value = "CHILD_DOES_NOT_WANT")]
    ChildDoesNotWant,
    #[sea_orm(string_value = "DECEASED")]
    Deceased,
    #[sea_orm(string_value = "DECLINED")]
    Declined,
    #[sea_orm(string_value = "LOCATION_PROTECTED")]
    LocationProtected,
    #[sea_orm(string_value = "NOT_CONSENTED")]
    NotConsented,
}

/// What a consent is to.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConsentPurpose {
    #[sea_orm(string_value = "SEARCH")]
    Search,
    #[sea_orm(string_value = "CONTACT")]
    Contact,
    #[sea_orm(string_value = "SHARE_DETAILS")]
    ShareDetails,
    #[sea_orm(string_value = "INVITE_TO_FGC")]
    InviteToFgc,
}

/// Who gave (or refused) a consent.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConsentGiver {
    #[sea_orm(string_value = "CHILD")]
    Child,
    #[sea_orm(string_value = "PARENTAL_RESPONSIBILITY")]
    ParentalResponsibility,
    #[sea_orm(string_value = "THE_PERSON")]
    ThePerson,
}

/// Whether a consent was given or refused.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConsentDecision {
    #[sea_orm(string_value = "GIVEN")]
    Given,
    #[sea_orm(string_value = "REFUSED")]
    Refused,
}

/// What a support candidate's score is made of. Derived, never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ScoreFactor {
    Kinship,
    Circle,
    Status,
    Roles,
    ChildView,
    RecentContact,
    Evidence,
}

/// Where a Family Group Conference stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConferenceStatus {
    #[sea_orm(string_value = "REFERRED")]
    Referred,
    #[sea_orm(string_value = "OFFERED")]
    Offered,
    #[sea_orm(string_value = "ACCEPTED")]
    Accepted,
    #[sea_orm(string_value = "DECLINED")]
    Declined,
    #[sea_orm(string_value = "PREPARING")]
    Preparing,
    #[sea_orm(string_value = "SCHEDULED")]
    Scheduled,
    #[sea_orm(string_value = "HELD")]
    Held,
    #[sea_orm(string_value = "REVIEWED")]
    Reviewed,
    #[sea_orm(string_value = "CLOSED")]
    Closed,
}

/// A person's answer to the offer of a conference.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OfferAnswer {
    #[sea_orm(string_value = "ACCEPTED")]
    Accepted,
    #[sea_orm(string_value = "DECLINED")]
    Declined,
    #[sea_orm(string_value = "NO_ANSWER")]
    NoAnswer,
}

/// The part an invitee plays at a conference.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InvitationRole {
    #[sea_orm(string_value = "FAMILY")]
    Family,
    #[sea_orm(string_value = "SUPPORT_PERSON")]
    SupportPerson,
    #[sea_orm(string_value = "ADVOCATE")]
    Advocate,
    #[sea_orm(string_value = "PROFESSIONAL")]
    Professional,
    #[sea_orm(string_value = "CHILD")]
    Child,
}

/// Where an invitation stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InvitationStatus {
    #[sea_orm(string_value = "PROPOSED")]
    Proposed,
    #[sea_orm(string_value = "INVITED")]
    Invited,
    #[sea_orm(string_value = "ACCEPTED")]
    Accepted,
    #[sea_orm(string_value = "DECLINED")]
    Declined,
    #[sea_orm(string_value = "ATTENDED")]
    Attended,
    #[sea_orm(string_value = "EXCLUDED")]
    Excluded,
}

/// Where an action of a conference's plan stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "Text")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ActionStatus {
    #[sea_orm(string_value = "AGREED")]
    Agreed,
    #[sea_orm(string_value = "IN_PROGRESS")]
    InProgress,
    #[sea_orm(string_value = "DONE")]
    Done,
    #[sea_orm(string_value = "NOT_DONE")]
    NotDone,
}
