//! Relationships: the facts between two persons, shared by every network holding both.

use std::collections::HashSet;

use entity::{
    enums::{Confidence, ParentKind, RelationshipKind, RelationshipQuality},
    relationship,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Query,
};
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    service::{
        Viewer, access,
        ids::{PersonId, RelationshipId},
        validate::{self, NOTES_MAX, Patch, SHORT_TEXT_MAX},
        versioned,
    },
};

/// Far beyond any real pedigree; a guard against cycles that slipped in by other routes.
const MAX_GENERATIONS: usize = 256;

/// Kinds where `from` and `to` may be swapped without changing the meaning.
/// Whether a kind of tie reads the same both ways (all but PARENT).
pub fn symmetric(kind: RelationshipKind) -> bool {
    !matches!(kind, RelationshipKind::Parent)
}

/// A person's relationships with other people the viewer may read.
pub async fn of_person(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    person_id: Uuid,
) -> Result<Vec<relationship::Model>, ApiError> {
    let readable = Query::select()
        .column(entity::person::Column::Id)
        .from(entity::person::Entity)
        .cond_where(access::readable_people(viewer))
        .to_owned();
    Ok(relationship::Entity::find()
        .filter(relationship::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(relationship::Column::DeletedAt.is_null())
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(relationship::Column::FromPersonId.eq(person_id))
                        .add(relationship::Column::ToPersonId.in_subquery(readable.clone())),
                )
                .add(
                    Condition::all()
                        .add(relationship::Column::ToPersonId.eq(person_id))
                        .add(relationship::Column::FromPersonId.in_subquery(readable)),
                ),
        )
        .order_by_asc(relationship::Column::Id)
        .all(db)
        .await?)
}

