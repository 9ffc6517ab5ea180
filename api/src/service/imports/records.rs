//! What the file said of each record it brought, kept with the record (`imported_record`)
//! so that importing the same file again changes nothing and a newer version of it changes
//! only what the file changed.

use std::collections::HashMap;

use entity::{child, enums::RelationshipKind, imported_record, person};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    error::ApiError,
    imports::mapping::{FilePerson, FileTie},
    service::relationships,
};

/// What the file said of a person when it was last imported.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct PersonValues {
    pub given: Option<String>,
    pub family: Option<String>,
    pub preferred: Option<String>,
    pub other_names: Vec<String>,
    pub sex: Option<String>,
    pub born: Option<String>,
    pub deceased: bool,
    pub notes: Option<String>,
    pub confidential: bool,
}

/// What the file said of a tie when it was last imported.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct TieValues {
    pub parent_kind: Option<String>,
    pub confidence: String,
    pub quality: Option<String>,
    pub ended: bool,
    pub ended_on: Option<String>,
}

pub(super) fn name_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

impl PersonValues {
    pub(super) fn of(person: &FilePerson) -> Self {
        Self {
            given: person.given.clone(),
            family: person.family.clone(),
            preferred: person.preferred.clone(),
            other_names: person.other_names.iter().map(|(n, _)| n.clone()).collect(),
            sex: person.sex.as_ref().map(name_of),
            born: person.born.clone(),
            deceased: person.deceased,
            notes: person.notes.clone(),
            confidential: person.confidential,
        }
    }
}

impl TieValues {
    pub(super) fn of(tie: &FileTie) -> Self {
        Self {
            parent_kind: tie.parent_kind.as_ref().map(name_of),
            confidence: name_of(&tie.confidence),
            quality: tie.quality.as_ref().map(name_of),
            ended: tie.ended,
            ended_on: tie.ended_on.clone(),
        }
    }
}

/// The imported records of `child`'s network, by kind and the file's key.
pub(super) async fn imported(
    db: &impl ConnectionTrait,
    child: &child::Model,
) -> Result<HashMap<(String, String), imported_record::Model>, ApiError> {
    Ok(imported_record::Entity::find()
        .filter(imported_record::Column::ChildId.eq(child.id))
        .filter(imported_record::Column::DeletedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|record| {
            (
                (record.entity_type.clone(), record.record_key.clone()),
                record,
            )
        })
        .collect())
}

/// The person each of `ids` became: itself, or the record it was merged into (and so on);
/// none for one since removed. A few statements, whatever the number of people.
pub(super) async fn current_people(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, person::Model>, ApiError> {
    const MERGES_FOLLOWED: usize = 16;
    let mut read: HashMap<Uuid, person::Model> = HashMap::new();
    let mut wanted: Vec<Uuid> = ids.to_vec();
    for _ in 0..MERGES_FOLLOWED {
        wanted.retain(|id| !read.contains_key(id));
        wanted.sort();
        wanted.dedup();
        if wanted.is_empty() {
            break;
        }
        for batch in wanted.chunks(400) {
            let rows = person::Entity::find()
                .filter(person::Column::Id.is_in(batch.iter().copied()))
                .all(db)
                .await?;
            read.extend(rows.into_iter().map(|row| (row.id, row)));
        }
        wanted = read
            .values()
            .filter_map(|row| row.merged_into_id)
            .filter(|into| !read.contains_key(into))
            .collect();
    }
    let mut current = HashMap::new();
    for id in ids {
        let mut at = *id;
        for _ in 0..MERGES_FOLLOWED {
            let Some(row) = read.get(&at) else { break };
            match row.merged_into_id {
                Some(into) => at = into,
                None => {
                    if row.deleted_at.is_none() {
                        current.insert(*id, row.clone());
                    }
                    break;
                }
            }
        }
    }
    Ok(current)
}

/// The file's key for a tie: its two people's keys and its kind, the same whichever way a
/// symmetric tie is written.
pub(super) fn tie_key(kind: RelationshipKind, from: &str, to: &str) -> String {
    let name = name_of(&kind);
    if relationships::symmetric(kind) && from > to {
        format!("{name} {to} {from}")
    } else {
        format!("{name} {from} {to}")
    }
}

pub(super) fn record_row(
    child: &child::Model,
    entity_type: &str,
    key: &str,
    entity_id: Uuid,
    values: serde_json::Value,
) -> imported_record::ActiveModel {
    imported_record::ActiveModel {
        id: Set(Uuid::now_v7()),
        child_id: Set(child.id),
        entity_type: Set(entity_type.to_owned()),
        record_key: Set(key.to_owned()),
        entity_id: Set(entity_id),
        imported: Set(values),
        ..Default::default()
    }
}
