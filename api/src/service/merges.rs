//! Merging a duplicate person into the record kept, and undoing it. Every relationship,
//! membership, search activity and consent moves to the kept record; what would then be a
//! duplicate (the same relationship twice, two memberships of one network) is marked
//! removed instead; the merged record stays as a tombstone pointing at the kept one. The
//! merge row lists every row it touched, so an undo puts back exactly those.
//!
//! A merge changes every network either record is in, so it needs leave to change each of
//! those children's networks; and a child's own record is never merged, either way.

mod memberships;

pub use memberships::can_hold_both;

use std::collections::HashMap;

use chrono::Utc;
use entity::{
    child, consent, enums::NameKind, enums::RelationshipKind, network_member, person, person_merge,
    person_name, relationship, search_activity,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Value,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    service::{
        Viewer, access,
        audit::{self, Change},
        ids::PersonId,
        people, validate,
        versioned::{self, Write},
    },
};

/// What one merge did, stored with it.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Moved {
    /// Relationships whose `from` end moved to the kept person.
    relationships_from: Vec<Uuid>,
    /// Relationships whose `to` end moved.
    relationships_to: Vec<Uuid>,
    /// Rows marked removed as duplicates (relationships and memberships).
    removed_relationships: Vec<Uuid>,
    removed_members: Vec<Uuid>,
    members: Vec<Uuid>,
    /// The kept record's memberships as they were before the merged record's place in the
    /// same network was folded into them.
    #[serde(default)]
    combined_members: Vec<network_member::Model>,
    searches: Vec<Uuid>,
    /// Consents recorded for the merged record, which hold for the kept one.
    #[serde(default)]
    consents: Vec<Uuid>,
    /// Names added to the kept person.
    names: Vec<Uuid>,
    /// The version each row above was read at, for writes that must not lose a change
    /// made since: as the merge read them, or as the undo finds them.
    #[serde(skip)]
    read_at: HashMap<Uuid, i32>,
}

impl Moved {
    /// `ids` with the versions they were read at.
    fn at(&self, ids: &[Uuid]) -> Vec<(Uuid, i32)> {
        ids.iter()
            .filter_map(|id| self.read_at.get(id).map(|version| (*id, *version)))
            .collect()
    }
}

async fn person_for_merge(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    field: &str,
    id: Uuid,
) -> Result<person::Model, ApiError> {
    match access::writable_person(db, viewer, id).await {
        Ok(person) => Ok(person),
        Err(ApiError::NotFound(_)) => Err(ApiError::bad_input(field, "no such person")),
        Err(other) => Err(other),
    }
}

/// A person as just written.
async fn reread(db: &impl ConnectionTrait, id: Uuid) -> Result<person::Model, ApiError> {
    person::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("person"))
}

/// Refuses a child's own record as either side of a merge.
async fn not_a_child(db: &impl ConnectionTrait, field: &str, person: Uuid) -> Result<(), ApiError> {
    let child = child::Entity::find()
        .filter(child::Column::PersonId.eq(person))
        .filter(child::Column::DeletedAt.is_null())
        .one(db)
        .await?;
    match child {
        Some(_) => Err(ApiError::bad_input(
            field,
            "this is a child's own record, which is never merged",
        )),
        None => Ok(()),
    }
}

/// The live memberships of `person`, in every child's network.
async fn memberships_of(
    db: &impl ConnectionTrait,
    person: Uuid,
) -> Result<Vec<network_member::Model>, ApiError> {
    Ok(network_member::Entity::find()
        .filter(network_member::Column::PersonId.eq(person))
        .filter(network_member::Column::DeletedAt.is_null())
        .all(db)
        .await?)
}

/// Refuses unless the viewer may change the network of every child in `children`, seen
/// or not: a merge or its undo changes all of them.
async fn may_change_every(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    children: Vec<Uuid>,
) -> Result<(), ApiError> {
    let mut checked = Vec::new();
    for child in children {
        if checked.contains(&child) {
            continue;
        }
        if !access::can_write_child(db, viewer, child).await? {
            return Err(ApiError::forbidden(
                "these records are in the network of a child you may not change: \
                 ask someone assigned to every child concerned",
            ));
        }
        checked.push(child);
    }
    Ok(())
}

fn same_pair(a: &relationship::Model, b: &relationship::Model) -> bool {
    let forward = a.from_person_id == b.from_person_id && a.to_person_id == b.to_person_id;
    let reverse = a.from_person_id == b.to_person_id && a.to_person_id == b.from_person_id;
    a.kind == b.kind && (forward || (reverse && a.kind != RelationshipKind::Parent))
}

