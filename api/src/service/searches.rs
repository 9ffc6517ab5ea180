//! Search activity: each attempt to find or reach a person for a child.

use chrono::NaiveDate;
use entity::{
    child,
    enums::{SearchOutcome, SearchSource},
    search_activity,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Query,
};
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    service::{
        Viewer, access,
        consents::Standing,
        ids::{ChildId, PersonId},
        network,
        validate::{self, NOTES_MAX},
        versioned,
    },
};

/// A search activity in a network the viewer may read, or `NOT_FOUND`.
pub async fn readable(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> Result<search_activity::Model, ApiError> {
    let readable = Query::select()
        .column(child::Column::Id)
        .from(child::Entity)
        .cond_where(access::readable_children(viewer))
        .to_owned();
    search_activity::Entity::find_by_id(id)
        .filter(search_activity::Column::DeletedAt.is_null())
        .filter(search_activity::Column::ChildId.in_subquery(readable))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("search activity"))
}

/// A search for, or a contact attempt with, a member of a child's network, to record.
#[derive(Clone, Debug)]
pub struct NewSearch {
    pub child_id: ChildId,
    pub person_id: PersonId,
    pub source: SearchSource,
    pub searched_on: NaiveDate,
    pub outcome: SearchOutcome,
    pub notes: Option<String>,
    /// Not before `searched_on`.
    pub follow_up_on: Option<NaiveDate>,
}

/// Records a search for, or contact attempt with, a member of a child's network:
/// `SAFEGUARDING` where a consent it needs is withdrawn, refused, or required and missing
/// (`consents::Standing::may_record`).
pub async fn record(
    db: &Db,
    viewer: &Viewer,
    input: NewSearch,
) -> Result<search_activity::Model, ApiError> {
    let (child_id, person_id) = (input.child_id.uuid(), input.person_id.uuid());
    let searched_on = input.searched_on;
    validate::not_future("searchedOn", Some(searched_on))?;
    let follow_up_on = input.follow_up_on;
    if let Some(follow_up) = follow_up_on
        && follow_up < searched_on
    {
        return Err(ApiError::bad_input(
            "followUpOn",
            "followUpOn is before searchedOn",
        ));
    }
    let notes = validate::text("notes", input.notes, NOTES_MAX)?;
    let txn = db.begin_write().await?;
    let child = access::writable_child(txn.conn(), viewer, child_id).await?;
    network::member_of(txn.conn(), &child, person_id, "personId").await?;
    Standing::of(txn.conn(), &child)
        .await?
        .may_record(person_id, input.source)?;
    let activity = search_activity::ActiveModel {
        child_id: Set(child_id),
        person_id: Set(person_id),
        source: Set(input.source),
        searched_on: Set(searched_on),
        outcome: Set(input.outcome),
        notes: Set(notes),
        follow_up_on: Set(follow_up_on),
        by_user_id: Set(viewer.user_id),
        ..Default::default()
    };
    let activity = versioned::create(txn.conn(), viewer, activity, Some(child_id)).await?;
    txn.commit().await?;
    Ok(activity)
}
