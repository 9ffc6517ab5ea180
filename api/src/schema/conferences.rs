//! Family Group Conferences in GraphQL: thin types over `service::conferences`, the
//! mutations that take a conference from referral to review.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{conference, conference_offer, conference_review, invitation, plan_action};

use crate::{
    error::ApiError,
    policy,
    schema::{
        analysis::{SideCount, StatusCount},
        assignments::User,
        children::Child,
        context::request,
        dates::Date,
        enums::{
            ActionStatus, ConferenceStatus, InvitationRole, InvitationStatus, OfferAnswer,
            Participation,
        },
        ids,
        patch::patch,
        people::Person,
    },
    service::{
        self,
        conferences::{self as domain, NetworkCount},
        validate::Patch,
    },
};

async fn person(ctx: &Context<'_>, id: uuid::Uuid) -> Result<Option<Person>, ApiError> {
    Person::load(ctx, id).await
}

async fn user(ctx: &Context<'_>, id: uuid::Uuid) -> Result<Option<User>, ApiError> {
    Ok(request(ctx)?.loaders.users.load_one(id).await?.map(User))
}

/// Free text about the case, as far as the viewer may read it.
fn case_notes<'a>(
    ctx: &Context<'_>,
    text: &'a Option<String>,
) -> Result<Option<&'a str>, ApiError> {
    Ok(policy::case_notes(&request(ctx)?.viewer(), text.as_deref()))
}

fn parse_person(
    field: &str,
    id: MaybeUndefined<ID>,
) -> Result<Patch<service::ids::PersonId>, ApiError> {
    Ok(match id {
        MaybeUndefined::Undefined => Patch::Keep,
        MaybeUndefined::Null => Patch::Clear,
        MaybeUndefined::Value(id) => Patch::Set(ids::parse(field, &id)?),
    })
}

/// A Family Group Conference for a child: the family network meets to make a plan for the
/// child, from the referral and the offer to the plan's review.
#[derive(Clone)]
pub struct Conference(pub conference::Model);

/// A Family Group Conference for a child: the family network meets to make a plan for the
/// child, from the referral and the offer to the plan's review.
#[Object]
impl Conference {
    /// Unique id.
    pub async fn id(&self) -> ID {
        ids::id(self.0.id)
    }

    /// The child the conference is for.
    async fn child(&self, ctx: &Context<'_>) -> Result<Child, ApiError> {
        Child::load(ctx, self.0.child_id).await
    }

    /// Where it stands.
    async fn status(&self) -> ConferenceStatus {
        self.0.status.into()
    }

    /// When it was referred.
    async fn referred_on(&self) -> Date {
        Date(self.0.referred_on)
    }

    /// The practitioner who referred it.
    async fn referred_by(&self, ctx: &Context<'_>) -> Result<Option<User>, ApiError> {
        user(ctx, self.0.referred_by).await
    }

    /// Why; null for viewer and service roles.
    async fn reason(&self, ctx: &Context<'_>) -> Result<Option<&str>, ApiError> {
        Ok(policy::case_notes(
            &request(ctx)?.viewer(),
            Some(&self.0.reason),
        ))
    }

    /// The offers made to those with parental responsibility, and their answers.
    #[graphql(complexity = "child_complexity * crate::schema::limits::SHORT_LIST")]
    async fn offers(&self, ctx: &Context<'_>) -> Result<Vec<ConferenceOffer>, ApiError> {
        let offers = domain::offers_of(&request(ctx)?.db.conn, self.0.id).await?;
        Ok(offers.into_iter().map(ConferenceOffer).collect())
    }

    /// Why it is not offered (the best-interests decision); null for viewer and service
    /// roles.
    async fn not_offered_reason(&self, ctx: &Context<'_>) -> Result<Option<&str>, ApiError> {
        case_notes(ctx, &self.0.not_offered_reason)
    }

    /// Who decided not to offer it.
    async fn not_offered_by(&self, ctx: &Context<'_>) -> Result<Option<User>, ApiError> {
        match self.0.not_offered_by {
            Some(id) => user(ctx, id).await,
            None => Ok(None),
        }
    }

    /// Whether the birth family attends: then no one whose location must not be disclosed
    /// can sit in it.
    async fn shared_with_birth_family(&self) -> bool {
        self.0.shared_with_birth_family
    }

    /// When it is to be held.
    async fn scheduled_for(&self) -> Option<DateTime<Utc>> {
        self.0.scheduled_for
    }