/// A relationship between two persons the viewer may read, or `NOT_FOUND`.
pub async fn readable(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> Result<relationship::Model, ApiError> {
    let readable_people = Query::select()
        .column(entity::person::Column::Id)
        .from(entity::person::Entity)
        .cond_where(access::readable_people(viewer))
        .to_owned();
    relationship::Entity::find_by_id(id)
        .filter(relationship::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(relationship::Column::DeletedAt.is_null())
        .filter(relationship::Column::FromPersonId.in_subquery(readable_people.clone()))
        .filter(relationship::Column::ToPersonId.in_subquery(readable_people))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("relationship"))
}

/// The viewer may change a relationship when they may change either person in it.
async fn check_writable(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    from: Uuid,
    to: Uuid,
) -> Result<(), ApiError> {
    match access::writable_person(db, viewer, from).await {
        Ok(_) => Ok(()),
        Err(_) => access::writable_person(db, viewer, to).await.map(|_| ()),
    }
}

/// The live parents of each of `children`.
async fn parents_of(
    db: &impl ConnectionTrait,
    children: &[Uuid],
) -> Result<Vec<(Uuid, Uuid)>, ApiError> {
    let rows: Vec<(Uuid, Uuid)> = relationship::Entity::find()
        .select_only()
        .column(relationship::Column::FromPersonId)
        .column(relationship::Column::ToPersonId)
        .filter(relationship::Column::Kind.eq(RelationshipKind::Parent))
        .filter(relationship::Column::DeletedAt.is_null())
        .filter(relationship::Column::ToPersonId.is_in(children.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows)
}

/// Whether `descendant` has `ancestor` among their ancestors, walking up one generation
/// per statement.
async fn is_ancestor(
    db: &impl ConnectionTrait,
    ancestor: Uuid,
    descendant: Uuid,
) -> Result<bool, ApiError> {
    let mut seen = HashSet::from([descendant]);
    let mut frontier = vec![descendant];
    for _ in 0..MAX_GENERATIONS {
        if frontier.is_empty() {
            return Ok(false);
        }
        let parents = parents_of(db, &frontier).await?;
        frontier = Vec::new();
        for (parent, _) in parents {
            if parent == ancestor {
                return Ok(true);
            }
            if seen.insert(parent) {
                frontier.push(parent);
            }
        }
    }
    Ok(false)
}

/// A relationship to record. For PARENT, `from` is the parent and `to` the child.
#[derive(Clone, Debug)]
pub struct NewRelationship {
    pub from: PersonId,
    pub to: PersonId,
    pub kind: RelationshipKind,
    /// Required for PARENT, refused otherwise.
    pub parent_kind: Option<ParentKind>,
    pub quality: RelationshipQuality,
    pub confidence: Confidence,
    pub source: Option<String>,
    /// EDTF, checked here.
    pub started_on: Option<String>,
    pub ended_on: Option<String>,
    pub notes: Option<String>,
}

/// A change to a relationship, based on the version the client read. Who it joins and
/// its kind do not change.
#[derive(Clone, Debug, Default)]
pub struct RelationshipChange {
    pub version: i32,
    pub parent_kind: Option<ParentKind>,
    pub quality: Option<RelationshipQuality>,
    pub confidence: Option<Confidence>,
    pub source: Patch<String>,
    pub started_on: Patch<String>,
    pub ended_on: Patch<String>,
    pub notes: Patch<String>,
}

/// A new relationship's row, checked on its own (not with itself, a parent kind exactly for
/// PARENT, dates and texts), not yet written: for [`add`], and for an import, which writes
/// many at once and checks them against each other and the network.
pub fn new_row(input: NewRelationship) -> Result<relationship::ActiveModel, ApiError> {
    let (from, to) = (input.from.uuid(), input.to.uuid());
    if from == to {
        return Err(ApiError::bad_input(
            "toPersonId",
            "a person cannot have a relationship with themselves",
        ));
    }
    match (input.kind, input.parent_kind) {
        (RelationshipKind::Parent, None) => {
            return Err(ApiError::bad_input(
                "parentKind",
                "a PARENT relationship needs a parentKind",
            ));
        }
        (kind, Some(_)) if kind != RelationshipKind::Parent => {
            return Err(ApiError::bad_input(
                "parentKind",
                "only a PARENT relationship has a parentKind",
            ));
        }
        _ => {}
    }
    Ok(relationship::ActiveModel {
        from_person_id: Set(from),
        to_person_id: Set(to),
        kind: Set(input.kind),
        parent_kind: Set(input.parent_kind),
        quality: Set(input.quality),
        confidence: Set(input.confidence),
        source: Set(validate::text("source", input.source, SHORT_TEXT_MAX)?),
        started_on: Set(validate::edtf("startedOn", input.started_on)?),
        ended_on: Set(validate::edtf("endedOn", input.ended_on)?),
        notes: Set(validate::text("notes", input.notes, NOTES_MAX)?),
        ..Default::default()
    })
}

/// Whether a `kind` tie from `from` to `to` fits the network as it stands (`except` the
/// row itself, when it is one being brought back): not recorded already, no one their own
/// ancestor, no brothers-and-sisters tie where a parent is shared. `BAD_USER_INPUT` if not.
pub async fn fits(
    db: &impl ConnectionTrait,
    from: Uuid,
    to: Uuid,
    kind: RelationshipKind,
    except: Option<Uuid>,
) -> Result<(), ApiError> {
    let same_pair = Condition::any()
        .add(
            Condition::all()
                .add(relationship::Column::FromPersonId.eq(from))
                .add(relationship::Column::ToPersonId.eq(to)),
        )
        .add(
            Condition::all()
                .add(relationship::Column::FromPersonId.eq(to))
                .add(relationship::Column::ToPersonId.eq(from)),
        );
    let existing = relationship::Entity::find()
        .filter(relationship::Column::DeletedAt.is_null())
        .filter(relationship::Column::Kind.eq(kind))
        .filter(same_pair)
        .all(db)
        .await?;
    let duplicate = existing
        .iter()
        .filter(|row| Some(row.id) != except)
        .any(|row| symmetric(kind) || (row.from_person_id == from && row.to_person_id == to));
    if duplicate {
        return Err(ApiError::bad_input(
            "toPersonId",
            "this relationship is already recorded",
        ));
    }
    if kind == RelationshipKind::Parent && is_ancestor(db, to, from).await? {
        return Err(ApiError::bad_input(
            "fromPersonId",
            "this would make a person their own ancestor",
        ));
    }
    if kind == RelationshipKind::Sibling {
        let parents = parents_of(db, &[from, to]).await?;
        let of = |child: Uuid| -> HashSet<Uuid> {
            parents
                .iter()
                .filter(|(_, c)| *c == child)
                .map(|(parent, _)| *parent)
                .collect()
        };
        if !of(from).is_disjoint(&of(to)) {
            return Err(ApiError::bad_input(
                "kind",
                "these two share a recorded parent, so they are already siblings",
            ));
        }
    }
    Ok(())
}

/// Records a relationship between two persons.
pub async fn add(
    db: &Db,
    viewer: &Viewer,
    input: NewRelationship,
) -> Result<relationship::Model, ApiError> {
    let (from, to) = (input.from.uuid(), input.to.uuid());
    let kind = input.kind;
    let relationship = new_row(input)?;
    let txn = db.begin_write().await?;
    for (field, id) in [("fromPersonId", from), ("toPersonId", to)] {
        access::readable_person(txn.conn(), viewer, id)
            .await
            .map_err(|_| ApiError::bad_input(field, "no such person"))?;
    }
    check_writable(txn.conn(), viewer, from, to).await?;

    fits(txn.conn(), from, to, kind, None).await?;

    let relationship = versioned::create(txn.conn(), viewer, relationship, None).await?;
    txn.commit().await?;
    Ok(relationship)
}

/// Changes a relationship's quality, evidence, dates or notes.
pub async fn update(
    db: &Db,
    viewer: &Viewer,
    id: RelationshipId,
    input: RelationshipChange,
) -> Result<relationship::Model, ApiError> {
    let txn = db.begin_write().await?;
    let before = readable(txn.conn(), viewer, id.uuid()).await?;
    check_writable(
        txn.conn(),
        viewer,
        before.from_person_id,
        before.to_person_id,
    )
    .await?;
    versioned::check_version("relationship", before.version, input.version)?;
    let mut active: relationship::ActiveModel = before.clone().into();
    if let Some(parent_kind) = input.parent_kind {
        if before.kind != RelationshipKind::Parent {
            return Err(ApiError::bad_input(
                "parentKind",
                "only a PARENT relationship has a parentKind",
            ));
        }
        active.parent_kind = Set(Some(parent_kind));
    }
    if let Some(quality) = input.quality {
        active.quality = Set(quality);
    }
    if let Some(confidence) = input.confidence {
        active.confidence = Set(confidence);
    }
    if let Some(value) = input.source.update() {
        active.source = Set(validate::text("source", value, SHORT_TEXT_MAX)?);
    }
    if let Some(value) = input.started_on.update() {
        active.started_on = Set(validate::edtf("startedOn", value)?);
    }
    if let Some(value) = input.ended_on.update() {
        active.ended_on = Set(validate::edtf("endedOn", value)?);
    }
    if let Some(value) = input.notes.update() {
        active.notes = Set(validate::text("notes", value, NOTES_MAX)?);
    }
    let after = versioned::save(
        txn.conn(),
        viewer,
        versioned::Write::Update,
        active,
        &before,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Marks a relationship removed. It stays in the history and can be restored.
pub async fn remove(
    db: &Db,
    viewer: &Viewer,
    id: RelationshipId,
    version: i32,
) -> Result<relationship::Model, ApiError> {
    let txn = db.begin_write().await?;
    let before = readable(txn.conn(), viewer, id.uuid()).await?;
    check_writable(
        txn.conn(),
        viewer,
        before.from_person_id,
        before.to_person_id,
    )
    .await?;
    versioned::check_version("relationship", before.version, version)?;
    let after = versioned::save(
        txn.conn(),
        viewer,
        versioned::Write::Remove,
        <relationship::ActiveModel as Default>::default(),
        &before,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
