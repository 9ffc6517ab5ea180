//! Children in care: the `Child` type, listing and fetching children, creating and
//! changing their records.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use entity::child;

use crate::{
    error::ApiError,
    schema::dates::Date,
    schema::{
        assignments::Assignment,
        context::request,
        enums::ChildStatus,
        ids,
        network::Network,
        people::{self, Person, PersonInput},
    },
    service,
};

/// A child in care whose network is mapped, and the number of its network's last event
/// when that was read with the child's row (by `child(id)`), which spares the network's
/// read a statement.
#[derive(Clone)]
pub struct Child(pub child::Model, Option<i64>);

impl From<child::Model> for Child {
    fn from(child: child::Model) -> Self {
        Self(child, None)
    }
}

impl Child {
    /// The child `id`, through the request's loader: for a record that names its child.
    pub async fn load(ctx: &Context<'_>, id: uuid::Uuid) -> Result<Self, ApiError> {
        request(ctx)?
            .loaders
            .children
            .load_one(id)
            .await?
            .map(Child::from)
            .ok_or(ApiError::NotFound("child"))
    }
}

crate::schema::pages::connection!(
    ChildConnection,
    ChildEdge,
    Child,
    "A page of the children you may see.",
    "A child, with its cursor."
);

/// A child in care whose network is mapped.
#[Object]
impl Child {
    /// Unique id.
    pub async fn id(&self) -> ID {
        ids::id(self.0.id)
    }

    /// The child as a person: names, birth date.
    async fn person(&self, ctx: &Context<'_>) -> Result<Person, ApiError> {
        let db = &request(ctx)?.db;
        let kept = self
            .1
            .and_then(|last_event| service::network::kept_child_person(db, &self.0, last_event));
        match kept {
            Some(person) => Ok(Person::kept(person)),
            None => Person::named(ctx, self.0.person_id).await,
        }
    }

    /// The local authority's case reference.
    async fn case_reference(&self) -> &str {
        &self.0.case_reference
    }

    /// When the child entered care.
    async fn entered_care_on(&self) -> Option<Date> {
        self.0.entered_care_on.map(Date)
    }

    /// Whether the case is open.
    async fn status(&self) -> ChildStatus {
        self.0.status.into()
    }