    /// Where it is to be held.
    async fn venue(&self) -> Option<&str> {
        self.0.venue.as_deref()
    }

    /// Whether an interpreter is needed.
    async fn interpreter_needed(&self) -> bool {
        self.0.interpreter_needed
    }

    /// The language to interpret into.
    async fn language(&self) -> Option<&str> {
        self.0.language.as_deref()
    }

    /// The advocate for the child or a parent, if any.
    async fn advocate(&self) -> Option<&str> {
        self.0.advocate.as_deref()
    }

    /// Whether the child attends.
    async fn child_attends(&self) -> bool {
        self.0.child_attends
    }

    /// What the child wants from it; null for viewer and service roles.
    async fn child_wishes(&self, ctx: &Context<'_>) -> Result<Option<&str>, ApiError> {
        case_notes(ctx, &self.0.child_wishes)
    }

    /// The authority's non-negotiables, recorded before the meeting; null for viewer and
    /// service roles.
    async fn bottom_lines(&self, ctx: &Context<'_>) -> Result<Option<&str>, ApiError> {
        case_notes(ctx, &self.0.bottom_lines)
    }

    /// Who is invited, and how they take part.
    #[graphql(complexity = "child_complexity * crate::schema::limits::NETWORK_SIZE")]
    async fn invitations(&self, ctx: &Context<'_>) -> Result<Vec<Invitation>, ApiError> {
        let invitations = domain::invitations_of(&request(ctx)?.db.conn, self.0.id).await?;
        Ok(invitations.into_iter().map(Invitation).collect())
    }

    /// Every pair of in-person invitees who must not meet as planned (and anyone whose
    /// contact must be supervised with no professional in the room), with a suggestion.
    #[graphql(complexity = "child_complexity * crate::schema::limits::SHORT_LIST")]
    async fn conflicts(&self, ctx: &Context<'_>) -> Result<Vec<ConferenceConflict>, ApiError> {
        let request = request(ctx)?;
        let found = domain::conflicts(&request.db, &request.viewer(), self.0.id).await?;
        Ok(found.into_iter().map(ConferenceConflict).collect())
    }

    /// The plan's actions, oldest first.
    #[graphql(complexity = "child_complexity * crate::schema::limits::SHORT_LIST")]
    async fn plan(&self, ctx: &Context<'_>) -> Result<Vec<PlanAction>, ApiError> {
        let actions = domain::actions_of(&request(ctx)?.db.conn, self.0.id).await?;
        Ok(actions.into_iter().map(PlanAction).collect())
    }

    /// Whether the referrer agreed the plan.
    async fn plan_agreed_by_referrer(&self) -> bool {
        self.0.plan_agreed_by_referrer
    }

    /// When the referrer agreed the plan.
    async fn plan_agreed_on(&self) -> Option<Date> {
        self.0.plan_agreed_on.map(Date)
    }

    /// The family member who watches the plan.
    async fn monitor(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        match self.0.monitor_person_id {
            Some(id) => person(ctx, id).await,
            None => Ok(None),
        }
    }

    /// When the plan is to be reviewed.
    async fn review_on(&self) -> Option<Date> {
        self.0.review_on.map(Date)
    }

    /// The plan's reviews, oldest first.
    #[graphql(complexity = "child_complexity * crate::schema::limits::SHORT_LIST")]
    async fn reviews(&self, ctx: &Context<'_>) -> Result<Vec<ConferenceReview>, ApiError> {
        let reviews = domain::reviews_of(&request(ctx)?.db.conn, self.0.id).await?;
        Ok(reviews.into_iter().map(ConferenceReview).collect())
    }

    /// The network as it stood when the conference was referred.
    async fn network_at_referral(&self) -> NetworkAtReferral {
        NetworkAtReferral(NetworkCount::stored(&self.0))
    }

    /// Changes with each update; send it back with an update.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// The network on one day: how many members, by status and by side.
pub struct NetworkAtReferral(NetworkCount);

/// The network on one day: how many members, by status and by side.
#[Object]
impl NetworkAtReferral {
    /// Live members.
    async fn size(&self) -> i32 {
        i32::try_from(self.0.size).unwrap_or(i32::MAX)
    }