/// Marks the rows `ids` of `E` removed, each only if unchanged since it was read.
async fn remove<E>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    moved: &Moved,
    ids: &[Uuid],
) -> Result<(), ApiError>
where
    E: EntityTrait,
    E::Column: std::str::FromStr,
{
    versioned::write_many_if_unchanged::<E>(db, viewer, Write::Remove, &moved.at(ids), &[]).await
}

/// Points every relationship end, membership, search activity and consent a merge moved at
/// `person`: the kept record when merging, the merged one when undoing.
async fn point_to(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    moved: &Moved,
    person: Uuid,
) -> Result<(), ApiError> {
    let to = |column: &'static str| [(column, Value::from(person))];
    let write = Write::Update;
    let at = |ids: &[Uuid]| moved.at(ids);
    use versioned::write_many_if_unchanged as write_many;
    write_many::<relationship::Entity>(
        db,
        viewer,
        write,
        &at(&moved.relationships_from),
        &to("from_person_id"),
    )
    .await?;
    write_many::<relationship::Entity>(
        db,
        viewer,
        write,
        &at(&moved.relationships_to),
        &to("to_person_id"),
    )
    .await?;
    write_many::<network_member::Entity>(db, viewer, write, &at(&moved.members), &to("person_id"))
        .await?;
    write_many::<search_activity::Entity>(
        db,
        viewer,
        write,
        &at(&moved.searches),
        &to("person_id"),
    )
    .await?;
    write_many::<consent::Entity>(db, viewer, write, &at(&moved.consents), &to("person_id")).await
}

/// Clears the removal marks [`remove`] set, each only if unchanged since.
async fn restore<E>(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    moved: &Moved,
    ids: &[Uuid],
) -> Result<(), ApiError>
where
    E: EntityTrait,
    E::Column: std::str::FromStr,
{
    let not_removed = [
        (
            "deleted_at",
            Value::from(Option::<chrono::DateTime<Utc>>::None),
        ),
        ("deleted_by", Value::from(Option::<Uuid>::None)),
    ];
    versioned::write_many_if_unchanged::<E>(db, viewer, Write::Update, &moved.at(ids), &not_removed)
        .await
}

/// Whether the viewer may merge other records into `keep` (a person they may change, not a
/// child's own record, every network it is in one they may change); its places in
/// networks if so. For an import, which links what it brings to `keep` by a merge.
pub async fn may_keep(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    keep: Uuid,
) -> Result<Vec<network_member::Model>, ApiError> {
    person_for_merge(db, viewer, "keepId", keep).await?;
    not_a_child(db, "keepId", keep).await?;
    let members = memberships_of(db, keep).await?;
    may_change_every(db, viewer, members.iter().map(|m| m.child_id).collect()).await?;
    Ok(members)
}

/// The two records of a merge, and every place either has in a network.
struct Sides {
    kept: person::Model,
    merged: person::Model,
    kept_members: Vec<network_member::Model>,
    merged_members: Vec<network_member::Model>,
}

/// Whether the viewer may merge `merge` into `keep`: both people they may change, neither
/// a child's own record, and every network either is in one they may change.
async fn sides(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    keep: Uuid,
    merge: Uuid,
) -> Result<Sides, ApiError> {
    let kept = person_for_merge(db, viewer, "keepId", keep).await?;
    let merged = person_for_merge(db, viewer, "mergeId", merge).await?;
    not_a_child(db, "keepId", keep).await?;
    not_a_child(db, "mergeId", merge).await?;
    let kept_members = memberships_of(db, keep).await?;
    let merged_members = memberships_of(db, merge).await?;
    let children: Vec<Uuid> = kept_members
        .iter()
        .chain(&merged_members)
        .map(|member| member.child_id)
        .collect();
    may_change_every(db, viewer, children).await?;
    Ok(Sides {
        kept,
        merged,
        kept_members,
        merged_members,
    })
}

