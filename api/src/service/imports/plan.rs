//! What an import will write, worked out before anything is written: the people (new, linked
//! to someone already recorded, or brought in before), the relationships checked against
//! each other and the network, each new person's place in the network with the side their
//! kinship gives, and the report.

use std::collections::HashMap;

use chrono::Utc;
use entity::{
    child, enums::Restriction, imported_record, network_member, person, person_name, relationship,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{
    Line, Report, matching, places,
    records::{self, PersonValues, record_row},
    ties::{self, End, Ends},
};
use crate::{
    db::Db,
    error::ApiError,
    imports::{
        gedcom::Warning,
        mapping::{FileNetwork, FilePerson},
    },
    service::{
        Viewer, network,
        people::{self, NewPerson, OtherName},
    },
};

/// Where the file came from and which of its records is the child.
pub struct Source {
    pub name: String,
    pub child_record: Option<String>,
}

/// The rows an import writes, and what it reports.
pub struct Plan {
    pub people: Vec<person::ActiveModel>,
    pub names: Vec<person_name::ActiveModel>,
    pub relationships: Vec<relationship::ActiveModel>,
    pub members: Vec<network_member::ActiveModel>,
    /// People brought in before whom this version of the file changes: the record as read
    /// and the change.
    pub person_updates: Vec<(person::Model, person::ActiveModel)>,
    pub relationship_updates: Vec<(relationship::Model, relationship::ActiveModel)>,
    /// Places in the network this file makes stricter.
    pub member_updates: Vec<(network_member::Model, network_member::ActiveModel)>,
    pub records: Vec<imported_record::ActiveModel>,
    pub record_updates: Vec<(Uuid, serde_json::Value)>,
    /// Each import's record to merge into the person it is linked to, with its link's place
    /// in the report.
    pub merges: Vec<(Uuid, Uuid, usize)>,
    pub report: Report,
}

/// A person of the file, as the import will treat them.
pub(super) struct Incoming<'a> {
    pub file: &'a FilePerson,
    /// The record the import writes ties and a place to: a new one, or the one brought in
    /// before.
    pub record: Uuid,
    /// Who they are once written: the person they are linked to, or `record`.
    pub person: Uuid,
    /// Brought in before: the imported record and what the file said then.
    pub before: Option<(Uuid, PersonValues)>,
    /// New: the checked row and other names.
    pub new: Option<(person::ActiveModel, Vec<(String, entity::enums::NameKind)>)>,
    /// Linked: the place of the link in the report.
    pub link: Option<usize>,
}

pub(super) fn warn(list: &mut Vec<Line>, line: usize, message: impl Into<String>) {
    list.push(Line {
        line,
        message: message.into(),
    });
}

fn lines(warnings: Vec<Warning>) -> Vec<Line> {
    warnings
        .into_iter()
        .map(|warning| Line {
            line: warning.line,
            message: warning.message,
        })
        .collect()
}

/// The bare id of a cross-reference, for comparing `@I1@`, `I1` and `@i1@`.
fn bare(xref: &str) -> String {
    xref.trim().trim_matches('@').to_uppercase()
}

fn new_person(file: &FilePerson) -> NewPerson {
    NewPerson {
        given_name: file.given.clone(),
        family_name: file.family.clone(),
        preferred_name: file.preferred.clone(),
        other_names: Some(
            file.other_names
                .iter()
                .map(|(name, kind)| OtherName {
                    name: name.clone(),
                    kind: *kind,
                })
                .collect(),
        ),
        sex: file.sex,
        birth_date: file.born.clone(),
        deceased: Some(file.deceased),
        notes: file.notes.clone(),
        ..Default::default()
    }
}