    /// Members by connection status.
    async fn by_status(&self) -> Vec<StatusCount> {
        self.0
            .by_status
            .iter()
            .map(|(status, count)| StatusCount {
                status: (*status).into(),
                count: i32::try_from(*count).unwrap_or(i32::MAX),
            })
            .collect()
    }

    /// Members by side of the family.
    async fn by_side(&self) -> Vec<SideCount> {
        self.0
            .by_side
            .iter()
            .map(|(side, count)| SideCount {
                side: (*side).into(),
                count: i32::try_from(*count).unwrap_or(i32::MAX),
            })
            .collect()
    }
}

/// The offer of a conference to one person with parental responsibility.
pub struct ConferenceOffer(conference_offer::Model);

/// The offer of a conference to one person with parental responsibility.
#[Object]
impl ConferenceOffer {
    /// Unique id.
    async fn id(&self) -> ID {
        ids::id(self.0.id)
    }

    /// The person offered it; null if you may not see them.
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        person(ctx, self.0.person_id).await
    }

    /// When it was offered.
    async fn offered_on(&self) -> Date {
        Date(self.0.offered_on)
    }

    /// Whether it was offered in the letter before proceedings.
    async fn in_letter_before_proceedings(&self) -> bool {
        self.0.in_letter_before_proceedings
    }

    /// Their answer.
    async fn answer(&self) -> OfferAnswer {
        self.0.answer.into()
    }

    /// When they answered.
    async fn answered_on(&self) -> Option<Date> {
        self.0.answered_on.map(Date)
    }

    /// Changes with each update.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// One person's invitation to a conference.
pub struct Invitation(pub invitation::Model);

/// One person's invitation to a conference.
#[Object]
impl Invitation {
    /// Unique id.
    async fn id(&self) -> ID {
        ids::id(self.0.id)
    }

    /// The person invited; null if you may not see them.
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        person(ctx, self.0.person_id).await
    }

    /// The part they play.
    async fn role(&self) -> InvitationRole {
        self.0.role.into()
    }

    /// How they take part.
    async fn participation(&self) -> Participation {
        self.0.participation.into()
    }

    /// Where the invitation stands.
    async fn status(&self) -> InvitationStatus {
        self.0.status.into()
    }

    /// Why they take part apart, or why they are excluded; null for viewer and service
    /// roles, and where their location must not be disclosed to you.
    async fn excluded_reason(&self, ctx: &Context<'_>) -> Result<Option<&str>, ApiError> {
        let Some(person) = person(ctx, self.0.person_id).await? else {
            return Ok(None);
        };
        Ok(person
            .visible(ctx)
            .await?
            .notes_about(self.0.excluded_reason.as_deref()))
    }

    /// When the coordinator prepared them.
    async fn prepared_on(&self) -> Option<Date> {
        self.0.prepared_on.map(Date)
    }

    /// When they answered.
    async fn responded_on(&self) -> Option<Date> {
        self.0.responded_on.map(Date)
    }

    /// Whether they took part.
    async fn attended(&self) -> bool {
        self.0.attended
    }

    /// Changes with each update; send it back with an update.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// Why two invitees must not meet as planned.
#[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq)]
pub enum ConflictReason {
    /// A hostile, conflicted or cut-off relationship between them.
    Relationship,
    /// One's location must not be disclosed, and the other is a former partner or on bad
    /// terms with them.
    ProtectedLocation,
    /// Contact with them must be supervised, and no professional is in the session.
    Unsupervised,
}

/// Two in-person invitees who must not meet as planned, or one whose supervision is missing.
pub struct ConferenceConflict(domain::Conflict);

/// Two in-person invitees who must not meet as planned, or one whose supervision is missing.
#[Object]
impl ConferenceConflict {
    /// The first person; null if you may not see them.
    async fn a(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        person(ctx, self.0.a).await
    }

    /// The second person, if the conflict is between two.
    async fn b(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        match self.0.b {
            Some(id) => person(ctx, id).await,
            None => Ok(None),
        }
    }

    /// Why.
    async fn reason(&self) -> ConflictReason {
        match self.0.reason {
            domain::ConflictReason::Relationship => ConflictReason::Relationship,
            domain::ConflictReason::ProtectedLocation => ConflictReason::ProtectedLocation,
            domain::ConflictReason::Unsupervised => ConflictReason::Unsupervised,
        }
    }

    /// In words.
    async fn detail(&self) -> &str {
        &self.0.detail
    }

