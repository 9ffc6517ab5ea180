//! Consent: the `Consent` type, recording and withdrawing one, and the council's consent
//! policy. What a consent allows is decided in `service::consents`.

use std::collections::BTreeSet;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use entity::consent;

use crate::{
    error::ApiError,
    schema::{
        children::Child,
        context::request,
        dates::Date,
        enums::{ConsentDecision, ConsentGiver, ConsentPurpose},
        ids,
        people::Person,
    },
    service,
};

/// One person's agreement to, or refusal of, one purpose of the work with a child: the
/// child's own agreement to the search, or a network member's to being contacted, having
/// their details shared, or being invited to a Family Group Conference. A withdrawn
/// consent stays on record.
#[derive(Clone)]
pub struct Consent(pub consent::Model);

impl Consent {
    pub async fn list(
        ctx: &Context<'_>,
        child: uuid::Uuid,
        person: uuid::Uuid,
    ) -> Result<Vec<Self>, ApiError> {
        let rows = request(ctx)?
            .loaders
            .consents
            .load_one((child, person))
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(Self).collect())
    }
}

/// One person's agreement to, or refusal of, one purpose of the work with a child. A
/// withdrawn consent stays on record.
#[Object]
impl Consent {
    /// Unique id.
    async fn id(&self) -> ID {
        ids::id(self.0.id)
    }

    /// The child whose work it concerns.
    async fn child(&self, ctx: &Context<'_>) -> Result<Child, ApiError> {
        Child::load(ctx, self.0.child_id).await
    }

    /// Whose consent it is: a member of the network, or the child themselves.
    async fn person(&self, ctx: &Context<'_>) -> Result<Person, ApiError> {
        Person::named(ctx, self.0.person_id).await
    }

    /// What it is to.
    async fn purpose(&self) -> ConsentPurpose {
        self.0.purpose.into()
    }

    /// Given or refused.
    async fn decision(&self) -> ConsentDecision {
        self.0.decision.into()
    }

    /// Who gave or refused it.
    async fn given_by(&self) -> ConsentGiver {
        self.0.given_by.into()
    }

    /// The person who spoke for them (someone with parental responsibility), if recorded.
    async fn given_by_person(&self, ctx: &Context<'_>) -> Result<Option<Person>, ApiError> {
        match self.0.given_by_person_id {
            Some(id) => Person::named(ctx, id).await.map(Some),
            None => Ok(None),
        }
    }

    /// When it was given or refused.
    async fn given_on(&self) -> Date {
        Date(self.0.given_on)
    }

    /// When it was withdrawn; null while it stands.
    async fn withdrawn_on(&self) -> Option<Date> {
        self.0.withdrawn_on.map(Date)
    }

    /// Given and not withdrawn.
    async fn in_force(&self) -> bool {
        self.0.decision == entity::enums::ConsentDecision::Given && self.0.withdrawn_on.is_none()
    }

    /// How it was given (a signed form on file, said at a visit); null for viewer and
    /// service roles, and where the person's location must not be disclosed to you.
    async fn evidence(&self, ctx: &Context<'_>) -> Result<Option<String>, ApiError> {
        self.about(ctx, self.0.evidence.as_deref()).await
    }

    /// Notes, with what was said at a withdrawal; hidden as `evidence` is.
    async fn notes(&self, ctx: &Context<'_>) -> Result<Option<String>, ApiError> {
        self.about(ctx, self.0.notes.as_deref()).await
    }

    /// The version, for `withdrawConsent`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

impl Consent {
    async fn about(
        &self,
        ctx: &Context<'_>,
        text: Option<&str>,
    ) -> Result<Option<String>, ApiError> {
        let person = Person::named(ctx, self.0.person_id).await?;
        Ok(person
            .visible(ctx)
            .await?
            .notes_about(text)
            .map(str::to_owned))
    }
}

/// A consent given or refused.
#[derive(InputObject)]
pub struct RecordConsentInput {
    /// The child whose work it concerns.
    pub child_id: ID,
    /// A member of the child's network, or the child's own person for the child's agreement.
    pub person_id: ID,
    /// What it is to.
    pub purpose: ConsentPurpose,
    /// Given or refused; GIVEN unless said.
    #[graphql(default_with = "ConsentDecision::Given")]
    pub decision: ConsentDecision,
    /// Who gave or refused it: CHILD or PARENTAL_RESPONSIBILITY for the child's own,
    /// THE_PERSON or PARENTAL_RESPONSIBILITY for a member's.
    pub given_by: ConsentGiver,
    /// The person who spoke for them, if someone else; a member of the network.
    pub given_by_person_id: Option<ID>,
    /// When; not in the future.
    pub given_on: Date,
    /// How it was given.
    pub evidence: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

impl TryFrom<RecordConsentInput> for service::consents::NewConsent {
    type Error = ApiError;

