//! CSV (RFC 4180, UTF-8, a header row): one row a person and one a relationship, joined by
//! the people's ids; cells that a spreadsheet would run as a formula are made text.

use crate::{documents::cell, error::ApiError, service::exports::NetworkFile};

use super::{PERSON_KEYS, RELATIONSHIP_KEYS, Value, person_attributes, relationship_attributes};

fn shown(value: Option<&Value>) -> String {
    match value {
        Some(Value::Text(text)) => cell(text),
        Some(Value::Flag(flag)) => flag.to_string(),
        None => String::new(),
    }
}

fn finish(out: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, ApiError> {
    out.into_inner()
        .map_err(|error| ApiError::internal(error.into_error()))
}

/// `people.csv`: `person_id`, then every person attribute.
pub fn people(file: &NetworkFile) -> Result<Vec<u8>, ApiError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = ["person_id"]
        .into_iter()
        .chain(PERSON_KEYS.iter().map(|(key, _)| *key));
    out.write_record(header).map_err(ApiError::internal)?;
    for person in &file.people {
        let attributes = person_attributes(person);
        let row = [person.person.person().id.to_string()].into_iter().chain(
            PERSON_KEYS
                .iter()
                .map(|(key, _)| shown(attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v))),
        );
        out.write_record(row).map_err(ApiError::internal)?;
    }
    finish(out)
}

/// `relationships.csv`: `relationship_id`, `from_person_id`, `to_person_id`, then every
/// relationship attribute.
pub fn relationships(file: &NetworkFile) -> Result<Vec<u8>, ApiError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = ["relationship_id", "from_person_id", "to_person_id"]
        .into_iter()
        .chain(RELATIONSHIP_KEYS.iter().map(|(key, _)| *key));
    out.write_record(header).map_err(ApiError::internal)?;
    for relationship in &file.relationships {
        let attributes = relationship_attributes(relationship);
        let row = [
            relationship.id.to_string(),
            relationship.from_person_id.to_string(),
            relationship.to_person_id.to_string(),
        ]
        .into_iter()
        .chain(
            RELATIONSHIP_KEYS
                .iter()
                .map(|(key, _)| shown(attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v))),
        );
        out.write_record(row).map_err(ApiError::internal)?;
    }
    finish(out)
}