    /// What to do about it.
    async fn suggestion(&self) -> &str {
        &self.0.suggestion
    }
}

/// One action of a conference's plan.
pub struct PlanAction(pub plan_action::Model);

/// One action of a conference's plan.
#[Object]
impl PlanAction {
    /// Unique id.
    async fn id(&self) -> ID {
        ids::id(self.0.id)
    }

    /// What is to be done; null for viewer and service roles.
    async fn description(&self, ctx: &Context<'_>) -> Result<Option<&str>, ApiError> {
        Ok(policy::case_notes(
            &request(ctx)?.viewer(),
            Some(&self.0.description),
        ))
    }

    /// Who does it; null if you may not see them.
    async fn owner(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        person(ctx, self.0.owner_person_id).await
    }

    /// By when.
    async fn due_on(&self) -> Option<Date> {
        self.0.due_on.map(Date)
    }

    /// Who checks it was done.
    async fn checker(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        match self.0.checker_person_id {
            Some(id) => person(ctx, id).await,
            None => Ok(None),
        }
    }

    /// Where it stands.
    async fn status(&self) -> ActionStatus {
        self.0.status.into()
    }

    /// Notes; null for viewer and service roles.
    async fn notes(&self, ctx: &Context<'_>) -> Result<Option<&str>, ApiError> {
        case_notes(ctx, &self.0.notes)
    }

    /// Changes with each update; send it back with an update.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// A review of a conference's plan.
pub struct ConferenceReview(conference_review::Model);

/// A review of a conference's plan.
#[Object]
impl ConferenceReview {
    /// Unique id.
    async fn id(&self) -> ID {
        ids::id(self.0.id)
    }

    /// When.
    async fn reviewed_on(&self) -> Date {
        Date(self.0.reviewed_on)
    }

    /// Live members of the network on the day.
    async fn network_size(&self) -> i32 {
        self.0.network_size
    }

    /// What was kept, action by action.
    async fn actions(&self, ctx: &Context<'_>) -> Result<Vec<ReviewedAction>, ApiError> {
        let viewer = &request(ctx)?.viewer();
        Ok(domain::reviewed_actions(&self.0)
            .into_iter()
            .map(|action| ReviewedAction {
                action_id: ids::id(action.action_id),
                status: action.status.into(),
                notes: policy::case_notes(viewer, action.notes.as_deref()).map(str::to_owned),
            })
            .collect())
    }

    /// Notes; null for viewer and service roles.
    async fn notes(&self, ctx: &Context<'_>) -> Result<Option<&str>, ApiError> {
        case_notes(ctx, &self.0.notes)
    }
}

/// What a review found of one action.
#[derive(SimpleObject)]
pub struct ReviewedAction {
    /// The action.
    pub action_id: ID,
    /// Where it stood.
    pub status: ActionStatus,
    /// Notes; null for viewer and service roles.
    pub notes: Option<String>,
}

/// A conference to refer.
#[derive(InputObject)]
pub struct CreateConferenceInput {
    /// The child.
    pub child_id: ID,
    /// When it was referred.
    pub referred_on: Date,
    /// Why.
    pub reason: String,
    /// Whether the birth family will attend.
    #[graphql(default = true)]
    pub shared_with_birth_family: bool,
}

impl TryFrom<CreateConferenceInput> for domain::NewConference {
    type Error = ApiError;

    fn try_from(input: CreateConferenceInput) -> Result<Self, ApiError> {
        Ok(Self {
            child_id: ids::parse("childId", &input.child_id)?,
            referred_on: input.referred_on.into(),
            reason: input.reason,
            shared_with_birth_family: input.shared_with_birth_family,
        })
    }
}

/// A change to a conference. Fields left out are kept; null clears.
#[derive(InputObject)]
pub struct UpdateConferenceInput {
    /// The conference.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// A new stage; the stages' order is checked.
    pub status: Option<ConferenceStatus>,
    /// Why it is not offered (needed to move from REFERRED to DECLINED).
    pub not_offered_reason: MaybeUndefined<String>,
    /// Whether the birth family attends.
    pub shared_with_birth_family: Option<bool>,
    /// When it is to be held (needed to schedule it).
    pub scheduled_for: MaybeUndefined<DateTime<Utc>>,
    /// Where.
    pub venue: MaybeUndefined<String>,
    /// Whether an interpreter is needed.
    pub interpreter_needed: Option<bool>,
    /// The language to interpret into.
    pub language: MaybeUndefined<String>,
    /// The advocate.
    pub advocate: MaybeUndefined<String>,
    /// Whether the child attends.
    pub child_attends: Option<bool>,
    /// What the child wants from it.
    pub child_wishes: MaybeUndefined<String>,
    /// The authority's non-negotiables.
    pub bottom_lines: MaybeUndefined<String>,
    /// Whether the referrer agreed the plan.
    pub plan_agreed_by_referrer: Option<bool>,
    /// When the referrer agreed the plan.
    pub plan_agreed_on: MaybeUndefined<Date>,
    /// The family member who watches the plan: someone in the child's network.
    pub monitor_id: MaybeUndefined<ID>,
    /// When the plan is to be reviewed.
    pub review_on: MaybeUndefined<Date>,
}

impl TryFrom<UpdateConferenceInput> for (service::ids::ConferenceId, domain::ConferenceChange) {
    type Error = ApiError;

