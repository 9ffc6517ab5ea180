//! The file's ties, checked against each other and the network before any is written: no
//! one their own ancestor, no tie recorded twice, no brothers and sisters tied again where
//! a shared parent already makes them so; and what a newer version of the file changes.

use std::collections::{HashMap, HashSet};

use entity::{
    child,
    enums::{RelationshipKind, RelationshipQuality},
    imported_record, relationship,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{
    plan::{Plan, warn},
    records::{TieValues, record_row, tie_key},
};
use crate::{
    error::ApiError,
    imports::mapping::FileTie,
    service::{
        ids::PersonId,
        relationships::{self, NewRelationship},
    },
};

/// One end of a tie as the import writes it.
pub(super) struct End {
    /// Who they are once written (the person someone linked is linked to).
    pub person: Uuid,
    /// The record the tie is written to (a linked person's own, until the merge).
    pub record: Uuid,
    /// The file's key for them.
    pub key: String,
    pub linked: bool,
}

/// Who each of the file's cross-references is.
pub(super) struct Ends {
    pub by_xref: HashMap<String, End>,
}

impl Ends {
    fn of(&self, xref: &str) -> Option<&End> {
        self.by_xref.get(xref)
    }
}

/// Live relationships touching any of `people`.
pub(super) async fn relationships_of(
    db: &impl ConnectionTrait,
    people: &[Uuid],
) -> Result<Vec<relationship::Model>, ApiError> {
    let mut found: HashMap<Uuid, relationship::Model> = HashMap::new();
    for batch in people.chunks(400) {
        let rows = relationship::Entity::find()
            .filter(relationship::Column::DeletedAt.is_null())
            .filter(
                sea_orm::Condition::any()
                    .add(relationship::Column::FromPersonId.is_in(batch.iter().copied()))
                    .add(relationship::Column::ToPersonId.is_in(batch.iter().copied())),
            )
            .all(db)
            .await?;
        found.extend(rows.into_iter().map(|row| (row.id, row)));
    }
    Ok(found.into_values().collect())
}

/// The ties recorded between people, as the rules on new ties see them.
#[derive(Default)]
pub(super) struct Recorded {
    /// (kind, from, to) of every tie; a symmetric kind both ways.
    ties: HashSet<(RelationshipKind, Uuid, Uuid)>,
    parents: HashMap<Uuid, Vec<Uuid>>,
}

impl Recorded {
    pub(super) fn add(&mut self, kind: RelationshipKind, from: Uuid, to: Uuid) {
        self.ties.insert((kind, from, to));
        if relationships::symmetric(kind) {
            self.ties.insert((kind, to, from));
        }
        if kind == RelationshipKind::Parent {
            self.parents.entry(to).or_default().push(from);
        }
    }

    pub(super) fn has(&self, kind: RelationshipKind, from: Uuid, to: Uuid) -> bool {
        self.ties.contains(&(kind, from, to))
    }

    /// Whether `ancestor` is recorded as an ancestor of `person` (or is them).
    pub(super) fn is_ancestor(&self, ancestor: Uuid, person: Uuid) -> bool {
        let mut seen = HashSet::from([person]);
        let mut frontier = vec![person];
        while let Some(next) = frontier.pop() {
            if next == ancestor {
                return true;
            }
            for parent in self.parents.get(&next).into_iter().flatten() {
                if seen.insert(*parent) {
                    frontier.push(*parent);
                }
            }
        }
        false
    }

    pub(super) fn share_a_parent(&self, a: Uuid, b: Uuid) -> bool {
        let of = |person: Uuid| -> HashSet<Uuid> {
            self.parents
                .get(&person)
                .into_iter()
                .flatten()
                .copied()
                .collect()
        };
        !of(a).is_disjoint(&of(b))
    }
}

/// Plans the file's ties between `ends` into `plan`; returns every tie the network will
/// hold between the people `involved`, for their kinship.
#[allow(clippy::too_many_arguments)]
pub(super) async fn plan_ties(
    conn: &impl ConnectionTrait,
    child: &child::Model,
    ties: &[FileTie],
    ends: &Ends,
    involved: &[Uuid],
    imported: &HashMap<(String, String), imported_record::Model>,
    source: &str,
    plan: &mut Plan,
) -> Result<Vec<relationship::View>, ApiError> {
    let existing = relationships_of(conn, involved).await?;
    let mut recorded = Recorded::default();
    for row in &existing {
        recorded.add(row.kind, row.from_person_id, row.to_person_id);
    }
    let mut graph_edges: Vec<relationship::View> = existing
        .iter()
        .cloned()
        .map(relationship::View::from)
        .collect();
    // Parents first, so that a tie between two who share a parent is known for what it is.
    let mut ties: Vec<&FileTie> = ties.iter().collect();
    ties.sort_by_key(|tie| tie.kind != RelationshipKind::Parent);
    let mut keys_seen: HashSet<String> = HashSet::new();
    let existing_by_id: HashMap<Uuid, &relationship::Model> =
        existing.iter().map(|row| (row.id, row)).collect();
    for tie in ties {
        let (Some(from), Some(to)) = (ends.of(&tie.from), ends.of(&tie.to)) else {
            let missing = if ends.of(&tie.from).is_none() {
                &tie.from
            } else {
                &tie.to
            };
            warn(
                &mut plan.report.skipped,
                tie.line,
                format!("a tie to {missing}, who is not brought in"),
            );
            continue;
        };
        let key = tie_key(tie.kind, &from.key, &to.key);
        if !keys_seen.insert(key.clone()) {
            warn(
                &mut plan.report.warnings,
                tie.line,
                "the file records this tie twice",
            );
            continue;
        }
        let values = TieValues::of(tie);
        let values_json = serde_json::to_value(&values).map_err(ApiError::internal)?;
        if let Some(record) = imported.get(&("relationship".to_owned(), key.clone())) {
            let before: TieValues =
                serde_json::from_value(record.imported.clone()).unwrap_or_default();
            if before == values {
                plan.report.relationships.unchanged += 1;
                continue;
            }
            plan.record_updates.push((record.id, values_json));
            match existing_by_id.get(&record.entity_id) {
                Some(row) => {
                    let mut change: relationship::ActiveModel = (*row).clone().into();
                    if before.parent_kind != values.parent_kind && tie.parent_kind.is_some() {
                        change.parent_kind = Set(tie.parent_kind);
                    }
                    if before.confidence != values.confidence {
                        change.confidence = Set(tie.confidence);
                    }
                    if before.quality != values.quality
                        && let Some(quality) = tie.quality
                    {
                        change.quality = Set(quality);
                    }
                    if before.ended_on != values.ended_on
                        && let Ok(Some(ended_on)) =
                            crate::service::validate::edtf("endedOn", tie.ended_on.clone())
                    {
                        change.ended_on = Set(Some(ended_on));
                    }
                    plan.relationship_updates.push(((*row).clone(), change));
                    plan.report.relationships.updated += 1;
                }
                None => plan.report.relationships.unchanged += 1,
            }
            continue;
        }
        let (from_person, to_person) = (from.person, to.person);
        let linked_end = from.linked || to.linked;
        let already = recorded.has(tie.kind, from_person, to_person);
        if already && !linked_end {
            plan.report.relationships.matched += 1;
            continue;
        }
        if !already {
            if tie.kind == RelationshipKind::Parent && recorded.is_ancestor(to_person, from_person)
            {
                warn(
                    &mut plan.report.skipped,
                    tie.line,
                    format!(
                        "{} as a parent of {} would make a person their own ancestor",
                        tie.from, tie.to
                    ),
                );
                continue;
            }
            if tie.kind == RelationshipKind::Sibling
                && recorded.share_a_parent(from_person, to_person)
            {
                warn(
                    &mut plan.report.warnings,
                    tie.line,
                    format!(
                        "{} and {} share a recorded parent, so they are already siblings",
                        tie.from, tie.to
                    ),
                );
                continue;
            }
        }
        let row = relationships::new_row(NewRelationship {
            from: PersonId::from(from.record),
            to: PersonId::from(to.record),
            kind: tie.kind,
            parent_kind: tie.parent_kind,
            quality: tie.quality.unwrap_or(RelationshipQuality::Ordinary),
            confidence: tie.confidence,
            source: Some(source.to_owned()),
            started_on: None,
            ended_on: tie.ended_on.clone(),
            notes: None,
        });
        let mut row = match row {
            Ok(row) => row,
            Err(error) => {
                warn(&mut plan.report.skipped, tie.line, error.to_string());
                continue;
            }
        };
        if tie.ended && tie.ended_on.is_none() {
            warn(
                &mut plan.report.warnings,
                tie.line,
                "the file says this partnership ended but not when: recorded as current, \
                 for a practitioner to give its end",
            );
        }
        let id = Uuid::now_v7();
        row.id = Set(id);
        if already {
            // Between someone linked and someone already recorded: written to the import's
            // record and removed as a duplicate by the merge, so that its undo restores it.
            plan.report.relationships.matched += 1;
        } else {
            plan.report.relationships.created += 1;
            recorded.add(tie.kind, from_person, to_person);
            graph_edges.push(relationship::View {
                id,
                from_person_id: from_person,
                to_person_id: to_person,
                kind: tie.kind,
                parent_kind: tie.parent_kind,
                quality: tie.quality.unwrap_or(RelationshipQuality::Ordinary),
                confidence: tie.confidence,
                source: None,
                started_on: None,
                ended_on: tie.ended_on.clone(),
                notes: None,
                version: 1,
            });
        }
        plan.relationships.push(row);
        plan.records
            .push(record_row(child, "relationship", &key, id, values_json));
    }

    Ok(graph_edges)
}
