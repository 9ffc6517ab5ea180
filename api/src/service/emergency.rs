//! Emergency access: an out-of-hours duty worker may need a child they are not assigned
//! to. A social worker or a manager asks, with the reason; the grant lets them read that
//! child's network (never change it) for a configured time and then ends by itself. Every
//! grant is listed to managers, and the reads made under it show in the access log.

use chrono::{DateTime, Duration, Utc};
use entity::{child, emergency_access};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::{
    auth::Role,
    db::Db,
    error::ApiError,
    service::{
        Viewer,
        ids::ChildId,
        validate::{self, SHORT_TEXT_MAX},
        versioned::{self, Write},
    },
};

/// Records and grants emergency read access to a child for `lasting`, from now. Only the
/// social worker and manager roles may ask (`FORBIDDEN` otherwise); the reason is
/// required; a child of another organisation is a missing one.
pub async fn request(
    db: &Db,
    viewer: &Viewer,
    child_id: ChildId,
    reason: String,
    lasting: Duration,
) -> Result<emergency_access::Model, ApiError> {
    if !(viewer.has(Role::SocialWorker) || viewer.has(Role::Manager)) {
        return Err(ApiError::forbidden(
            "emergency access is for duty social workers and managers",
        ));
    }
    let reason = validate::required_text("reason", reason, SHORT_TEXT_MAX)?;
    let txn = db.begin_write().await?;
    let child = child::Entity::find_by_id(child_id.uuid())
        .filter(child::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(child::Column::DeletedAt.is_null())
        .one(txn.conn())
        .await?
        .ok_or(ApiError::NotFound("child"))?;
    let grant = emergency_access::ActiveModel {
        child_id: Set(child.id),
        user_id: Set(viewer.user_id),
        reason: Set(reason),
        granted_at: Set(viewer.at),
        expires_at: Set(viewer.at + lasting),
        ..Default::default()
    };
    let created = versioned::create(txn.conn(), viewer, grant, Some(child.id)).await?;
    txn.commit().await?;
    Ok(created)
}

/// Ends a grant in force now, before its time: for a manager or an administrator, or the
/// practitioner who holds it once the emergency is over. Audited as a change of the grant.
pub async fn end(db: &Db, viewer: &Viewer, id: Uuid) -> Result<emergency_access::Model, ApiError> {
    let txn = db.begin_write().await?;
    let grant = emergency_access::Entity::find_by_id(id)
        .filter(emergency_access::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(emergency_access::Column::DeletedAt.is_null())
        .one(txn.conn())
        .await?
        .filter(|grant| viewer.reads_every_child() || grant.user_id == viewer.user_id)
        .ok_or(ApiError::NotFound("emergency access grant"))?;
    if !in_force(&grant, viewer.at) {
        return Err(ApiError::bad_input("id", "this grant has ended already"));
    }
    let mut ended: emergency_access::ActiveModel = grant.clone().into();
    ended.expires_at = Set(viewer.at);
    let child_id = grant.child_id;
    let after = versioned::save(
        txn.conn(),
        viewer,
        Write::Update,
        ended,
        &grant,
        Some(child_id),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Whether a grant is in force at `at`.
pub fn in_force(grant: &emergency_access::Model, at: DateTime<Utc>) -> bool {
    grant.granted_at <= at && at < grant.expires_at
}

/// The organisation's grants, newest first, `limit` of them after the grant `after`;
/// only those in force now where `in_force_only`. Managers and admins only.
pub async fn grants(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    in_force_only: bool,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<emergency_access::Model>, ApiError> {
    if !viewer.reads_every_child() {
        return Err(ApiError::forbidden(
            "only managers and administrators see every emergency grant",
        ));
    }
    let mut query = emergency_access::Entity::find()
        .filter(emergency_access::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(emergency_access::Column::DeletedAt.is_null());
    if in_force_only {
        query = query
            .filter(emergency_access::Column::GrantedAt.lte(viewer.at))
            .filter(emergency_access::Column::ExpiresAt.gt(viewer.at));
    }
    if let Some(after) = after {
        query = query.filter(emergency_access::Column::Id.lt(after));
    }
    Ok(query
        .order_by_desc(emergency_access::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// The grants that covered reads of `children` by `users`, for the access log to say
/// which read was made under one.
pub async fn covering(
    db: &Db,
    organisation_id: Uuid,
    users: &[Uuid],
    children: &[Uuid],
) -> Result<Vec<emergency_access::Model>, ApiError> {
    if users.is_empty() || children.is_empty() {
        return Ok(Vec::new());
    }
    Ok(emergency_access::Entity::find()
        .filter(emergency_access::Column::OrganisationId.eq(organisation_id))
        .filter(emergency_access::Column::DeletedAt.is_null())
        .filter(db.one_of(emergency_access::Column::UserId, users))
        .filter(db.one_of(emergency_access::Column::ChildId, children))
        .all(&db.conn)
        .await?)
}
