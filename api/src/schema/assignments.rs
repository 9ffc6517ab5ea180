//! Practitioners and their assignments to children, and `me`.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use entity::{app_user, assignment};

use crate::{
    error::ApiError,
    schema::{children::Child, context::request, enums::AssignmentRole, ids},
    service,
};

/// A practitioner (or service account) of the organisation.
pub struct User(pub app_user::Model);

/// A practitioner (or service account) of the organisation.
#[Object]
impl User {
    /// Unique id.
    pub async fn id(&self) -> ID {
        ids::id(self.0.id)
    }

    /// The user's id at the identity provider (the token's `sub`).
    async fn subject(&self) -> &str {
        &self.0.subject
    }

    /// Display name, from the token that first introduced the user.
    async fn name(&self) -> Option<&str> {
        self.0.display_name.as_deref()
    }
}

/// A practitioner assigned to a child.
pub struct Assignment(pub assignment::Model);

/// A practitioner assigned to a child.
#[Object]
impl Assignment {
    /// Unique id.
    pub async fn id(&self) -> ID {
        ids::id(self.0.id)
    }

    /// The child.
    async fn child(&self, ctx: &Context<'_>) -> Result<Child, ApiError> {
        Child::load(ctx, self.0.child_id).await
    }

    /// The practitioner.
    async fn user(&self, ctx: &Context<'_>) -> Result<User, ApiError> {
        request(ctx)?
            .loaders
            .users
            .load_one(self.0.user_id)
            .await?
            .map(User)
            .ok_or(ApiError::NotFound("user"))
    }

    /// Their part on the case.
    async fn role(&self) -> AssignmentRole {
        self.0.role.into()
    }
}

/// The signed-in user.
#[derive(SimpleObject)]
pub struct Me {
    /// The user's record.
    pub user: User,
    /// The organisation's slug (the token's `org`).
    pub organisation: String,
    /// The roles kinmap recognised in the token.
    pub roles: Vec<String>,
}

/// Assigns a practitioner to a child: by `userId`, or by `subject` for someone who has
/// not signed in yet.
#[derive(InputObject)]
pub struct AssignPractitionerInput {
    /// The child.
    pub child_id: ID,
    /// The practitioner, if already known to kinmap (or give their subject).
    pub user_id: Option<ID>,
    /// The user's id at the identity provider.
    pub subject: Option<String>,
    /// The part they play on the case.
    pub role: AssignmentRole,
}

impl TryFrom<AssignPractitionerInput> for service::assignments::NewAssignment {
    type Error = ApiError;

    fn try_from(input: AssignPractitionerInput) -> Result<Self, ApiError> {
        use service::assignments::Practitioner;
        let practitioner = match (input.user_id, input.subject) {
            (Some(id), None) => Practitioner::User(ids::parse("userId", &id)?),
            (None, Some(subject)) => Practitioner::Subject(subject),
            _ => {
                return Err(ApiError::bad_input(
                    "userId",
                    "give either userId or subject (the user's id at the identity provider)",
                ));
            }
        };
        Ok(Self {
            child_id: ids::parse("childId", &input.child_id)?,
            practitioner,
            role: input.role.into(),
        })
    }
}

impl TryFrom<UnassignPractitionerInput> for service::assignments::EndAssignment {
    type Error = ApiError;

    fn try_from(input: UnassignPractitionerInput) -> Result<Self, ApiError> {
        Ok(Self {
            child_id: ids::parse("childId", &input.child_id)?,
            user_id: ids::parse("userId", &input.user_id)?,
        })
    }
}

/// The new assignment.
#[derive(SimpleObject)]
pub struct AssignPractitionerPayload {
    /// The assignment made.
    pub assignment: Assignment,
}

/// Ends a practitioner's assignment to a child.
#[derive(InputObject)]
pub struct UnassignPractitionerInput {
    /// The child.
    pub child_id: ID,
    /// The practitioner.
    pub user_id: ID,
}

/// The ended assignment.
#[derive(SimpleObject)]
pub struct UnassignPractitionerPayload {
    /// Id of the assignment ended.
    pub removed_assignment_id: ID,
}

#[derive(Default)]
pub struct MeQuery;

#[Object]
impl MeQuery {
    /// Who you are signed in as.
    async fn me(&self, ctx: &Context<'_>) -> Result<Me, ApiError> {
        let request = request(ctx)?;
        let viewer = &request.viewer();
        let user = service::assignments::user(&request.db.conn, viewer, viewer.user_id).await?;
        Ok(Me {
            user: User(user),
            organisation: viewer.organisation.clone(),
            roles: viewer.roles.iter().map(|role| role.to_string()).collect(),
        })
    }
}

#[derive(Default)]
pub struct AssignmentMutation;

#[Object]
impl AssignmentMutation {
    /// Assigns a practitioner to a child. Managers and admins only.
    async fn assign_practitioner(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Who, to which child, in which role.")] input: AssignPractitionerInput,
    ) -> Result<AssignPractitionerPayload, ApiError> {
        let request = request(ctx)?;
        let assignment =
            service::assignments::assign(&request.db, &request.viewer(), input.try_into()?).await?;
        Ok(AssignPractitionerPayload {
            assignment: Assignment(assignment),
        })
    }

    /// Ends a practitioner's assignment to a child. Managers and admins only.
    async fn unassign_practitioner(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Who, from which child.")] input: UnassignPractitionerInput,
    ) -> Result<UnassignPractitionerPayload, ApiError> {
        let request = request(ctx)?;
        let assignment =
            service::assignments::unassign(&request.db, &request.viewer(), input.try_into()?)
                .await?;
        Ok(UnassignPractitionerPayload {
            removed_assignment_id: ids::id(assignment.id),
        })
    }
}
