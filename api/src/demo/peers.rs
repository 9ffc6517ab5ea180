//! The peers' benchmark data (`bench/peers/gen_data.sql`: 600 children of one authority
//! with realistic network sizes, professionals shared across their networks, and one
//! 2,000-person network in a second authority), read from the PostgreSQL database that
//! script fills and written into kinmap on the bulk path, each row with its audit event and
//! revision, so that kinmap, PostGraphile and PostgreSQL's own floor answer the same
//! question on the same people.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use entity::enums::{
    Circle, Confidence, ConnectionStatus, FamilySide, ParentKind, RelationshipKind,
    RelationshipQuality, Sex,
};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, Database, DatabaseConnection, DbBackend, QueryResult,
    Statement,
};
use uuid::Uuid;

use super::rows::{Membership, NewPerson, Rows, author};
use crate::{db::Db, error::ApiError, service::identity};

/// A child loaded: its authority's slug, case reference, id in kinmap and network size.
pub struct LoadedChild {
    pub organisation: String,
    pub case_reference: String,
    pub id: Uuid,
    pub members: usize,
}

/// What a load brought, and what it had to change to fit kinmap's rules.
pub struct Loaded {
    pub children: Vec<LoadedChild>,
    pub people: usize,
    pub relationships: usize,
    /// Relationships given another kind, since kinmap keeps one live relationship of a
    /// kind between two people and the peers' data repeats some.
    pub relabelled: usize,
    /// Relationships left out: every kind between the two was taken.
    pub skipped: usize,
}

struct SourcePerson {
    given: String,
    family: String,
    born: Option<String>,
    sex: Sex,
    phone: Option<String>,
    email: Option<String>,
}

struct SourceChild {
    authority: i32,
    person: i32,
    reference: String,
    entered_care_on: Option<NaiveDate>,
}

struct SourceTie {
    from: i32,
    to: i32,
    kind: String,
    status: String,
    started_on: Option<String>,
    ended_on: Option<String>,
    notes: Option<String>,
}