    fn try_from(input: RecordConsentInput) -> Result<Self, ApiError> {
        Ok(Self {
            child_id: ids::parse("childId", &input.child_id)?,
            person_id: ids::parse("personId", &input.person_id)?,
            purpose: input.purpose.into(),
            decision: input.decision.into(),
            given_by: input.given_by.into(),
            given_by_person_id: input
                .given_by_person_id
                .as_ref()
                .map(|id| ids::parse("givenByPersonId", id))
                .transpose()?,
            given_on: input.given_on.into(),
            evidence: input.evidence,
            notes: input.notes,
        })
    }
}

/// The consent recorded.
#[derive(SimpleObject)]
pub struct RecordConsentPayload {
    /// The consent.
    pub consent: Consent,
}

/// A withdrawal of a consent given.
#[derive(InputObject)]
pub struct WithdrawConsentInput {
    /// The consent.
    pub id: ID,
    /// The version you read; CONFLICT if it changed since.
    pub version: i32,
    /// When it was withdrawn; not in the future, not before it was given.
    pub withdrawn_on: Date,
    /// What was said, or why; added to the consent's notes.
    pub notes: Option<String>,
}

/// The consent withdrawn.
#[derive(SimpleObject)]
pub struct WithdrawConsentPayload {
    /// The consent, with the day it was withdrawn.
    pub consent: Consent,
}

/// Which purposes need a consent on record before work begins.
#[derive(InputObject)]
pub struct SetConsentPolicyInput {
    /// The purposes; empty for none (every withdrawal is enforced either way).
    pub required: Vec<ConsentPurpose>,
}

/// The policy set.
#[derive(SimpleObject)]
pub struct SetConsentPolicyPayload {
    /// The purposes that now need a consent on record before work begins.
    pub required: Vec<ConsentPurpose>,
}

#[derive(Default)]
pub struct ConsentQuery;

#[Object]
impl ConsentQuery {
    /// The purposes your council's policy needs a consent recorded for before work begins
    /// (the child's for SEARCH; a member's for the others). Whatever it says, a withdrawn or
    /// refused consent always stops the work it names.
    async fn consent_policy(&self, ctx: &Context<'_>) -> Result<Vec<ConsentPurpose>, ApiError> {
        let request = request(ctx)?;
        let required =
            service::consents::required(&request.db.conn, request.viewer().organisation_id).await?;
        Ok(required.into_iter().map(Into::into).collect())
    }
}

#[derive(Default)]
pub struct ConsentMutation;

#[Object]
impl ConsentMutation {
    /// Records a consent given or refused. The child's SEARCH consent withdrawn or refused
    /// stops every search and lead for the child; a member's CONTACT stops calls, letters,
    /// emails, visits and introductions; INVITE_TO_FGC keeps them from being invited;
    /// SHARE_DETAILS keeps their contact details out of every export and document.
    async fn record_consent(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The consent.")] input: RecordConsentInput,
    ) -> Result<RecordConsentPayload, ApiError> {
        let request = request(ctx)?;
        let consent =
            service::consents::record(&request.db, &request.viewer(), input.try_into()?).await?;
        Ok(RecordConsentPayload {
            consent: Consent(consent),
        })
    }

    /// Withdraws a consent given: from the next request, the work it allowed stops.
    async fn withdraw_consent(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The withdrawal.")] input: WithdrawConsentInput,
    ) -> Result<WithdrawConsentPayload, ApiError> {
        let request = request(ctx)?;
        let withdrawal = service::consents::Withdrawal {
            id: ids::parse("id", &input.id)?,
            version: input.version,
            withdrawn_on: input.withdrawn_on.into(),
            notes: input.notes,
        };
        let consent =
            service::consents::withdraw(&request.db, &request.viewer(), withdrawal).await?;
        Ok(WithdrawConsentPayload {
            consent: Consent(consent),
        })
    }

    /// Sets which purposes your council needs a consent recorded for before work begins.
    /// Administrators only.
    async fn set_consent_policy(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The policy.")] input: SetConsentPolicyInput,
    ) -> Result<SetConsentPolicyPayload, ApiError> {
        let request = request(ctx)?;
        let purposes: BTreeSet<entity::enums::ConsentPurpose> =
            input.required.into_iter().map(Into::into).collect();
        let set = service::consents::set_required(&request.db, &request.viewer(), purposes).await?;
        Ok(SetConsentPolicyPayload {
            required: set.into_iter().map(Into::into).collect(),
        })
    }
}
