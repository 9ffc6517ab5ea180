//! The GraphQL enumerations. Each mirrors a stored enumeration of `entity::enums`
//! (`remote` derives the conversions both ways), so the value names are one contract.

use async_graphql::Enum;

/// A person's sex as recorded.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::Sex")]
pub enum Sex {
    /// Female.
    Female,
    /// Male.
    Male,
    /// Another sex or gender, as the person describes it.
    Other,
    /// Not known or not recorded.
    Unknown,
}

/// What kind of other name a person is known by.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::NameKind")]
pub enum NameKind {
    /// The name given at birth.
    Birth,
    /// A family name before marriage.
    Maiden,
    /// A name no longer used.
    Former,
    /// A name taken on marriage.
    Married,
    /// A name used in place of their own.
    Alias,
    /// What family and friends call them.
    Nickname,
    /// Any other name.
    Other,
}

/// Whether a child's case is open.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ChildStatus")]
pub enum ChildStatus {
    /// The case is open: the network is being worked on.
    Open,
    /// The case is closed; the record is kept.
    Closed,
}

/// The part a practitioner plays on a child's case.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::AssignmentRole")]
pub enum AssignmentRole {
    /// Lifelong Links coordinator: maps and grows the network.
    Coordinator,
    /// The child's social worker.
    SocialWorker,
    /// Coordinates the child's Family Group Conference.
    FgcCoordinator,
    /// Oversees the case.
    Manager,
    /// Reads the network, without contact details or notes.
    Viewer,
}

/// What a relationship is. PARENT, PARTNER and SIBLING are the primitive kinship edges every other family tie is derived from; the rest are social ties.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::RelationshipKind")]
pub enum RelationshipKind {
    /// FROM is a parent of TO (see parentKind).
    Parent,
    /// Partners, married or not; current unless endedOn is set.
    Partner,
    /// Siblings recorded as such, when no shared parent is recorded.
    Sibling,
    /// A friend.
    Friend,
    /// FROM teaches TO.
    Teacher,
    /// FROM mentors TO.
    Mentor,
    /// Neighbours.
    Neighbour,
    /// FROM cares for TO outside a parent role.
    Carer,
    /// FROM works with TO professionally.
    Professional,
    /// Any other tie.
    Other,
}

/// How a parent is a parent.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ParentKind")]
pub enum ParentKind {
    /// Birth parent.
    Birth,
    /// Adoptive parent.
    Adoptive,
    /// Step-parent: the partner of a parent.
    Step,
    /// Foster carer.
    Foster,
    /// Special guardian or other legal guardian.
    Guardian,
}

/// The quality of a tie, in genogram terms.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::RelationshipQuality")]
pub enum RelationshipQuality {
    /// Close: drawn heavy or double.
    Close,
    /// An ordinary tie: drawn solid.
    Ordinary,
    /// Distant: drawn dotted.
    Distant,
    /// In conflict: drawn zigzag; still usable for an introduction.
    Conflict,
    /// Cut off: drawn broken; never used for an introduction.
    CutOff,
    /// Hostile: never used for an introduction, and no sibling tie is derived across it.
    Hostile,
}

/// How sure the evidence for a relationship is.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::Confidence")]
pub enum Confidence {
    /// Confirmed by a document or by both people.
    Confirmed,
    /// Told by someone who would know.
    Probable,
    /// A lead to check.
    Possible,
}

/// Where the child stands with a member of their network.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ConnectionStatus")]
pub enum ConnectionStatus {
    /// In touch with the child.
    Active,
    /// Was in the child's life; contact has been lost.
    Lost,
    /// Found, not yet approached.
    NotYetContacted,
    /// Back in touch after being lost.
    Reestablished,
    /// Approached, and declined contact.
    Declined,
    /// Has died.
    Deceased,
}

/// Which side of the child's family a member is on.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::FamilySide")]
pub enum FamilySide {
    /// The mother's side.
    Maternal,
    /// The father's side.
    Paternal,
    /// Both sides (a double cousin, say).
    Both,
    /// Not on one side: parents, siblings, friends, professionals.
    None,
}

/// How close to the child a member is, as on an ecomap.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::Circle")]
pub enum Circle {
    /// The closest circle of an ecomap.
    Inner,
    /// The middle circle.
    Middle,
    /// The outer circle.
    Outer,
}

/// What the child says about contact with a member.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ChildView")]
pub enum ChildView {
    /// The child wants contact.
    WantsContact,
    /// The child does not want contact.
    DoesNotWant,
    /// The child is unsure.
    Unsure,
    /// The child has not been asked.
    NotAsked,
}

/// A safeguarding restriction on contact with a member. Every restriction other than NONE needs a reason.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::Restriction")]
pub enum Restriction {
    /// No restriction.
    None,
    /// Contact only when supervised.
    SupervisedOnly,
    /// No contact at all; never offered a route.
    NoContact,
    /// Where they are must not be disclosed outside the child's team: no area, address, phone, email or notes, and never asked to broker an introduction.
    DoNotDiscloseLocation,
}

