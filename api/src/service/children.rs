//! Children in care: creating and changing their records, and listing the ones a viewer
//! may see.

use chrono::NaiveDate;
use entity::{assignment, child, enums};
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
        Viewer, access,
        ids::ChildId,
        people,
        validate::{self, Patch},
        versioned,
    },
};

const CASE_REFERENCE_MAX: usize = 64;

/// Which children to list.
#[derive(Clone, Debug, Default)]
pub struct ChildFilter {
    pub status: Option<enums::ChildStatus>,
    /// The exact case reference.
    pub case_reference: Option<String>,
}

/// A child to record, with the person at the centre of their network.
#[derive(Clone, Debug)]
pub struct NewChild {
    pub person: people::NewPerson,
    pub case_reference: String,
    pub entered_care_on: Option<NaiveDate>,
    pub status: enums::ChildStatus,
}

/// A change to a child's record, based on the version the client read.
#[derive(Clone, Debug, Default)]
pub struct ChildChange {
    pub version: i32,
    pub case_reference: Option<String>,
    pub entered_care_on: Patch<NaiveDate>,
    pub status: Option<enums::ChildStatus>,
}

/// One page of the children a viewer may see, in creation order, after `after`.
pub async fn page(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    filter: Option<ChildFilter>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<child::Model>, ApiError> {
    let mut select = child::Entity::find().filter(access::readable_children(viewer));
    if let Some(filter) = filter {
        if let Some(status) = filter.status {
            select = select.filter(child::Column::Status.eq(status));
        }
        if let Some(reference) =
            validate::text("caseReference", filter.case_reference, CASE_REFERENCE_MAX)?
        {
            select = select.filter(child::Column::CaseReference.eq(reference));
        }
    }
    if let Some(after) = after {
        select = select.filter(child::Column::Id.gt(after));
    }
    Ok(select
        .order_by_asc(child::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

async fn check_reference_free(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    reference: &str,
) -> Result<(), ApiError> {
    let taken = child::Entity::find()
        .filter(child::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(child::Column::CaseReference.eq(reference))
        .one(db)
        .await?;
    match taken {
        Some(_) => Err(ApiError::bad_input(
            "caseReference",
            "this case reference is already in use",
        )),
        None => Ok(()),
    }
}

/// The assignment role a creator gets on the child they create.
fn creator_role(viewer: &Viewer) -> enums::AssignmentRole {
    if viewer.has(Role::Coordinator) {
        enums::AssignmentRole::Coordinator
    } else if viewer.has(Role::SocialWorker) {
        enums::AssignmentRole::SocialWorker
    } else if viewer.has(Role::FgcCoordinator) {
        enums::AssignmentRole::FgcCoordinator
    } else {
        enums::AssignmentRole::Manager
    }
}

/// Creates a child (and the person at the centre of their network), assigning the creator.
pub async fn create(db: &Db, viewer: &Viewer, input: NewChild) -> Result<child::Model, ApiError> {
    if !viewer.creates_children() {
        return Err(ApiError::forbidden("your role may not create children"));
    }
    let reference =
        validate::required_text("caseReference", input.case_reference, CASE_REFERENCE_MAX)?;
    let entered_care_on = validate::not_future("enteredCareOn", input.entered_care_on)?;
    let txn = db.begin_write().await?;
    check_reference_free(txn.conn(), viewer, &reference).await?;
    let person = people::insert(txn.conn(), viewer, input.person, None).await?;
    let id = Uuid::now_v7();
    let child = child::ActiveModel {
        id: Set(id),
        person_id: Set(person.id),
        case_reference: Set(reference),
        entered_care_on: Set(entered_care_on),
        status: Set(input.status),
        ..Default::default()
    };
    let child = versioned::create(txn.conn(), viewer, child, Some(id)).await?;
    let assignment = assignment::ActiveModel {
        child_id: Set(child.id),
        user_id: Set(viewer.user_id),
        role: Set(creator_role(viewer)),
        ..Default::default()
    };
    versioned::create(txn.conn(), viewer, assignment, Some(child.id)).await?;
    txn.commit().await?;
    Ok(child)
}

/// Changes a child's record, based on the version the client read.
pub async fn update(
    db: &Db,
    viewer: &Viewer,
    id: ChildId,
    input: ChildChange,
) -> Result<child::Model, ApiError> {
    let id = id.uuid();
    let txn = db.begin_write().await?;
    let before = access::writable_child(txn.conn(), viewer, id).await?;
    versioned::check_version("child", before.version, input.version)?;
    let mut active: child::ActiveModel = before.clone().into();
    if let Some(reference) = input.case_reference {
        let reference = validate::required_text("caseReference", reference, CASE_REFERENCE_MAX)?;
        if reference != before.case_reference {
            check_reference_free(txn.conn(), viewer, &reference).await?;
        }
        active.case_reference = Set(reference);
    }
    if let Some(value) = input.entered_care_on.update() {
        active.entered_care_on = Set(validate::not_future("enteredCareOn", value)?);
    }
    if let Some(status) = input.status {
        active.status = Set(status);
    }
    let after = versioned::save(
        txn.conn(),
        viewer,
        versioned::Write::Update,
        active,
        &before,
        Some(id),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