/// Which of the merged record's relationships move to the kept one, and which would then
/// be duplicates (the same tie twice, or a tie between the two records) and are removed.
async fn relationships_to_move(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    keep: Uuid,
    merge: Uuid,
    moved: &mut Moved,
) -> Result<(), ApiError> {
    let live = |column: relationship::Column| {
        relationship::Entity::find()
            .filter(relationship::Column::DeletedAt.is_null())
            .filter(column.eq(merge))
    };
    let mut theirs = live(relationship::Column::FromPersonId).all(db).await?;
    theirs.extend(live(relationship::Column::ToPersonId).all(db).await?);
    moved
        .read_at
        .extend(theirs.iter().map(|row| (row.id, row.version)));
    let mut ours: Vec<relationship::Model> = relationship::Entity::find()
        .filter(relationship::Column::DeletedAt.is_null())
        .filter(
            sea_orm::Condition::any()
                .add(relationship::Column::FromPersonId.eq(keep))
                .add(relationship::Column::ToPersonId.eq(keep)),
        )
        .all(db)
        .await?;
    for row in theirs {
        let mut moved_row = row.clone();
        if moved_row.from_person_id == merge {
            moved_row.from_person_id = keep;
        }
        if moved_row.to_person_id == merge {
            moved_row.to_person_id = keep;
        }
        let between_them = moved_row.from_person_id == moved_row.to_person_id;
        if between_them || ours.iter().any(|existing| same_pair(existing, &moved_row)) {
            moved.removed_relationships.push(row.id);
        } else if row.from_person_id == merge {
            moved.relationships_from.push(row.id);
            ours.push(moved_row);
        } else {
            moved.relationships_to.push(row.id);
            ours.push(moved_row);
        }
    }
    remove::<relationship::Entity>(db, viewer, moved, &moved.removed_relationships).await
}

/// The merged record's places in networks: moved where the kept record has none, folded
/// into the kept record's place where it has one (`memberships::combine`).
async fn fold_memberships(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    sides: &Sides,
    moved: &mut Moved,
) -> Result<(), ApiError> {
    for member in &sides.merged_members {
        moved.read_at.insert(member.id, member.version);
        let Some(ours) = sides
            .kept_members
            .iter()
            .find(|kept| kept.child_id == member.child_id)
        else {
            moved.members.push(member.id);
            continue;
        };
        let combined = memberships::combine(ours, member)?;
        if combined != *ours {
            versioned::save(
                db,
                viewer,
                Write::Update,
                every_column(combined),
                ours,
                Some(ours.child_id),
            )
            .await?;
            moved.combined_members.push(ours.clone());
        }
        moved.removed_members.push(member.id);
    }
    remove::<network_member::Entity>(db, viewer, moved, &moved.removed_members).await
}

