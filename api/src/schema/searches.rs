//! Search activity: the `SearchActivity` type and recording one.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use entity::search_activity;

use crate::{
    error::ApiError,
    schema::dates::Date,
    schema::{
        assignments::User,
        children::Child,
        context::request,
        enums::{SearchOutcome, SearchSource},
        ids,
        people::Person,
    },
    service,
};

/// One attempt to find or reach a person for a child.
#[derive(Clone)]
pub struct SearchActivity(pub search_activity::Model);

crate::schema::pages::connection!(
    SearchActivityConnection,
    SearchActivityEdge,
    SearchActivity,
    "A page of searches and contact attempts, newest first.",
    "A search or contact attempt, with its cursor."
);

/// One attempt to find or reach a person for a child.
#[Object]
impl SearchActivity {
    /// Unique id.
    pub async fn id(&self) -> ID {
        ids::id(self.0.id)
    }

    /// The child the search was for.
    async fn child(&self, ctx: &Context<'_>) -> Result<Child, ApiError> {
        Child::load(ctx, self.0.child_id).await
    }

    /// The person searched for.
    async fn person(&self, ctx: &Context<'_>) -> Result<Person, ApiError> {
        Person::named(ctx, self.0.person_id).await
    }

    /// Where the search looked, or how contact was attempted.
    async fn source(&self) -> SearchSource {
        self.0.source.into()
    }

    /// When.
    async fn searched_on(&self) -> Date {
        Date(self.0.searched_on)
    }

    /// What it came to.
    async fn outcome(&self) -> SearchOutcome {
        self.0.outcome.into()
    }

    /// Notes; null for viewer and service roles, and where the person's location must not
    /// be disclosed to you.
    async fn notes(&self, ctx: &Context<'_>) -> Result<Option<&str>, ApiError> {
        let person = self.person(ctx).await?;
        Ok(person
            .visible(ctx)
            .await?
            .notes_about(self.0.notes.as_deref()))
    }

    /// When to follow up, if a follow-up is due.
    async fn follow_up_on(&self) -> Option<Date> {
        self.0.follow_up_on.map(Date)
    }

    /// Who searched.
    async fn by(&self, ctx: &Context<'_>) -> Result<User, ApiError> {
        request(ctx)?
            .loaders
            .users
            .load_one(self.0.by_user_id)
            .await?
            .map(User)
            .ok_or(ApiError::NotFound("user"))
    }
}

/// A search for, or contact attempt with, a member of a child's network.
#[derive(InputObject)]
pub struct RecordSearchActivityInput {
    /// The child the search is for.
    pub child_id: ID,
    /// A member of the child's network.
    pub person_id: ID,
    /// Where the search looked, or how contact was attempted.
    pub source: SearchSource,
    /// When.
    pub searched_on: Date,
    /// What it came to.
    pub outcome: SearchOutcome,
    /// Notes.
    pub notes: Option<String>,
    /// When to follow up; not before `searchedOn`.
    pub follow_up_on: Option<Date>,
}

impl TryFrom<RecordSearchActivityInput> for service::searches::NewSearch {
    type Error = ApiError;

    fn try_from(input: RecordSearchActivityInput) -> Result<Self, ApiError> {
        Ok(Self {
            child_id: ids::parse("childId", &input.child_id)?,
            person_id: ids::parse("personId", &input.person_id)?,
            source: input.source.into(),
            searched_on: input.searched_on.into(),
            outcome: input.outcome.into(),
            notes: input.notes,
            follow_up_on: input.follow_up_on.map(Into::into),
        })
    }
}

/// The recorded activity.
#[derive(SimpleObject)]
pub struct RecordSearchActivityPayload {
    /// The search recorded.
    pub search_activity: SearchActivity,
}

#[derive(Default)]
pub struct SearchMutation;

#[Object]
impl SearchMutation {
    /// Records a search for, or contact attempt with, a member of a child's network.
    async fn record_search_activity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The search.")] input: RecordSearchActivityInput,
    ) -> Result<RecordSearchActivityPayload, ApiError> {
        let request = request(ctx)?;
        let activity =
            service::searches::record(&request.db, &request.viewer(), input.try_into()?).await?;
        Ok(RecordSearchActivityPayload {
            search_activity: SearchActivity(activity),
        })
    }
}