    fn try_from(input: UpdateConferenceInput) -> Result<Self, ApiError> {
        Ok((
            ids::parse("id", &input.id)?,
            domain::ConferenceChange {
                version: input.version,
                status: input.status.map(Into::into),
                not_offered_reason: patch(input.not_offered_reason),
                shared_with_birth_family: input.shared_with_birth_family,
                scheduled_for: patch(input.scheduled_for),
                venue: patch(input.venue),
                interpreter_needed: input.interpreter_needed,
                language: patch(input.language),
                advocate: patch(input.advocate),
                child_attends: input.child_attends,
                child_wishes: patch(input.child_wishes),
                bottom_lines: patch(input.bottom_lines),
                plan_agreed_by_referrer: input.plan_agreed_by_referrer,
                plan_agreed_on: patch(input.plan_agreed_on),
                monitor: parse_person("monitorId", input.monitor_id)?,
                review_on: patch(input.review_on),
            },
        ))
    }
}

/// An offer made to a person with parental responsibility, and their answer so far.
#[derive(InputObject)]
pub struct RecordOfferInput {
    /// The conference.
    pub conference_id: ID,
    /// A person with parental responsibility in the child's network.
    pub person_id: ID,
    /// When it was offered.
    pub offered_on: Date,
    /// Whether it was offered in the letter before proceedings.
    #[graphql(default = false)]
    pub in_letter_before_proceedings: bool,
    /// Their answer so far.
    pub answer: OfferAnswer,
    /// When they answered.
    pub answered_on: Option<Date>,
}

impl TryFrom<RecordOfferInput> for domain::NewOffer {
    type Error = ApiError;

