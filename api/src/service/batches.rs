//! Reads by many keys at once, each scoped to an organisation: what a response needs is
//! fetched in one statement per kind, however large the network. The request's loaders
//! batch and cache these; network reads call them directly. Visibility within the
//! organisation is decided by the path that reached the key.

use std::collections::HashMap;

use entity::{
    app_user, assignment, child, enums::Restriction, network_member, person, person_name,
    search_activity,
};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::db::Db;

/// Groups rows by key, with an empty list for every key that has none: the cache then
/// remembers "nothing" as an answer instead of asking again.
fn group<K: std::hash::Hash + Eq + Clone, V>(
    keys: &[K],
    rows: impl IntoIterator<Item = (K, V)>,
) -> HashMap<K, Vec<V>> {
    let mut grouped: HashMap<K, Vec<V>> =
        keys.iter().map(|key| (key.clone(), Vec::new())).collect();
    for (key, value) in rows {
        grouped.entry(key).or_default().push(value);
    }
    grouped
}

/// Like [`group`], leaving out rows whose key was not asked for (a statement that reads by
/// one part of a pair of keys finds others).
fn of_wanted<K: std::hash::Hash + Eq + Clone, V>(
    keys: &[K],
    rows: impl IntoIterator<Item = (K, V)>,
) -> HashMap<K, Vec<V>> {
    let wanted: std::collections::HashSet<&K> = keys.iter().collect();
    let rows: Vec<(K, V)> = rows
        .into_iter()
        .filter(|(key, _)| wanted.contains(key))
        .collect();
    group(keys, rows)
}

/// Persons by id.
pub mod people {
    use super::*;

    /// The live persons among `keys`, in the organisation.
    pub async fn fetch(
        db: &Db,
        organisation_id: Uuid,
        keys: &[Uuid],
    ) -> Result<HashMap<Uuid, person::View>, DbErr> {
        let rows = person::Entity::find()
            .filter(person::Column::OrganisationId.eq(organisation_id))
            .filter(db.one_of(person::Column::Id, keys))
            .filter(person::Column::DeletedAt.is_null())
            .into_partial_model::<person::View>()
            .all(&db.conn)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}

/// A person's other names, oldest first.
pub mod other_names {
    use super::*;

    /// The live other names of each of `keys` (an empty list for none).
    pub async fn fetch(
        db: &Db,
        organisation_id: Uuid,
        keys: &[Uuid],
    ) -> Result<HashMap<Uuid, Vec<person_name::View>>, DbErr> {
        let rows = person_name::Entity::find()
            .filter(person_name::Column::OrganisationId.eq(organisation_id))
            .filter(db.one_of(person_name::Column::PersonId, keys))
            .filter(person_name::Column::DeletedAt.is_null())
            .order_by_asc(person_name::Column::Id)
            .into_partial_model::<person_name::View>()
            .all(&db.conn)
            .await?;
        Ok(group(
            keys,
            rows.into_iter().map(|row| (row.person_id, row)),
        ))
    }
}

/// Users by id.
pub mod users {
    use super::*;

    pub async fn fetch(
        db: &Db,
        organisation_id: Uuid,
        keys: &[Uuid],
    ) -> Result<HashMap<Uuid, app_user::Model>, DbErr> {
        let rows = app_user::Entity::find()
            .filter(app_user::Column::OrganisationId.eq(organisation_id))
            .filter(db.one_of(app_user::Column::Id, keys))
            .all(&db.conn)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}

/// Children by id.
pub mod children {
    use super::*;

    pub async fn fetch(
        db: &Db,
        organisation_id: Uuid,
        keys: &[Uuid],
    ) -> Result<HashMap<Uuid, child::Model>, DbErr> {
        let rows = child::Entity::find()
            .filter(child::Column::OrganisationId.eq(organisation_id))
            .filter(db.one_of(child::Column::Id, keys))
            .filter(child::Column::DeletedAt.is_null())
            .all(&db.conn)
            .await?;
        Ok(rows.into_iter().map(|row| (row.id, row)).collect())
    }
}

/// The live assignments of a child.
pub mod assignments {
    use super::*;

    pub async fn fetch(
        db: &Db,
        organisation_id: Uuid,
        keys: &[Uuid],
    ) -> Result<HashMap<Uuid, Vec<assignment::Model>>, DbErr> {
        let rows = assignment::Entity::find()
            .filter(assignment::Column::OrganisationId.eq(organisation_id))
            .filter(db.one_of(assignment::Column::ChildId, keys))
            .filter(assignment::Column::DeletedAt.is_null())
            .order_by_asc(assignment::Column::Id)
            .all(&db.conn)
            .await?;
        Ok(group(keys, rows.into_iter().map(|row| (row.child_id, row))))
    }
}

/// For a person, the children in whose networks their location must not be disclosed.
pub mod location_restrictions {
    use super::*;

    /// For each of `keys`, the children whose networks protect their location.
    pub async fn fetch(
        db: &Db,
        organisation_id: Uuid,
        keys: &[Uuid],
    ) -> Result<HashMap<Uuid, Vec<Uuid>>, DbErr> {
        let rows = network_member::Entity::find()
            .filter(network_member::Column::OrganisationId.eq(organisation_id))
            .filter(db.one_of(network_member::Column::PersonId, keys))
            .filter(network_member::Column::Restriction.eq(Restriction::DoNotDiscloseLocation))
            .filter(network_member::Column::DeletedAt.is_null())
            .all(&db.conn)
            .await?;
        Ok(group(
            keys,
            rows.into_iter().map(|row| (row.person_id, row.child_id)),
        ))
    }
}

/// The search activity about one person in one child's network, newest first.
pub mod searches {
    use super::*;

    /// Keyed by (child, person).
    pub async fn fetch(
        db: &Db,
        organisation_id: Uuid,
        keys: &[(Uuid, Uuid)],
    ) -> Result<HashMap<(Uuid, Uuid), Vec<search_activity::Model>>, DbErr> {
        let people: Vec<Uuid> = keys.iter().map(|key| key.1).collect();
        let rows = search_activity::Entity::find()
            .filter(search_activity::Column::OrganisationId.eq(organisation_id))
            .filter(db.one_of(search_activity::Column::PersonId, &people))
            .filter(search_activity::Column::DeletedAt.is_null())
            .order_by_desc(search_activity::Column::SearchedOn)
            .order_by_desc(search_activity::Column::Id)
            .all(&db.conn)
            .await?;
        Ok(of_wanted(
            keys,
            rows.into_iter()
                .map(|row| ((row.child_id, row.person_id), row)),
        ))
    }
}

/// Consents recorded, by (child, person): the child's own under the child's person.
pub mod consents {
    use super::*;
    use entity::consent;

    /// Newest first within each key.
    pub async fn fetch(
        db: &Db,
        organisation_id: Uuid,
        keys: &[(Uuid, Uuid)],
    ) -> Result<HashMap<(Uuid, Uuid), Vec<consent::Model>>, DbErr> {
        let mut children: Vec<Uuid> = keys.iter().map(|key| key.0).collect();
        children.sort();
        children.dedup();
        let rows = consent::Entity::find()
            .filter(consent::Column::OrganisationId.eq(organisation_id))
            .filter(db.one_of(consent::Column::ChildId, &children))
            .filter(consent::Column::DeletedAt.is_null())
            .order_by_desc(consent::Column::GivenOn)
            .order_by_desc(consent::Column::Id)
            .all(&db.conn)
            .await?;
        Ok(of_wanted(
            keys,
            rows.into_iter()
                .map(|row| ((row.child_id, row.person_id), row)),
        ))
    }
}