/// Reads the peers' database at `source` and writes each authority into kinmap as the
/// organisation `la<N>`, every child assigned to the user `subject`; one transaction per
/// authority.
pub async fn peers(db: &Db, source: &str, subject: &str) -> Result<Loaded, ApiError> {
    let from = Database::connect(source).await?;
    let authorities = query(&from, "SELECT id, name FROM local_authority ORDER BY id").await?;
    let people: HashMap<i32, SourcePerson> = query(
        &from,
        "SELECT id, given_name, family_name, to_char(birth_date, 'YYYY-MM-DD') AS born, \
         gender, phone, email FROM person",
    )
    .await?
    .into_iter()
    .map(|row| {
        let sex = match row.try_get::<Option<String>>("", "gender")?.as_deref() {
            Some("female") => Sex::Female,
            Some("male") => Sex::Male,
            Some("non-binary") => Sex::Other,
            _ => Sex::Unknown,
        };
        let person = SourcePerson {
            given: row.try_get("", "given_name")?,
            family: row.try_get("", "family_name")?,
            born: row.try_get("", "born")?,
            sex,
            phone: row.try_get("", "phone")?,
            email: row.try_get("", "email")?,
        };
        Ok((row.try_get("", "id")?, person))
    })
    .collect::<Result<_, sea_orm::DbErr>>()?;
    let children: BTreeMap<i32, SourceChild> = query(
        &from,
        "SELECT id, local_authority_id, person_id, case_reference, created_at::date AS entered \
         FROM child",
    )
    .await?
    .into_iter()
    .map(|row| {
        let child = SourceChild {
            authority: row.try_get("", "local_authority_id")?,
            person: row.try_get("", "person_id")?,
            reference: row.try_get("", "case_reference")?,
            entered_care_on: row.try_get("", "entered")?,
        };
        Ok((row.try_get("", "id")?, child))
    })
    .collect::<Result<_, sea_orm::DbErr>>()?;
    let members: Vec<(i32, i32, String)> = query(
        &from,
        "SELECT child_id, person_id, role FROM network_member WHERE role <> 'self' ORDER BY id",
    )
    .await?
    .into_iter()
    .map(|row| {
        Ok((
            row.try_get("", "child_id")?,
            row.try_get("", "person_id")?,
            row.try_get("", "role")?,
        ))
    })
    .collect::<Result<_, sea_orm::DbErr>>()?;
    let ties: Vec<SourceTie> = query(
        &from,
        "SELECT from_person_id, to_person_id, kind, status::text AS status, \
         to_char(started_on, 'YYYY-MM-DD') AS started, to_char(ended_on, 'YYYY-MM-DD') AS ended, \
         notes FROM relationship ORDER BY id",
    )
    .await?
    .into_iter()
    .map(|row| {
        Ok(SourceTie {
            from: row.try_get("", "from_person_id")?,
            to: row.try_get("", "to_person_id")?,
            kind: row.try_get("", "kind")?,
            status: row.try_get("", "status")?,
            started_on: row.try_get("", "started")?,
            ended_on: row.try_get("", "ended")?,
            notes: row.try_get("", "notes")?,
        })
    })
    .collect::<Result<_, sea_orm::DbErr>>()?;
    from.close().await?;

    // A member's connection status follows the status of the first relationship they
    // have, as the reference loader of the peers' kit decided it.
    let mut first_status: HashMap<i32, &str> = HashMap::new();
    for tie in &ties {
        first_status.entry(tie.from).or_insert(&tie.status);
    }
    // Every person belongs to the authority of the children whose networks they are in.
    let mut authority_of: HashMap<i32, i32> = HashMap::new();
    for child in children.values() {
        authority_of.insert(child.person, child.authority);
    }
    for (child, person, _) in &members {
        if let Some(child) = children.get(child) {
            authority_of.insert(*person, child.authority);
        }
    }

    let mut loaded = Loaded {
        children: Vec::new(),
        people: 0,
        relationships: 0,
        relabelled: 0,
        skipped: 0,
    };
    for row in authorities {
        let authority: i32 = row.try_get("", "id")?;
        let name: String = row.try_get("", "name")?;
        let slug = format!("la{authority}");
        let txn = db.begin_write().await?;
        identity::configure_organisation(txn.conn(), &slug, &name).await?;
        let author = author(txn.conn(), &slug, subject, None).await?;
        let mut rows = Rows::default();
        let mut ids: HashMap<i32, Uuid> = HashMap::new();
        let mut sorted: Vec<(&i32, &SourcePerson)> = people
            .iter()
            .filter(|(id, _)| authority_of.get(id) == Some(&authority))
            .collect();
        sorted.sort_by_key(|(id, _)| **id);
        for (id, person) in sorted {
            let uuid = rows.person(NewPerson {
                given: &person.given,
                family: &person.family,
                sex: Some(person.sex),
                born: person.born.as_deref(),
                deceased: false,
                other_names: Vec::new(),
                area: None,
                phone: person.phone.as_deref(),
                email: person.email.as_deref(),
            });
            ids.insert(*id, uuid);
        }
        let mut child_ids: HashMap<i32, Uuid> = HashMap::new();
        for (number, child) in children.iter().filter(|(_, c)| c.authority == authority) {
            let Some(person) = ids.get(&child.person) else {
                continue;
            };
            let id = rows.child(
                *person,
                child.reference.clone(),
                child.entered_care_on,
                &[author.user_id],
            );
            child_ids.insert(*number, id);
        }
        let mut sizes: HashMap<i32, usize> = HashMap::new();
        for (child, person, role) in &members {
            let (Some(child_id), Some(person_id)) = (child_ids.get(child), ids.get(person)) else {
                continue;
            };
            *sizes.entry(*child).or_default() += 1;
            let status = match (role.as_str(), first_status.get(person).copied()) {
                ("professional", _) | (_, Some("active") | None) => ConnectionStatus::Active,
                (_, Some("unknown")) => ConnectionStatus::NotYetContacted,
                _ => ConnectionStatus::Lost,
            };
            let side = match (role.as_str(), person % 2) {
                ("family", 0) => FamilySide::Maternal,
                ("family", _) => FamilySide::Paternal,
                _ => FamilySide::None,
            };
            let circle = match role.as_str() {
                "family" | "carer" => Circle::Inner,
                "friend" => Circle::Middle,
                _ => Circle::Outer,
            };
            let roles = match role.as_str() {
                "family" | "friend" => vec!["EMOTIONAL".to_owned()],
                "carer" => vec!["PRACTICAL".to_owned(), "RESPITE".to_owned()],
                "community" => vec!["PRACTICAL".to_owned()],
                _ => Vec::new(),
            };
            let membership = Membership {
                roles,
                ..Membership::default()
            };
            rows.member(*child_id, *person_id, status, side, circle, membership);
        }
        let mut taken: HashSet<(Uuid, Uuid, RelationshipKind)> = HashSet::new();
        for tie in &ties {
            let (Some(from), Some(to)) = (ids.get(&tie.from), ids.get(&tie.to)) else {
                continue;
            };
            let wanted = relationship_kind(&tie.kind);
            // The kind asked for, else the first free one of the social kinds after it.
            let free = std::iter::successors(Some(wanted), |kind| Some(next_kind(*kind)))
                .take(RELABEL_CYCLE + 1)
                .find(|kind| taken.insert((*from, *to, *kind)));
            let Some(kind) = free else {
                loaded.skipped += 1;
                continue;
            };
            loaded.relabelled += usize::from(kind != wanted);
            let parent_kind =
                (kind == RelationshipKind::Parent).then_some(match tie.kind.as_str() {
                    "step-parent" => ParentKind::Step,
                    _ => ParentKind::Birth,
                });
            let (quality, confidence) = match tie.status.as_str() {
                "active" => (RelationshipQuality::Ordinary, Confidence::Confirmed),
                "unknown" => (RelationshipQuality::Ordinary, Confidence::Possible),
                _ => (RelationshipQuality::Distant, Confidence::Confirmed),
            };
            rows.relationships.push((
                entity::relationship::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    from_person_id: Set(*from),
                    to_person_id: Set(*to),
                    kind: Set(kind),
                    parent_kind: Set(parent_kind),
                    quality: Set(quality),
                    confidence: Set(confidence),
                    source: Set(Some("the peers' benchmark data".into())),
                    started_on: Set(tie.started_on.clone()),
                    ended_on: Set(tie.ended_on.clone()),
                    notes: Set(tie.notes.clone()),
                    ..Default::default()
                },
                None,
            ));
        }
        loaded.people += rows.people.len();
        loaded.relationships += rows.relationships.len();
        rows.write(txn.conn(), &author, "peers").await?;
        txn.commit().await?;
        for (number, id) in child_ids {
            loaded.children.push(LoadedChild {
                organisation: slug.clone(),
                case_reference: children[&number].reference.clone(),
                id,
                members: sizes.get(&number).copied().unwrap_or(0),
            });
        }
    }
    loaded
        .children
        .sort_by(|a, b| a.case_reference.cmp(&b.case_reference));
    Ok(loaded)
}