    fn try_from(input: RecordOfferInput) -> Result<Self, ApiError> {
        Ok(Self {
            conference_id: ids::parse("conferenceId", &input.conference_id)?,
            person_id: ids::parse("personId", &input.person_id)?,
            offered_on: input.offered_on.into(),
            in_letter_before_proceedings: input.in_letter_before_proceedings,
            answer: input.answer.into(),
            answered_on: input.answered_on.map(Into::into),
        })
    }
}

/// Someone to invite.
#[derive(InputObject)]
pub struct InviteeInput {
    /// A person in the child's network (or the child, as CHILD).
    pub person_id: ID,
    /// The part they play.
    pub role: InvitationRole,
    /// How they take part.
    pub participation: Participation,
    /// Why they take part apart: needed for someone who may not attend in person.
    pub reason: Option<String>,
}

/// People to invite to a conference: those given, or the suggested list of support
/// candidates (`fromSuggestion`, its size).
#[derive(InputObject)]
pub struct ProposeInvitationsInput {
    /// The conference.
    pub conference_id: ID,
    /// The people to invite.
    #[graphql(default)]
    pub people: Vec<InviteeInput>,
    /// Invite the suggested list of this many support candidates instead.
    pub from_suggestion: Option<i32>,
}

/// A change to an invitation. Fields left out are kept; null clears.
#[derive(InputObject)]
pub struct UpdateInvitationInput {
    /// The invitation.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// The part they play.
    pub role: Option<InvitationRole>,
    /// How they take part.
    pub participation: Option<Participation>,
    /// Where it stands.
    pub status: Option<InvitationStatus>,
    /// Why they take part apart, or are excluded.
    pub excluded_reason: MaybeUndefined<String>,
    /// When the coordinator prepared them.
    pub prepared_on: MaybeUndefined<Date>,
    /// When they answered.
    pub responded_on: MaybeUndefined<Date>,
    /// Whether they took part.
    pub attended: Option<bool>,
}

/// An action of the plan.
#[derive(InputObject)]
pub struct AddPlanActionInput {
    /// The conference.
    pub conference_id: ID,
    /// What is to be done.
    pub description: String,
    /// Who does it: a person in the child's network.
    pub owner_id: ID,
    /// By when.
    pub due_on: Option<Date>,
    /// Who checks it was done: a person in the child's network.
    pub checker_id: Option<ID>,
    /// Notes.
    pub notes: Option<String>,
}

/// A change to an action of the plan. Fields left out are kept; null clears.
#[derive(InputObject)]
pub struct UpdatePlanActionInput {
    /// The action.
    pub id: ID,
    /// The version you read.
    pub version: i32,
    /// What is to be done.
    pub description: Option<String>,
    /// Who does it.
    pub owner_id: Option<ID>,
    /// By when.
    pub due_on: MaybeUndefined<Date>,
    /// Who checks it was done.
    pub checker_id: MaybeUndefined<ID>,
    /// Where it stands.
    pub status: Option<ActionStatus>,
    /// Notes.
    pub notes: MaybeUndefined<String>,
}

/// What a review found of one action.
#[derive(InputObject)]
pub struct ReviewedActionInput {
    /// The action.
    pub action_id: ID,
    /// Where it stands.
    pub status: ActionStatus,
    /// Notes.
    pub notes: Option<String>,
}

/// A review of a conference's plan.
#[derive(InputObject)]
pub struct RecordReviewInput {
    /// The conference.
    pub conference_id: ID,
    /// When.
    pub reviewed_on: Date,
    /// What was kept, action by action.
    pub actions: Vec<ReviewedActionInput>,
    /// Notes.
    pub notes: Option<String>,
}

/// The conference as written.
#[derive(SimpleObject)]
pub struct ConferencePayload {
    /// The conference.
    pub conference: Conference,
}

/// The offer as written.
#[derive(SimpleObject)]
pub struct RecordOfferPayload {
    /// The offer.
    pub offer: ConferenceOffer,
    /// The conference, moved on by the answer.
    pub conference: Conference,
}

/// The invitations written.
#[derive(SimpleObject)]
pub struct ProposeInvitationsPayload {
    /// The new invitations.
    pub invitations: Vec<Invitation>,
}

/// The invitation as written.
#[derive(SimpleObject)]
pub struct UpdateInvitationPayload {
    /// The invitation.
    pub invitation: Invitation,
}

/// The action as written.
#[derive(SimpleObject)]
pub struct PlanActionPayload {
    /// The action.
    pub action: PlanAction,
}

/// The review as written.
#[derive(SimpleObject)]
pub struct RecordReviewPayload {
    /// The review.
    pub review: ConferenceReview,
    /// The conference, now REVIEWED.
    pub conference: Conference,
}

async fn reread(ctx: &Context<'_>, id: uuid::Uuid) -> Result<Conference, ApiError> {
    let request = request(ctx)?;
    Ok(Conference(
        domain::readable(&request.db.conn, &request.viewer(), id).await?,
    ))
}

/// A kind of work due.
#[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq)]
pub enum WorkKind {
    /// A search or contact attempt to follow up.
    FollowUp,
    /// An action of a conference's plan not yet done.
    ActionDue,
    /// A conference's plan to review.
    ReviewDue,
    /// An offer of a conference nobody has answered.
    OfferUnanswered,
}

/// One thing to do, for one child.
pub struct WorkItem(domain::WorkItem);

/// One thing to do, for one child.
#[Object]
impl WorkItem {
    /// What it is.
    async fn kind(&self) -> WorkKind {
        match self.0.kind {
            domain::WorkKind::FollowUp => WorkKind::FollowUp,
            domain::WorkKind::ActionDue => WorkKind::ActionDue,
            domain::WorkKind::ReviewDue => WorkKind::ReviewDue,
            domain::WorkKind::OfferUnanswered => WorkKind::OfferUnanswered,
        }
    }

    /// When it is due; null for an unanswered offer.
    async fn due_on(&self) -> Option<Date> {
        self.0.due_on.map(Date)
    }

    /// The child.
    async fn child(&self, ctx: &Context<'_>) -> Result<Child, ApiError> {
        Child::load(ctx, self.0.child_id).await
    }