/// Plans the import of `file` into `child`'s network. `db` answers the organisation-wide
/// read of people to match; `conn` (the import's transaction) everything else.
pub async fn plan(
    db: &Db,
    conn: &impl ConnectionTrait,
    viewer: &Viewer,
    child: &child::Model,
    file: FileNetwork,
    source: &Source,
) -> Result<Plan, ApiError> {
    let mut plan = Plan {
        people: Vec::new(),
        names: Vec::new(),
        relationships: Vec::new(),
        members: Vec::new(),
        person_updates: Vec::new(),
        relationship_updates: Vec::new(),
        member_updates: Vec::new(),
        records: Vec::new(),
        record_updates: Vec::new(),
        merges: Vec::new(),
        report: Report {
            warnings: lines(file.warnings),
            skipped: lines(file.skipped),
            ..Default::default()
        },
    };
    if file.people.is_empty() {
        return Err(ApiError::bad_input("file", "the file holds no people"));
    }
    let child_index = match &source.child_record {
        Some(record) => file
            .people
            .iter()
            .position(|person| bare(&person.xref) == bare(record))
            .ok_or_else(|| {
                ApiError::bad_input("childRecord", format!("the file has no person {record}"))
            })?,
        None => file
            .people
            .iter()
            .position(|person| person.child)
            .ok_or_else(|| {
                ApiError::bad_input(
                    "childRecord",
                    "name the file's record of the child (such as @I1@)",
                )
            })?,
    };
    let child_key = file.people[child_index].key.clone();
    let members: HashMap<Uuid, network_member::Model> = network_member::Entity::find()
        .filter(network_member::Column::ChildId.eq(child.id))
        .filter(network_member::Column::DeletedAt.is_null())
        .all(conn)
        .await?
        .into_iter()
        .map(|member| (member.person_id, member))
        .collect();
    let imported = records::imported(conn, child).await?;

    // Each person of the file: brought in before, or new.
    let brought: Vec<Uuid> = imported
        .iter()
        .filter(|((kind, _), _)| kind == "person")
        .map(|(_, record)| record.entity_id)
        .collect();
    let current = records::current_people(conn, &brought).await?;
    let mut incoming: Vec<Incoming<'_>> = Vec::new();
    let mut known_people: HashMap<Uuid, person::Model> = HashMap::new();
    for (index, file_person) in file.people.iter().enumerate() {
        if index == child_index {
            continue;
        }
        if let Some(record) = imported.get(&("person".to_owned(), file_person.key.clone())) {
            let before: PersonValues =
                serde_json::from_value(record.imported.clone()).unwrap_or_default();
            match current.get(&record.entity_id).cloned() {
                Some(found) => {
                    incoming.push(Incoming {
                        file: file_person,
                        record: found.id,
                        person: found.id,
                        before: Some((record.id, before)),
                        new: None,
                        link: None,
                    });
                    known_people.insert(found.id, found);
                }
                None => warn(
                    &mut plan.report.skipped,
                    file_person.line,
                    format!(
                        "{} was imported before and has since been removed; not brought back",
                        file_person.xref
                    ),
                ),
            }
            continue;
        }
        match people::new_row(new_person(file_person)) {
            Ok(row) => {
                let id = Uuid::now_v7();
                incoming.push(Incoming {
                    file: file_person,
                    record: id,
                    person: id,
                    before: None,
                    new: Some(row),
                    link: None,
                });
            }
            Err(error) => warn(
                &mut plan.report.skipped,
                file_person.line,
                format!("{}: {}", file_person.xref, error),
            ),
        }
    }

    matching::link_matches(
        db,
        conn,
        viewer,
        child,
        &members,
        &mut incoming,
        &mut plan.report,
    )
    .await?;

    // The ties, on who each person is once written.
    let mut ends = Ends {
        by_xref: HashMap::new(),
    };
    ends.by_xref.insert(
        file.people[child_index].xref.clone(),
        End {
            person: child.person_id,
            record: child.person_id,
            key: child_key,
            linked: false,
        },
    );
    for person in &incoming {
        ends.by_xref.insert(
            person.file.xref.clone(),
            End {
                person: person.person,
                record: person.record,
                key: person.file.key.clone(),
                linked: person.link.is_some(),
            },
        );
    }
    let mut involved: Vec<Uuid> = members.keys().copied().collect();
    involved.push(child.person_id);
    involved.extend(incoming.iter().map(|person| person.person));
    let graph_edges = ties::plan_ties(
        conn,
        child,
        &file.ties,
        &ends,
        &involved,
        &imported,
        &source.name,
        &mut plan,
    )
    .await?;

    // Each person's side, from their kinship in the network as it will be.
    let sides = places::sides(conn, child, &members, &incoming, &graph_edges).await?;
    let found_on = Utc::now().date_naive();
    for person in incoming {
        let values = PersonValues::of(person.file);
        let values_json = serde_json::to_value(&values).map_err(ApiError::internal)?;
        if let Some((record, before)) = &person.before {
            plan_update(&mut plan, &known_people, &members, &person, before, &values)?;
            if *before != values {
                plan.record_updates.push((*record, values_json));
            }
            continue;
        }
        let membership = places::membership(person.file, &source.name, found_on, &sides, &person);
        let Some((mut row, names)) = person.new else {
            continue;
        };
        row.id = Set(person.record);
        plan.people.push(row);
        plan.names.extend(
            names
                .into_iter()
                .map(|(name, kind)| people::other_name(person.record, name, kind)),
        );
        plan.records.push(record_row(
            child,
            "person",
            &person.file.key,
            person.record,
            values_json,
        ));
        match person.link {
            Some(link) => {
                plan.report.people.matched += 1;
                plan.merges.push((person.person, person.record, link));
                if members.contains_key(&person.person) {
                    plan.report.members.matched += 1;
                } else {
                    plan.report.members.created += 1;
                }
            }
            None => {
                plan.report.people.created += 1;
                plan.report.members.created += 1;
            }
        }
        plan.members
            .push(network::new_member(child, person.record, membership)?);
    }
    Ok(plan)
}