/// The merged record's names become other names of the kept one, so that a search by them
/// still finds the person; returns the kept record's name key with them.
async fn carry_names(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    sides: &Sides,
    moved: &mut Moved,
) -> Result<String, ApiError> {
    let (kept, merged) = (&sides.kept, &sides.merged);
    let mut names: Vec<String> = person_name::Entity::find()
        .filter(person_name::Column::PersonId.eq(merged.id))
        .filter(person_name::Column::DeletedAt.is_null())
        .order_by_asc(person_name::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|name| name.name)
        .collect();
    let full = |p: &person::Model| {
        [p.given_name.as_deref(), p.family_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
    };
    names.insert(0, full(merged));
    let existing: Vec<String> = person_name::Entity::find()
        .filter(person_name::Column::PersonId.eq(kept.id))
        .filter(person_name::Column::DeletedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|name| validate::name_key(&name.name))
        .chain([validate::name_key(&full(kept))])
        .collect();
    let mut key_parts = vec![kept.name_key.clone()];
    let mut rows = Vec::new();
    for name in names {
        let key = validate::name_key(&name);
        if key.is_empty() || existing.contains(&key) {
            continue;
        }
        rows.push(people::other_name(kept.id, name, NameKind::Other));
        key_parts.push(key);
    }
    moved.names = versioned::create_parts(db, viewer, rows).await?;
    Ok(key_parts.join(" "))
}

/// Writes the kept record (its new name key) and the merged one (a tombstone pointing at
/// the kept), each only if unchanged since the merge read it: an edit racing the merge
/// fails it whole rather than being overwritten. Returns both as written.
async fn write_people(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    sides: &Sides,
    name_key: String,
) -> Result<(person::Model, person::Model), ApiError> {
    let (kept, merged) = (&sides.kept, &sides.merged);
    let mut kept_update: person::ActiveModel = kept.clone().into();
    kept_update.name_key = Set(name_key);
    versioned::write_if_unchanged(db, viewer, Write::Update, kept_update, kept).await?;

    let mut tombstone: person::ActiveModel = merged.clone().into();
    tombstone.merged_into_id = Set(Some(kept.id));
    versioned::write_if_unchanged(db, viewer, Write::Remove, tombstone, merged).await?;
    Ok((reread(db, kept.id).await?, reread(db, merged.id).await?))
}

/// Records the merge (what it moved, for the undo) and its audit events.
async fn record(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    sides: &Sides,
    moved: &Moved,
    kept_after: &person::Model,
    merged_after: &person::Model,
) -> Result<(), ApiError> {
    person_merge::ActiveModel {
        id: Set(Uuid::now_v7()),
        organisation_id: Set(viewer.organisation_id),
        kept_person_id: Set(sides.kept.id),
        merged_person_id: Set(sides.merged.id),
        moved: Set(serde_json::to_value(moved).map_err(ApiError::internal)?),
        merged_at: Set(Utc::now()),
        merged_by: Set(Some(viewer.user_id)),
        undone_at: Set(None),
        undone_by: Set(None),
    }
    .insert(db)
    .await?;
    for (action, before, after) in [
        ("person.merge", &sides.merged, merged_after),
        ("person.merge_into", &sides.kept, kept_after),
    ] {
        audit::change(
            db,
            viewer,
            Change {
                action,
                entity_type: "person",
                entity_id: after.id,
                child_id: None,
                version: after.version,
                before: Some(before),
                after: Some(after),
            },
        )
        .await?;
    }
    Ok(())
}

/// Merges `merge` into `keep`, in one transaction: the checks, the relationships, the
/// places in networks, the search activity, the names, the two records, and the record of
/// the merge.
pub async fn merge(
    db: &Db,
    viewer: &Viewer,
    keep: PersonId,
    merge: PersonId,
) -> Result<person::Model, ApiError> {
    let (keep, merge) = (keep.uuid(), merge.uuid());
    if keep == merge {
        return Err(ApiError::bad_input(
            "mergeId",
            "a person cannot be merged with themselves",
        ));
    }
    let txn = db.begin_write().await?;
    let kept = merge_within(txn.conn(), viewer, keep, merge).await?;
    txn.commit().await?;
    Ok(kept)
}

/// [`merge`] within the caller's transaction: for an import, which links the people it
/// brings to those already recorded by merging each into its match, so that an undo of the
/// merge separates them again.
pub async fn merge_within(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    keep: Uuid,
    merge: Uuid,
) -> Result<person::Model, ApiError> {
    let sides = sides(db, viewer, keep, merge).await?;
    let mut moved = Moved::default();
    relationships_to_move(db, viewer, keep, merge, &mut moved).await?;
    fold_memberships(db, viewer, &sides, &mut moved).await?;
    for search in search_activity::Entity::find()
        .filter(search_activity::Column::PersonId.eq(merge))
        .filter(search_activity::Column::DeletedAt.is_null())
        .all(db)
        .await?
    {
        moved.searches.push(search.id);
        moved.read_at.insert(search.id, search.version);
    }
    // A withdrawal recorded against either record holds for the one person they are.
    for consent in consent::Entity::find()
        .filter(consent::Column::PersonId.eq(merge))
        .filter(consent::Column::DeletedAt.is_null())
        .all(db)
        .await?
    {
        moved.consents.push(consent.id);
        moved.read_at.insert(consent.id, consent.version);
    }
    point_to(db, viewer, &moved, keep).await?;
    let name_key = carry_names(db, viewer, &sides, &mut moved).await?;
    let (kept_after, merged_after) = write_people(db, viewer, &sides, name_key).await?;
    record(db, viewer, &sides, &moved, &kept_after, &merged_after).await?;
    Ok(kept_after)
}

/// A membership to write over its row whole.
fn every_column(model: network_member::Model) -> network_member::ActiveModel {
    sea_orm::IntoActiveModel::into_active_model(model).reset_all()
}

/// Puts the kept record's memberships back as they were before the merge, each one that
/// nobody has changed since. One changed since keeps its change: it is at least as strict
/// as the merge left it unless someone decided otherwise, and that decision stands.
async fn uncombine(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    before_merge: &[network_member::Model],
) -> Result<(), ApiError> {
    for before in before_merge {
        let Some(now) = network_member::Entity::find_by_id(before.id)
            .one(db)
            .await?
        else {
            continue;
        };
        if now.version != before.version + 1 || now.deleted_at.is_some() {
            continue;
        }
        let mut restored = before.clone();
        restored.version = now.version;
        versioned::save(
            db,
            viewer,
            Write::Update,
            every_column(restored),
            &now,
            Some(now.child_id),
        )
        .await?;
    }
    Ok(())
}

/// The versions every row a merge moved is at now, for its undo.
async fn current_versions(
    db: &impl ConnectionTrait,
    moved: &Moved,
) -> Result<HashMap<Uuid, i32>, ApiError> {
    let relationships: Vec<Uuid> = [
        &moved.relationships_from,
        &moved.relationships_to,
        &moved.removed_relationships,
    ]
    .into_iter()
    .flatten()
    .copied()
    .collect();
    let members: Vec<Uuid> = [&moved.members, &moved.removed_members]
        .into_iter()
        .flatten()
        .copied()
        .collect();
    let mut found = versioned::versions::<relationship::Entity>(db, &relationships).await?;
    found.extend(versioned::versions::<network_member::Entity>(db, &members).await?);
    found.extend(versioned::versions::<search_activity::Entity>(db, &moved.searches).await?);
    found.extend(versioned::versions::<consent::Entity>(db, &moved.consents).await?);
    found.extend(versioned::versions::<person_name::Entity>(db, &moved.names).await?);
    Ok(found.into_iter().collect())
}

/// Undoes the last merge of `merged`: it and everything the merge moved come back.
pub async fn unmerge(
    db: &Db,
    viewer: &Viewer,
    merged: PersonId,
) -> Result<person::Model, ApiError> {
    let merged = merged.uuid();
    let txn = db.begin_write().await?;
    let db = txn.conn();
    let record = person_merge::Entity::find()
        .filter(person_merge::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(person_merge::Column::MergedPersonId.eq(merged))
        .filter(person_merge::Column::UndoneAt.is_null())
        .order_by_desc(person_merge::Column::MergedAt)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::bad_input("mergedId", "this person has not been merged"))?;
    // The viewer must be able to change the kept record, which holds everything now, and
    // every network it is in.
    person_for_merge(db, viewer, "mergedId", record.kept_person_id).await?;
    let mut moved: Moved =
        serde_json::from_value(record.moved.clone()).map_err(ApiError::internal)?;
    moved.read_at = current_versions(db, &moved).await?;
    let children: Vec<Uuid> = memberships_of(db, record.kept_person_id)
        .await?
        .into_iter()
        .map(|member| member.child_id)
        .collect();
    may_change_every(db, viewer, children).await?;
    point_to(db, viewer, &moved, merged).await?;
    uncombine(db, viewer, &moved.combined_members).await?;
    restore::<relationship::Entity>(db, viewer, &moved, &moved.removed_relationships).await?;
    restore::<network_member::Entity>(db, viewer, &moved, &moved.removed_members).await?;
    remove::<person_name::Entity>(db, viewer, &moved, &moved.names).await?;

    let now = Utc::now();
    let before = reread(db, merged).await?;
    let mut restored: person::ActiveModel = before.clone().into();
    restored.merged_into_id = Set(None);
    restored.deleted_at = Set(None);
    restored.deleted_by = Set(None);
    versioned::write_if_unchanged(db, viewer, Write::Update, restored, &before).await?;
    let after = reread(db, merged).await?;

    let kept = reread(db, record.kept_person_id).await?;
    let remaining: Vec<String> = person_name::Entity::find()
        .filter(person_name::Column::PersonId.eq(kept.id))
        .filter(person_name::Column::DeletedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|name| name.name)
        .collect();
    let mut kept_update: person::ActiveModel = kept.clone().into();
    kept_update.name_key = Set(validate::name_key(
        &[
            kept.given_name.clone(),
            kept.family_name.clone(),
            kept.preferred_name.clone(),
        ]
        .into_iter()
        .flatten()
        .chain(remaining)
        .collect::<Vec<_>>()
        .join(" "),
    ));
    versioned::write_if_unchanged(db, viewer, Write::Update, kept_update, &kept).await?;

    let mut done: person_merge::ActiveModel = record.into();
    done.undone_at = Set(Some(now));
    done.undone_by = Set(Some(viewer.user_id));
    done.update(db).await?;
    audit::change(
        db,
        viewer,
        Change {
            action: "person.unmerge",
            entity_type: "person",
            entity_id: after.id,
            child_id: None,
            version: after.version,
            before: Some(&before),
            after: Some(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