    /// The conference, for work on one.
    async fn conference(&self, ctx: &Context<'_>) -> Result<Option<Conference>, ApiError> {
        match self.0.conference_id {
            Some(id) => reread(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }

    /// Whom it concerns: the person to follow up, the action's owner, the person offered.
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        match self.0.person_id {
            Some(id) => person(ctx, id).await,
            None => Ok(None),
        }
    }

    /// The id of the search, action, conference or offer.
    async fn record_id(&self) -> ID {
        ids::id(self.0.record_id)
    }
}

/// What the conferences held in a period achieved.
#[derive(SimpleObject)]
pub struct ConferenceOutcomes {
    /// Conferences held.
    pub held: i32,
    /// Plans the referrer agreed.
    pub plans_agreed: i32,
    /// Actions in their plans.
    pub actions: i32,
    /// Actions done.
    pub actions_done: i32,
    /// The median network size when they were referred.
    pub median_network_at_referral: Option<f64>,
    /// The median network size at their latest review, of those reviewed.
    pub median_network_at_review: Option<f64>,
}

/// Conference queries.
#[derive(Default)]
pub struct ConferenceQuery;

/// Conference queries.
#[Object]
impl ConferenceQuery {
    /// A conference by id; null if there is none you may see.
    async fn conference(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The conference's id.")] id: ID,
    ) -> Result<Option<Conference>, ApiError> {
        let id = ids::parse("id", &id)?;
        let request = request(ctx)?;
        match service::reads::conference(&request.db, &request.viewer(), id)
            .await
            .map(Conference)
        {
            Ok(found) => Ok(Some(found)),
            Err(ApiError::NotFound(_)) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// Everything due on or before `before` for the children you are assigned to: search
    /// follow-ups, plan actions, reviews, unanswered offers; soonest first.
    #[graphql(complexity = "child_complexity * crate::schema::limits::NETWORK_SIZE")]
    async fn work_due(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The last day to include.")] before: Date,
    ) -> Result<Vec<WorkItem>, ApiError> {
        let request = request(ctx)?;
        let due = domain::work_due(&request.db, &request.viewer(), before.into()).await?;
        Ok(due.into_iter().map(WorkItem).collect())
    }

    /// What the organisation's conferences held from `from` to `to` achieved; for managers.
    async fn conference_outcomes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The first day of the period.")] from: Date,
        #[graphql(desc = "The last day of the period.")] to: Date,
    ) -> Result<ConferenceOutcomes, ApiError> {
        let request = request(ctx)?;
        let found =
            domain::outcomes(&request.db, &request.viewer(), from.into(), to.into()).await?;
        let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        Ok(ConferenceOutcomes {
            held: count(found.held),
            plans_agreed: count(found.plans_agreed),
            actions: count(found.actions),
            actions_done: count(found.actions_done),
            median_network_at_referral: found.median_at_referral,
            median_network_at_review: found.median_at_review,
        })
    }
}

/// Conference mutations. Only the child's assigned practitioners write.
#[derive(Default)]
pub struct ConferenceMutation;

/// Conference mutations. Only the child's assigned practitioners write.
#[Object]
impl ConferenceMutation {
    /// Refers a child for a Family Group Conference, recording the network as it stands.
    async fn create_conference(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The referral.")] input: CreateConferenceInput,
    ) -> Result<ConferencePayload, ApiError> {
        let request = request(ctx)?;
        let created = domain::create(&request.db, &request.viewer(), input.try_into()?).await?;
        Ok(ConferencePayload {
            conference: Conference(created),
        })
    }

    /// Changes a conference, its stage included.
    async fn update_conference(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The change.")] input: UpdateConferenceInput,
    ) -> Result<ConferencePayload, ApiError> {
        let request = request(ctx)?;
        let (id, change) = input.try_into()?;
        let updated = domain::update(&request.db, &request.viewer(), id, change).await?;
        Ok(ConferencePayload {
            conference: Conference(updated),
        })
    }

    /// Records the offer of the conference to a person with parental responsibility, and
    /// their answer; one acceptance makes the conference ACCEPTED.
    async fn record_offer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The offer.")] input: RecordOfferInput,
    ) -> Result<RecordOfferPayload, ApiError> {
        let request = request(ctx)?;
        let offer = domain::record_offer(&request.db, &request.viewer(), input.try_into()?).await?;
        Ok(RecordOfferPayload {
            conference: reread(ctx, offer.conference_id).await?,
            offer: ConferenceOffer(offer),
        })
    }

