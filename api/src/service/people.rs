//! People: creating, changing and finding the persons in networks.

use chrono::Utc;
use entity::{
    enums::{NameKind, Sex},
    person, person_name,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    service::{
        Viewer, access,
        ids::PersonId,
        validate::{self, NAME_MAX, NOTES_MAX, Patch, SHORT_TEXT_MAX},
        versioned,
    },
};

/// Another name a person is or was known by.
#[derive(Clone, Debug)]
pub struct OtherName {
    pub name: String,
    pub kind: NameKind,
}

/// A person to record. Texts are checked (trimmed, bounded) here, not by the caller.
#[derive(Clone, Debug, Default)]
pub struct NewPerson {
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub preferred_name: Option<String>,
    pub other_names: Option<Vec<OtherName>>,
    pub sex: Option<Sex>,
    /// EDTF, checked here.
    pub birth_date: Option<String>,
    pub deceased: Option<bool>,
    pub area: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
}

/// A change to a person's record, based on the version the client read.
#[derive(Clone, Debug, Default)]
pub struct PersonChange {
    pub version: i32,
    pub given_name: Patch<String>,
    pub family_name: Patch<String>,
    pub preferred_name: Patch<String>,
    /// Replaces every other name when given.
    pub other_names: Option<Vec<OtherName>>,
    pub sex: Patch<Sex>,
    pub birth_date: Patch<String>,
    pub deceased: Option<bool>,
    pub area: Patch<String>,
    pub phone: Patch<String>,
    pub email: Patch<String>,
    pub address: Patch<String>,
    pub notes: Patch<String>,
}

/// Most other names a person may carry.
const OTHER_NAMES_MAX: usize = 20;

/// The validated, stored form of a person's names.
struct Names {
    other: Vec<(String, entity::enums::NameKind)>,
}

fn other_names(input: Option<Vec<OtherName>>) -> Result<Names, ApiError> {
    let input = input.unwrap_or_default();
    if input.len() > OTHER_NAMES_MAX {
        return Err(ApiError::bad_input(
            "otherNames",
            format!("a person may have at most {OTHER_NAMES_MAX} other names"),
        ));
    }
    let mut other = Vec::with_capacity(input.len());
    for name in input {
        let text = validate::required_text("otherNames", name.name, NAME_MAX)?;
        other.push((text, name.kind));
    }
    Ok(Names { other })
}

fn name_key(person: &person::ActiveModel, other: &[(String, entity::enums::NameKind)]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for field in [
        &person.given_name,
        &person.family_name,
        &person.preferred_name,
    ] {
        if let Some(Some(value)) = field.try_as_ref() {
            parts.push(value.clone());
        }
    }
    parts.extend(other.iter().map(|(name, _)| name.clone()));
    validate::name_key(&parts.join(" "))
}

/// A new person's row and other names, checked (trimmed, bounded, at least one name) and not
/// yet written: for [`insert`], and for an import, which writes many at once.
pub fn new_row(
    input: NewPerson,
) -> Result<(person::ActiveModel, Vec<(String, NameKind)>), ApiError> {
    let names = other_names(input.other_names)?;
    let given_name = validate::text("givenName", input.given_name, NAME_MAX)?;
    let family_name = validate::text("familyName", input.family_name, NAME_MAX)?;
    let preferred_name = validate::text("preferredName", input.preferred_name, NAME_MAX)?;
    if given_name.is_none() && family_name.is_none() && preferred_name.is_none() {
        return Err(ApiError::bad_input(
            "givenName",
            "a person needs at least one of givenName, familyName or preferredName",
        ));
    }
    let mut active = person::ActiveModel {
        given_name: Set(given_name),
        family_name: Set(family_name),
        preferred_name: Set(preferred_name),
        sex: Set(input.sex),
        birth_date: Set(validate::edtf("birthDate", input.birth_date)?),
        deceased: Set(input.deceased.unwrap_or(false)),
        area: Set(validate::text("area", input.area, SHORT_TEXT_MAX)?),
        phone: Set(validate::text("phone", input.phone, SHORT_TEXT_MAX)?),
        email: Set(validate::text("email", input.email, SHORT_TEXT_MAX)?),
        address: Set(validate::text("address", input.address, SHORT_TEXT_MAX)?),
        notes: Set(validate::text("notes", input.notes, NOTES_MAX)?),
        name_key: Set(String::new()),
        merged_into_id: Set(None),
        ..Default::default()
    };
    active.name_key = Set(name_key(&active, &names.other));
    Ok((active, names.other))
}

/// Inserts a person (within the caller's transaction) and records it.
pub async fn insert(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    input: NewPerson,
    child_id: Option<Uuid>,
) -> Result<person::Model, ApiError> {
    let (active, other) = new_row(input)?;
    let person = versioned::create(db, viewer, active, child_id).await?;
    insert_other_names(db, viewer, person.id, &other).await?;
    Ok(person)
}

async fn insert_other_names(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    person_id: Uuid,
    names: &[(String, NameKind)],
) -> Result<(), ApiError> {
    let rows = names
        .iter()
        .map(|(name, kind)| other_name(person_id, name.clone(), *kind))
        .collect();
    versioned::create_parts(db, viewer, rows).await?;
    Ok(())
}