/// Where a search looked, or how contact was attempted.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::SearchSource")]
pub enum SearchSource {
    /// The child's case file.
    CaseFile,
    /// The child.
    Child,
    /// A relative.
    Relative,
    /// Social media.
    SocialMedia,
    /// Public records (electoral roll, registers).
    PublicRecords,
    /// Another professional.
    Professional,
    /// A phone call.
    Call,
    /// A letter.
    Letter,
    /// An email.
    Email,
    /// A visit.
    Visit,
    /// Anything else.
    Other,
}

/// What a search or contact attempt came to.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::SearchOutcome")]
pub enum SearchOutcome {
    /// Found.
    Found,
    /// Not found.
    NotFound,
    /// Reached and spoken to.
    Contacted,
    /// No response yet.
    NoResponse,
    /// Declined contact.
    Declined,
    /// Still going on.
    InProgress,
}

/// What a member offers the child.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "entity::enums::SupportRole")]
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

/// How a person takes part in a Family Group Conference.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "entity::enums::Participation")]
pub enum Participation {
    /// At the conference, with everyone else.
    InPerson,
    /// At a session of their own, apart from people they must not meet.
    SeparateSession,
    /// By written views, read out at the conference.
    WrittenViews,
}

/// Why someone in a network cannot be invited to a conference in person.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "entity::enums::ExclusionReason")]
pub enum ExclusionReason {
    /// A no-contact restriction stands.
    NoContact,
    /// The child does not want contact with them.
    ChildDoesNotWant,
    /// They have died.
    Deceased,
    /// They declined contact.
    Declined,
    /// Their location must not be disclosed, and the conference is shared with the birth
    /// family.
    LocationProtected,
    /// They have not agreed, or no longer agree, to be contacted or invited.
    NotConsented,
}

/// What a consent is to.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "entity::enums::ConsentPurpose")]
pub enum ConsentPurpose {
    /// Searching: for the child, the work of finding their people at all; for a relative,
    /// being looked for.
    Search,
    /// Being contacted: calls, letters, emails, visits, introductions.
    Contact,
    /// Their contact details leaving the server in an export or a document.
    ShareDetails,
    /// An invitation to a Family Group Conference.
    InviteToFgc,
}

/// Who gave or refused a consent.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ConsentGiver")]
pub enum ConsentGiver {
    /// The child, for their own agreement to the work.
    Child,
    /// Someone with parental responsibility, on the child's or a young person's behalf.
    ParentalResponsibility,
    /// The person themselves.
    ThePerson,
}

/// Whether a consent was given or refused.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::enums::ConsentDecision")]
pub enum ConsentDecision {
    /// Given; it stands until withdrawn.
    Given,
    /// Refused: the work it would have allowed does not go ahead.
    Refused,
}

/// What a support candidate's score is made of.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "entity::enums::ScoreFactor")]
pub enum ScoreFactor {
    /// How close the relation is: a parent over a cousin, family over a friend.
    Kinship,
    /// The circle they were placed in on the ecomap.
    Circle,
    /// Where the child stands with them.
    Status,
    /// The support they offer.
    Roles,
    /// What the child has said about contact with them.
    ChildView,
    /// How recent the child's last contact with them is.
    RecentContact,
    /// How sure the record of the relation is.
    Evidence,
}

/// Where a Family Group Conference stands.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "entity::enums::ConferenceStatus")]
pub enum ConferenceStatus {
    /// Referred; not yet offered.
    Referred,
    /// Offered to those with parental responsibility; no one has accepted yet.
    Offered,
    /// Accepted by at least one person with parental responsibility.
    Accepted,
    /// Declined by everyone offered it, or not offered (a best-interests decision).
    Declined,
    /// The coordinator is preparing the participants.
    Preparing,
    /// A date, time and place are set.
    Scheduled,
    /// Held; the plan is recorded.
    Held,
    /// The plan has been reviewed.
    Reviewed,
    /// Closed.
    Closed,
}

/// A person's answer to the offer of a conference.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "entity::enums::OfferAnswer")]
pub enum OfferAnswer {
    /// They accepted.
    Accepted,
    /// They declined.
    Declined,
    /// No answer yet.
    NoAnswer,
}

/// The part an invitee plays at a conference.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "entity::enums::InvitationRole")]
pub enum InvitationRole {
    /// A relative.
    Family,
    /// A friend or other supportive adult.
    SupportPerson,
    /// An advocate for the child or a parent.
    Advocate,
    /// A professional: social worker, teacher, health visitor.
    Professional,
    /// The child.
    Child,
}

/// Where an invitation stands.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "entity::enums::InvitationStatus")]
pub enum InvitationStatus {
    /// Proposed by the coordinator; not yet sent.
    Proposed,
    /// Sent.
    Invited,
    /// They will take part.
    Accepted,
    /// They will not.
    Declined,
    /// They took part.
    Attended,
    /// Taken off the list.
    Excluded,
}

/// Where an action of a conference's plan stands.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "entity::enums::ActionStatus")]
pub enum ActionStatus {
    /// Agreed at the conference.
    Agreed,
    /// Under way.
    InProgress,
    /// Done.
    Done,
    /// Not done.
    NotDone,
}
