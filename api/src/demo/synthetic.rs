//! Synthetic networks of any size, for tests and benchmarks.

use entity::enums;
use uuid::Uuid;

use super::rows::{Membership, NewPerson, Rows, author};
use crate::{db::Db, error::ApiError};

/// Builds a synthetic network of `size` people around one new child of the organisation
/// `org`, assigned to the user `subject`: a pedigree five generations deep, then aunts,
/// uncles, cousins and their partners, then friends. Deterministic for a given size.
/// Returns the child's id.
pub async fn synthetic(db: &Db, org: &str, subject: &str, size: usize) -> Result<Uuid, ApiError> {
    let txn = db.begin_write().await?;
    let author = author(txn.conn(), org, subject, None).await?;
    let user = author.user_id;
    let mut rows = Rows::default();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15 ^ size as u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    const GIVEN: [&str; 12] = [
        "Alex", "Bea", "Cal", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy", "Joy", "Kit", "Lou",
    ];
    const FAMILY: [&str; 8] = [
        "Ashby", "Brook", "Carter", "Dale", "Ellis", "Frost", "Grey", "Hale",
    ];
    let mut make = |rows: &mut Rows, generation: i32| {
        let n = next();
        let born = format!("{}", 2012 - 25 * generation + (n % 10) as i32);
        rows.person(NewPerson {
            given: GIVEN[(n % 12) as usize],
            family: FAMILY[((n >> 8) % 8) as usize],
            sex: Some(if n % 2 == 0 {
                enums::Sex::Female
            } else {
                enums::Sex::Male
            }),
            born: Some(&born),
            deceased: generation >= 4,
            other_names: if n % 5 == 0 {
                vec![(
                    format!(
                        "{} {}",
                        GIVEN[((n >> 4) % 12) as usize],
                        FAMILY[((n >> 12) % 8) as usize]
                    ),
                    enums::NameKind::Maiden,
                )]
            } else {
                Vec::new()
            },
            area: Some("Synthtown"),
            phone: None,
            email: None,
        })
    };
    let child_person = make(&mut rows, 0);
    let child_id = rows.child(
        child_person,
        format!("SYN-{}", Uuid::now_v7().simple()),
        None,
        &[user],
    );
    let statuses = [
        enums::ConnectionStatus::Active,
        enums::ConnectionStatus::Lost,
        enums::ConnectionStatus::NotYetContacted,
        enums::ConnectionStatus::Reestablished,
        enums::ConnectionStatus::Declined,
    ];
    let mut count = 1;
    // (person, generation, side); generation 1 is the parents.
    let mut lineage: Vec<(Uuid, i32, enums::FamilySide)> = Vec::new();
    let mut frontier = vec![(child_person, 0, enums::FamilySide::None)];
    while let Some((person, generation, side)) = frontier.pop() {
        if generation >= 5 || count + 2 > size {
            continue;
        }
        for (index, parent_side) in [enums::FamilySide::Maternal, enums::FamilySide::Paternal]
            .into_iter()
            .enumerate()
        {
            let side = if generation == 0 { parent_side } else { side };
            let parent = make(&mut rows, generation + 1);
            count += 1;
            rows.relationship(
                enums::RelationshipKind::Parent,
                Some(enums::ParentKind::Birth),
                parent,
                person,
                enums::RelationshipQuality::Ordinary,
                None,
            );
            rows.member(
                child_id,
                parent,
                statuses[(count + index) % statuses.len()],
                side,
                enums::Circle::Middle,
                Membership::default(),
            );
            lineage.push((parent, generation + 1, side));
            frontier.push((parent, generation + 1, side));
        }
    }
    // Descendants of the ancestors: each ancestor gains children, each of those a partner
    // and children, round after round until the network is full.
    let mut cursor = 0;
    while count < size && !lineage.is_empty() {
        let (ancestor, generation, side) = lineage[cursor % lineage.len()];
        cursor += 1;
        let kid = make(&mut rows, (generation - 1).max(0));
        count += 1;
        rows.relationship(
            enums::RelationshipKind::Parent,
            Some(enums::ParentKind::Birth),
            ancestor,
            kid,
            enums::RelationshipQuality::Ordinary,
            None,
        );
        rows.member(
            child_id,
            kid,
            statuses[count % statuses.len()],
            side,
            enums::Circle::Outer,
            Membership::default(),
        );
        if count < size && generation > 1 {
            let partner = make(&mut rows, (generation - 1).max(0));
            count += 1;
            rows.relationship(
                enums::RelationshipKind::Partner,
                None,
                kid,
                partner,
                enums::RelationshipQuality::Ordinary,
                None,
            );
            rows.member(
                child_id,
                partner,
                statuses[count % statuses.len()],
                enums::FamilySide::None,
                enums::Circle::Outer,
                Membership::default(),
            );
            lineage.push((kid, generation - 1, side));
        }
        if cursor > 4 * size {
            break;
        }
    }
    while count < size {
        let friend = make(&mut rows, 0);
        count += 1;
        rows.relationship(
            enums::RelationshipKind::Friend,
            None,
            child_person,
            friend,
            enums::RelationshipQuality::Close,
            None,
        );
        rows.member(
            child_id,
            friend,
            enums::ConnectionStatus::Active,
            enums::FamilySide::None,
            enums::Circle::Inner,
            Membership::default(),
        );
    }
    rows.write(txn.conn(), &author, "synthetic").await?;
    txn.commit().await?;
    Ok(child_id)
}
