//! Who in the file the organisation already holds: the duplicate scorer over everyone the
//! viewer may see and the file's new people, each pair linked where the score is high
//! enough and a merge may join them, and reported either way.

use std::collections::{HashMap, HashSet};

use entity::{child, enums::Restriction, network_member, person};
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use super::{Link, Report, plan::Incoming};
use crate::{
    db::Db,
    error::ApiError,
    service::{
        Viewer,
        analysis::{self, convert},
        merges, people,
    },
};

/// Links new people of the file to people the organisation already holds, where the
/// duplicate scorer is sure enough and a merge may join them; reports the rest.
pub(super) async fn link_matches(
    db: &Db,
    conn: &impl ConnectionTrait,
    viewer: &Viewer,
    child: &child::Model,
    members: &HashMap<Uuid, network_member::Model>,
    incoming: &mut [Incoming<'_>],
    report: &mut Report,
) -> Result<(), ApiError> {
    let new: Vec<usize> = (0..incoming.len())
        .filter(|index| incoming[*index].new.is_some())
        .collect();
    if new.is_empty() {
        return Ok(());
    }
    let mut records = analysis::duplicates::records(db, viewer).await?;
    let held: HashSet<graph::PersonId> = records.iter().map(|record| record.id).collect();
    let mut by_id: HashMap<graph::PersonId, usize> = HashMap::new();
    for index in &new {
        let file = incoming[*index].file;
        let key = |text: &Option<String>| {
            text.as_deref()
                .map(crate::service::validate::name_key)
                .unwrap_or_default()
        };
        let id = convert::person_id(incoming[*index].record);
        by_id.insert(id, *index);
        records.push(graph::PersonRecord {
            id,
            given: key(&file.given),
            family: key(&file.family),
            other_names: file
                .other_names
                .iter()
                .map(|(name, _)| crate::service::validate::name_key(name))
                .collect(),
            birth: file.born.as_deref().and_then(graph::PartialDate::parse),
            area: None,
            relatives: Vec::new(),
        });
    }
    let candidates = graph::duplicate_candidates(&records, graph::DEFAULT_THRESHOLD);
    let brought_before: HashSet<Uuid> = incoming
        .iter()
        .filter(|person| person.before.is_some())
        .map(|person| person.person)
        .collect();
    let mut taken: HashSet<graph::PersonId> = HashSet::new();
    for candidate in candidates {
        let (ours, theirs) = match (by_id.get(&candidate.a), by_id.get(&candidate.b)) {
            (Some(index), None) if held.contains(&candidate.b) => (*index, candidate.b),
            (None, Some(index)) if held.contains(&candidate.a) => (*index, candidate.a),
            _ => continue,
        };
        let ours_id = convert::person_id(incoming[ours].record);
        let person = convert::uuid(theirs);
        if person == child.person_id
            || brought_before.contains(&person)
            || taken.contains(&ours_id)
            || taken.contains(&theirs)
        {
            continue;
        }
        taken.insert(ours_id);
        taken.insert(theirs);
        let Some(held_person) = person::Entity::find_by_id(person).one(conn).await? else {
            continue;
        };
        let confidential = incoming[ours].file.confidential;
        let not_linked = match merges::may_keep(conn, viewer, person).await {
            Err(ApiError::Forbidden(message)) => Some(message),
            Err(ApiError::BadUserInput { message, .. }) => Some(message),
            Err(other) => return Err(other),
            Ok(_) => members.get(&person).and_then(|member| {
                let theirs = if confidential {
                    Restriction::DoNotDiscloseLocation
                } else {
                    Restriction::None
                };
                (!merges::can_hold_both(member.restriction, theirs)).then(|| {
                    "their place in this network carries a restriction that cannot be \
                     held with the file's confidential mark: compare them by hand"
                        .to_owned()
                })
            }),
        };
        let link = Link {
            record: incoming[ours].file.xref.clone(),
            line: incoming[ours].file.line,
            person_id: person,
            name: people::display_name(&held_person.clone().into()),
            score: candidate.score,
            reasons: candidate.reasons,
            not_linked: not_linked.clone(),
            imported_id: None,
        };
        if not_linked.is_none() {
            incoming[ours].person = person;
            incoming[ours].link = Some(report.links.len());
        }
        report.links.push(link);
    }
    Ok(())
}