/// A person brought in before: what this version of the file changes about them, field by
/// field (what the file still says as it did is left as practitioners may have changed it),
/// and their place made stricter where the file now marks them confidential.
fn plan_update(
    plan: &mut Plan,
    known: &HashMap<Uuid, person::Model>,
    members: &HashMap<Uuid, network_member::Model>,
    person: &Incoming<'_>,
    before: &PersonValues,
    now: &PersonValues,
) -> Result<(), ApiError> {
    if before == now {
        plan.report.people.unchanged += 1;
        if members.contains_key(&person.person) {
            plan.report.members.unchanged += 1;
        }
        return Ok(());
    }
    let Some(stored) = known.get(&person.person) else {
        return Ok(());
    };
    let (checked, _) = match people::new_row(new_person(person.file)) {
        Ok(row) => row,
        Err(error) => {
            warn(
                &mut plan.report.skipped,
                person.file.line,
                format!("{}: {}", person.file.xref, error),
            );
            return Ok(());
        }
    };
    let mut change: person::ActiveModel = stored.clone().into();
    let mut changed = false;
    macro_rules! take {
        ($field:ident, $column:ident) => {
            if before.$field != now.$field {
                change.$column = checked.$column.clone();
                changed = true;
            }
        };
    }
    take!(given, given_name);
    take!(family, family_name);
    take!(preferred, preferred_name);
    take!(sex, sex);
    take!(born, birth_date);
    take!(deceased, deceased);
    take!(notes, notes);
    if changed {
        plan.person_updates.push((stored.clone(), change));
        plan.report.people.updated += 1;
    } else {
        plan.report.people.unchanged += 1;
    }
    let new_names: Vec<&(String, entity::enums::NameKind)> = person
        .file
        .other_names
        .iter()
        .filter(|(name, _)| !before.other_names.contains(name))
        .collect();
    plan.names.extend(
        new_names
            .into_iter()
            .map(|(name, kind)| people::other_name(person.record, name.clone(), *kind)),
    );
    if let Some(member) = members.get(&person.person) {
        if now.confidential && !before.confidential && member.restriction == Restriction::None {
            let mut stricter: network_member::ActiveModel = member.clone().into();
            stricter.restriction = Set(Restriction::DoNotDiscloseLocation);
            stricter.restriction_reason = Set(Some(
                "a newer version of the imported file marks this record confidential".into(),
            ));
            plan.member_updates.push((member.clone(), stricter));
            plan.report.members.updated += 1;
        } else {
            if before.confidential && !now.confidential {
                warn(
                    &mut plan.report.warnings,
                    person.file.line,
                    format!(
                        "{} is no longer marked confidential in the file; their restriction \
                         is kept until a practitioner lifts it",
                        person.file.xref
                    ),
                );
            }
            plan.report.members.unchanged += 1;
        }
    }
    Ok(())
}