    /// Changes with each update; send it back with an update.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// The practitioners assigned to the child.
    #[graphql(complexity = "child_complexity * crate::schema::limits::SHORT_LIST")]
    async fn assignments(&self, ctx: &Context<'_>) -> Result<Vec<Assignment>, ApiError> {
        let rows = request(ctx)?
            .loaders
            .assignments
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(Assignment).collect())
    }

    /// The child's Family Group Conferences, newest referral first.
    #[graphql(complexity = "child_complexity * crate::schema::limits::SHORT_LIST")]
    async fn conferences(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<crate::schema::conferences::Conference>, ApiError> {
        let request = request(ctx)?;
        let found =
            service::reads::conferences_of_child(&request.db, &request.viewer(), self.0.id).await?;
        Ok(found
            .into_iter()
            .map(crate::schema::conferences::Conference)
            .collect())
    }

    /// The child's own agreement to the work (their SEARCH consent, given by them or by
    /// someone with parental responsibility), newest first; withdrawn ones stay listed.
    #[graphql(complexity = "child_complexity * crate::schema::limits::SHORT_LIST")]
    async fn consents(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<crate::schema::consents::Consent>, ApiError> {
        crate::schema::consents::Consent::list(ctx, self.0.id, self.0.person_id).await
    }

    /// The child's network. Every read is recorded in the access log.
    async fn network(&self, ctx: &Context<'_>) -> Result<Network, ApiError> {
        let request = request(ctx)?;
        let network =
            service::network::open(&request.db, &request.viewer(), &self.0, self.1).await?;
        Network::load(ctx, self.0.clone(), network).await
    }
}

/// Narrows a list of children.
#[derive(InputObject, Default)]
pub struct ChildFilter {
    /// Only children with this case status.
    pub status: Option<ChildStatus>,
    /// Only the child with this exact case reference.
    pub case_reference: Option<String>,
}

impl From<ChildFilter> for service::children::ChildFilter {
    fn from(filter: ChildFilter) -> Self {
        Self {
            status: filter.status.map(Into::into),
            case_reference: filter.case_reference,
        }
    }
}

impl From<CreateChildInput> for service::children::NewChild {
    fn from(input: CreateChildInput) -> Self {
        Self {
            person: input.person.into(),
            case_reference: input.case_reference,
            entered_care_on: input.entered_care_on.map(Into::into),
            status: input.status.into(),
        }
    }
}

impl From<UpdateChildInput> for service::children::ChildChange {
    fn from(input: UpdateChildInput) -> Self {
        Self {
            version: input.version,
            case_reference: input.case_reference,
            entered_care_on: crate::schema::patch::patch(input.entered_care_on),
            status: input.status.map(Into::into),
        }
    }
}

/// A new child in care.
#[derive(InputObject)]
pub struct CreateChildInput {
    /// The child as a person.
    pub person: PersonInput,
    /// The local authority's case reference, unique within it.
    pub case_reference: String,
    /// When the child entered care.
    pub entered_care_on: Option<Date>,
    /// Case status; open unless said otherwise.
    #[graphql(default_with = "ChildStatus::Open")]
    pub status: ChildStatus,
}

/// The new child; the creator is assigned to them.
#[derive(SimpleObject)]
pub struct CreateChildPayload {
    /// The new child.
    pub child: Child,
}

/// Changes to a child's record. Absent fields are kept; null clears.
#[derive(InputObject)]
pub struct UpdateChildInput {
    /// The child to change.
    pub id: ID,
    /// The version the change is based on.
    pub version: i32,
    /// The council's case reference.
    pub case_reference: Option<String>,
    /// When the child entered care.
    pub entered_care_on: MaybeUndefined<Date>,
    /// Whether the case is open.
    pub status: Option<ChildStatus>,
}

/// The changed child.
#[derive(SimpleObject)]
pub struct UpdateChildPayload {
    /// The changed child.
    pub child: Child,
}

#[derive(Default)]
pub struct ChildQuery;

#[Object]
impl ChildQuery {
    /// The children you may see, oldest record first.
    #[graphql(complexity = "crate::schema::limits::first(first, 20) * child_complexity")]
    async fn children(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many children, at most 100.")] first: Option<i32>,
        #[graphql(desc = "The cursor of the last child of the previous page.")] after: Option<
            String,
        >,
        #[graphql(desc = "Which children.")] filter: Option<ChildFilter>,
    ) -> Result<ChildConnection, ApiError> {
        let request = request(ctx)?;
        let limit = people::first(first, 20)?;
        let after = after
            .map(|cursor| ids::parse("after", &ID(cursor)))
            .transpose()?;
        let mut rows = service::children::page(
            &request.db.conn,
            &request.viewer(),
            filter.map(Into::into),
            after,
            limit + 1,
        )
        .await?;
        let has_next = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        let records = rows
            .into_iter()
            .map(|row| (row.id.to_string(), Child::from(row)))
            .collect();
        Ok(ChildConnection::new(crate::schema::pages::Page {
            records,
            has_previous: after.is_some(),
            has_next,
        }))
    }

    /// A child you may see.
    async fn child(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The child's id.")] id: ID,
    ) -> Result<Child, ApiError> {
        let request = request(ctx)?;
        let id = ids::parse("id", &id)?;
        let (child, last_event) =
            service::network::readable_child(&request.db, &request.viewer(), id).await?;
        Ok(Child(child, Some(last_event)))
    }

    /// For administrators: the children whose records are kept until before `before` (the
    /// 75th anniversary of their birth), earliest first, for review. Listing only: kinmap
    /// destroys nothing by itself. A child with no birth date recorded is never due.
    #[graphql(complexity = "crate::schema::limits::first(first, 20) * child_complexity")]
    async fn retention_due(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The day by which records would have reached their end.")] before: Date,
        #[graphql(desc = "How many, at most 100.")] first: Option<i32>,
        #[graphql(desc = "The cursor of the last one of the previous page.")] after: Option<String>,
    ) -> Result<RetentionDueConnection, ApiError> {
        let request = request(ctx)?;
        let limit = people::first(first, 20)? as usize;
        let after = after
            .map(|cursor| ids::parse("after", &ID(cursor)))
            .transpose()?;
        let rows = service::retention::due(
            &request.db.conn,
            &request.viewer(),
            before.into(),
            after,
            limit + 1,
        )
        .await?;
        Ok(RetentionDueConnection::new(
            crate::schema::pages::keyset_page(rows, limit, after.is_some(), |due| {
                (
                    due.child.id,
                    RetentionDue {
                        born: due.born,
                        retain_until: Date(due.retain_until),
                        child: Child::from(due.child),
                    },
                )
            }),
        ))
    }
}

/// A child whose records have reached the end of their retention.
#[derive(Clone, SimpleObject)]
pub struct RetentionDue {
    /// The child.
    pub child: Child,
    /// The child's birth date as recorded (EDTF: `2012-03-14`, `2012`, `2012~`).
    pub born: String,
    /// The 75th anniversary of the latest day the birth date could be (a year later when it
    /// is approximate), until which the records are kept.
    pub retain_until: Date,
}

crate::schema::pages::connection!(
    RetentionDueConnection,
    RetentionDueEdge,
    RetentionDue,
    "A page of the children whose records are due for review.",
    "A child due for review, with its cursor."
);

#[derive(Default)]
pub struct ChildMutation;

#[Object]
impl ChildMutation {
    /// Records a child in care; you are assigned to them.
    async fn create_child(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The child to create.")] input: CreateChildInput,
    ) -> Result<CreateChildPayload, ApiError> {
        let request = request(ctx)?;
        let child = service::children::create(&request.db, &request.viewer(), input.into()).await?;
        Ok(CreateChildPayload {
            child: Child::from(child),
        })
    }

    /// Changes a child's record.
    async fn update_child(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateChildInput,
    ) -> Result<UpdateChildPayload, ApiError> {
        let request = request(ctx)?;
        let id = ids::parse("id", &input.id)?;
        let child =
            service::children::update(&request.db, &request.viewer(), id, input.into()).await?;
        Ok(UpdateChildPayload {
            child: Child::from(child),
        })
    }
}