/// The name to show: preferred or given name, then family name.
pub fn display_name(person: &person::View) -> String {
    let first = person
        .preferred_name
        .as_deref()
        .or(person.given_name.as_deref());
    [first, person.family_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A new other name of a person's, to be created with [`versioned::create_parts`]: a part
/// of the person's record, recorded with it.
pub fn other_name(person_id: Uuid, name: String, kind: NameKind) -> person_name::ActiveModel {
    person_name::ActiveModel {
        person_id: Set(person_id),
        name_key: Set(validate::name_key(&name)),
        name: Set(name),
        kind: Set(kind),
        ..Default::default()
    }
}

/// Changes a person's record, based on the version the client read.
pub async fn update(
    db: &Db,
    viewer: &Viewer,
    id: PersonId,
    input: PersonChange,
) -> Result<person::Model, ApiError> {
    let id = id.uuid();
    let txn = db.begin_write().await?;
    let before = access::writable_person(txn.conn(), viewer, id).await?;
    versioned::check_version("person", before.version, input.version)?;
    let mut active: person::ActiveModel = before.clone().into();

    if let Some(value) = input.given_name.update() {
        active.given_name = Set(validate::text("givenName", value, NAME_MAX)?);
    }
    if let Some(value) = input.family_name.update() {
        active.family_name = Set(validate::text("familyName", value, NAME_MAX)?);
    }
    if let Some(value) = input.preferred_name.update() {
        active.preferred_name = Set(validate::text("preferredName", value, NAME_MAX)?);
    }
    if let Some(value) = input.sex.update() {
        active.sex = Set(value);
    }
    if let Some(value) = input.birth_date.update() {
        active.birth_date = Set(validate::edtf("birthDate", value)?);
    }
    if let Some(value) = input.deceased {
        active.deceased = Set(value);
    }
    if let Some(value) = input.area.update() {
        active.area = Set(validate::text("area", value, SHORT_TEXT_MAX)?);
    }
    if let Some(value) = input.phone.update() {
        active.phone = Set(validate::text("phone", value, SHORT_TEXT_MAX)?);
    }
    if let Some(value) = input.email.update() {
        active.email = Set(validate::text("email", value, SHORT_TEXT_MAX)?);
    }
    if let Some(value) = input.address.update() {
        active.address = Set(validate::text("address", value, SHORT_TEXT_MAX)?);
    }
    if let Some(value) = input.notes.update() {
        active.notes = Set(validate::text("notes", value, NOTES_MAX)?);
    }
    let has_name = [
        &active.given_name,
        &active.family_name,
        &active.preferred_name,
    ]
    .iter()
    .any(|field| matches!(field.try_as_ref(), Some(Some(_))));
    if !has_name {
        return Err(ApiError::bad_input(
            "givenName",
            "a person needs at least one of givenName, familyName or preferredName",
        ));
    }

    let other = match input.other_names {
        Some(names) => {
            let names = other_names(Some(names))?;
            replace_other_names(txn.conn(), viewer, id, &names.other).await?;
            names.other
        }
        None => current_other_names(txn.conn(), id).await?,
    };
    active.name_key = Set(name_key(&active, &other));
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

async fn current_other_names(
    db: &impl ConnectionTrait,
    person_id: Uuid,
) -> Result<Vec<(String, entity::enums::NameKind)>, ApiError> {
    let rows = person_name::Entity::find()
        .filter(person_name::Column::PersonId.eq(person_id))
        .filter(person_name::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|row| (row.name, row.kind)).collect())
}

/// Other names are replaced as a set; the old rows are marked removed, not deleted.
async fn replace_other_names(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    person_id: Uuid,
    names: &[(String, entity::enums::NameKind)],
) -> Result<(), ApiError> {
    let now = Utc::now();
    person_name::Entity::update_many()
        .set(person_name::ActiveModel {
            deleted_at: Set(Some(now)),
            deleted_by: Set(Some(viewer.user_id)),
            ..Default::default()
        })
        .filter(person_name::Column::PersonId.eq(person_id))
        .filter(person_name::Column::DeletedAt.is_null())
        .exec(db)
        .await?;
    insert_other_names(db, viewer, person_id, names).await
}

/// Persons the viewer may see whose names (other names included) contain every word of
/// `query`, ignoring case and accents.
pub async fn search(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    query: &str,
    limit: u64,
) -> Result<Vec<person::Model>, ApiError> {
    let key = validate::name_key(query);
    let words: Vec<&str> = key.split_whitespace().collect();
    if key.chars().count() < 2 {
        return Err(ApiError::bad_input(
            "query",
            "a search needs at least two letters",
        ));
    }
    if words.len() > 8 {
        return Err(ApiError::bad_input(
            "query",
            "a search may have at most 8 words",
        ));
    }
    let mut select = person::Entity::find().filter(access::readable_people(viewer));
    for word in words {
        // Name keys hold only letters, digits and single spaces, so a word carries no
        // LIKE wildcard.
        select = select.filter(person::Column::NameKey.contains(word));
    }
    Ok(select
        .order_by_asc(person::Column::FamilyName)
        .order_by_asc(person::Column::GivenName)
        .order_by_asc(person::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}
