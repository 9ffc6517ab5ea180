//! Assignments: which practitioners work on which child. Caseload access follows them.

use entity::{app_user, assignment, enums::AssignmentRole};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    service::{
        Viewer, access, identity,
        ids::{ChildId, UserId},
        versioned::{self, Write},
    },
};

/// An assignment on a child the viewer may read, or `NOT_FOUND`.
pub async fn readable(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> Result<assignment::Model, ApiError> {
    let found = assignment::Entity::find_by_id(id)
        .filter(assignment::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(assignment::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("assignment"))?;
    access::readable_child(db, viewer, found.child_id)
        .await
        .map_err(|_| ApiError::NotFound("assignment"))?;
    Ok(found)
}

/// A user of the viewer's organisation, or `NOT_FOUND`.
pub async fn user(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> Result<app_user::Model, ApiError> {
    app_user::Entity::find_by_id(id)
        .filter(app_user::Column::OrganisationId.eq(viewer.organisation_id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("user"))
}

/// Who is assigned: a user kinmap knows, or a subject at the identity provider (the user
/// is then created, to be recognised when they first sign in).
#[derive(Clone, Debug)]
pub enum Practitioner {
    User(UserId),
    Subject(String),
}

/// A practitioner to assign to a child.
#[derive(Clone, Debug)]
pub struct NewAssignment {
    pub child_id: ChildId,
    pub practitioner: Practitioner,
    pub role: AssignmentRole,
}

/// An assignment to end.
#[derive(Clone, Copy, Debug)]
pub struct EndAssignment {
    pub child_id: ChildId,
    pub user_id: UserId,
}

/// Assigns a practitioner to a child. Managers and admins only.
pub async fn assign(
    db: &Db,
    viewer: &Viewer,
    input: NewAssignment,
) -> Result<assignment::Model, ApiError> {
    if !viewer.assigns() {
        return Err(ApiError::forbidden(
            "only managers and admins assign practitioners",
        ));
    }
    let child_id = input.child_id.uuid();
    let txn = db.begin_write().await?;
    access::readable_child(txn.conn(), viewer, child_id).await?;
    let user_id = match input.practitioner {
        Practitioner::User(id) => {
            user(txn.conn(), viewer, id.uuid())
                .await
                .map_err(|_| ApiError::bad_input("userId", "no such user"))?
                .id
        }
        Practitioner::Subject(subject) => {
            let subject = crate::service::validate::required_text("subject", subject, 200)?;
            identity::ensure_user(txn.conn(), viewer.organisation_id, &subject, None).await?
        }
    };
    let existing = assignment::Entity::find()
        .filter(assignment::Column::ChildId.eq(child_id))
        .filter(assignment::Column::UserId.eq(user_id))
        .filter(assignment::Column::DeletedAt.is_null())
        .one(txn.conn())
        .await?;
    if existing.is_some() {
        return Err(ApiError::bad_input(
            "userId",
            "this practitioner is already assigned to the child",
        ));
    }
    let assignment = assignment::ActiveModel {
        child_id: Set(child_id),
        user_id: Set(user_id),
        role: Set(input.role),
        ..Default::default()
    };
    let assignment = versioned::create(txn.conn(), viewer, assignment, Some(child_id)).await?;
    txn.commit().await?;
    Ok(assignment)
}

/// Ends a practitioner's assignment to a child; their access ends with it, on their very
/// next request.
pub async fn unassign(
    db: &Db,
    viewer: &Viewer,
    input: EndAssignment,
) -> Result<assignment::Model, ApiError> {
    if !viewer.assigns() {
        return Err(ApiError::forbidden(
            "only managers and admins assign practitioners",
        ));
    }
    let (child_id, user_id) = (input.child_id.uuid(), input.user_id.uuid());
    let txn = db.begin_write().await?;
    access::readable_child(txn.conn(), viewer, child_id).await?;
    let before = assignment::Entity::find()
        .filter(assignment::Column::ChildId.eq(child_id))
        .filter(assignment::Column::UserId.eq(user_id))
        .filter(assignment::Column::DeletedAt.is_null())
        .one(txn.conn())
        .await?
        .ok_or(ApiError::NotFound("assignment"))?;
    let after = versioned::save(
        txn.conn(),
        viewer,
        Write::Remove,
        assignment::ActiveModel::from(before.clone()),
        &before,
        Some(child_id),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