    /// Invites people, all or none. Someone under a no-contact restriction, or whom the
    /// child does not want to see, is refused in person (`SAFEGUARDING`) and may give
    /// written views or come to a separate session, with a reason.
    async fn propose_invitations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Who to invite.")] input: ProposeInvitationsInput,
    ) -> Result<ProposeInvitationsPayload, ApiError> {
        let request = request(ctx)?;
        let conference = ids::parse("conferenceId", &input.conference_id)?;
        let written = match input.from_suggestion {
            Some(size) => {
                domain::propose_suggested(&request.db, &request.viewer(), conference, size).await?
            }
            None => {
                let mut people = Vec::new();
                for person in input.people {
                    people.push(domain::NewInvitation {
                        person_id: ids::parse("personId", &person.person_id)?,
                        role: person.role.into(),
                        participation: person.participation.into(),
                        reason: person.reason,
                    });
                }
                domain::propose(&request.db, &request.viewer(), conference, people).await?
            }
        };
        Ok(ProposeInvitationsPayload {
            invitations: written.into_iter().map(Invitation).collect(),
        })
    }

    /// Changes an invitation; the safeguarding rule holds for it as changed.
    async fn update_invitation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The change.")] input: UpdateInvitationInput,
    ) -> Result<UpdateInvitationPayload, ApiError> {
        let request = request(ctx)?;
        let id = ids::parse("id", &input.id)?;
        let change = domain::InvitationChange {
            version: input.version,
            role: input.role.map(Into::into),
            participation: input.participation.map(Into::into),
            status: input.status.map(Into::into),
            reason: patch(input.excluded_reason),
            prepared_on: patch(input.prepared_on),
            responded_on: patch(input.responded_on),
            attended: input.attended,
        };
        let updated = domain::update_invitation(&request.db, &request.viewer(), id, change).await?;
        Ok(UpdateInvitationPayload {
            invitation: Invitation(updated),
        })
    }

    /// Adds an action to a held conference's plan.
    async fn add_plan_action(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The action.")] input: AddPlanActionInput,
    ) -> Result<PlanActionPayload, ApiError> {
        let request = request(ctx)?;
        let action = domain::NewAction {
            conference_id: ids::parse("conferenceId", &input.conference_id)?,
            description: input.description,
            owner: ids::parse("ownerId", &input.owner_id)?,
            due_on: input.due_on.map(Into::into),
            checker: input
                .checker_id
                .map(|id| ids::parse("checkerId", &id))
                .transpose()?,
            notes: input.notes,
        };
        let added = domain::add_action(&request.db, &request.viewer(), action).await?;
        Ok(PlanActionPayload {
            action: PlanAction(added),
        })
    }

    /// Changes an action of the plan.
    async fn update_plan_action(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The change.")] input: UpdatePlanActionInput,
    ) -> Result<PlanActionPayload, ApiError> {
        let request = request(ctx)?;
        let id = ids::parse("id", &input.id)?;
        let change = domain::ActionChange {
            version: input.version,
            description: input.description,
            owner: input
                .owner_id
                .map(|id| ids::parse("ownerId", &id))
                .transpose()?,
            due_on: patch(input.due_on),
            checker: parse_person("checkerId", input.checker_id)?,
            status: input.status.map(Into::into),
            notes: patch(input.notes),
        };
        let updated = domain::update_action(&request.db, &request.viewer(), id, change).await?;
        Ok(PlanActionPayload {
            action: PlanAction(updated),
        })
    }

    /// Records a review of the plan: what was kept, action by action, and the network's
    /// size on the day.
    async fn record_review(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The review.")] input: RecordReviewInput,
    ) -> Result<RecordReviewPayload, ApiError> {
        let request = request(ctx)?;
        let mut actions = Vec::new();
        for action in input.actions {
            actions.push((
                ids::parse("actionId", &action.action_id)?,
                action.status.into(),
                action.notes,
            ));
        }
        let review = domain::NewReview {
            conference_id: ids::parse("conferenceId", &input.conference_id)?,
            reviewed_on: input.reviewed_on.into(),
            actions,
            notes: input.notes,
        };
        let written = domain::record_review(&request.db, &request.viewer(), review).await?;
        Ok(RecordReviewPayload {
            conference: reread(ctx, written.conference_id).await?,
            review: ConferenceReview(written),
        })
    }
}