async fn query(from: &DatabaseConnection, sql: &str) -> Result<Vec<QueryResult>, ApiError> {
    Ok(from
        .query_all_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await?)
}

/// The peers' free-text kinds in kinmap's terms (grandparents, aunts, uncles and cousins
/// are relatives kinmap derives from parents, so a direct tie is `OTHER`).
fn relationship_kind(kind: &str) -> RelationshipKind {
    match kind {
        "mother" | "father" | "step-parent" => RelationshipKind::Parent,
        "sibling" | "half-sibling" => RelationshipKind::Sibling,
        "foster carer" => RelationshipKind::Carer,
        "social worker" => RelationshipKind::Professional,
        "teacher" | "designated teacher" => RelationshipKind::Teacher,
        "friend" | "family friend" => RelationshipKind::Friend,
        "neighbour" => RelationshipKind::Neighbour,
        "mentor" => RelationshipKind::Mentor,
        _ => RelationshipKind::Other,
    }
}

/// How many kinds a repeated relationship may be moved through before it is left out.
const RELABEL_CYCLE: usize = 6;

/// The kind a repeated relationship moves to: through the social kinds, as the peers'
/// reference loader did.
fn next_kind(kind: RelationshipKind) -> RelationshipKind {
    match kind {
        RelationshipKind::Other => RelationshipKind::Friend,
        RelationshipKind::Friend => RelationshipKind::Neighbour,
        RelationshipKind::Neighbour => RelationshipKind::Mentor,
        RelationshipKind::Mentor => RelationshipKind::Carer,
        RelationshipKind::Carer => RelationshipKind::Teacher,
        _ => RelationshipKind::Other,
    }
}
