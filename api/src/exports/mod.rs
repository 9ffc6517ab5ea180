//! A child's network in the files other tools read: GEDCOM 7 and 5.5.1 for genealogy
//! programs, GraphML and JSON Graph for graph tools, DOT for Graphviz, CSV for
//! spreadsheets. Each is written from the domain's [`NetworkFile`], which already holds
//! only what the viewer may see and a file may carry; nothing here decides that.

mod csv;
mod dot;
pub(crate) mod gedcom;
mod graphml;
mod json_graph;

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, Uri},
    response::{IntoResponse, Response},
};
use sea_orm::ActiveEnum;
use serde::Deserialize;

use crate::{
    AppState,
    documents::{LOADS_NOTHING, document, viewer_and_id},
    error::{ApiError, http_response},
    service::exports::{self, FilePerson, NetworkFile},
};

pub use gedcom::Version as GedcomVersion;

/// A file of the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Gedcom(GedcomVersion),
    GraphMl,
    JsonGraph,
    Dot,
    PeopleCsv,
    RelationshipsCsv,
}

impl Format {
    /// The format a file name asks for, as `GET /children/{id}/{file}` names it.
    fn named(file: &str, version: Option<&str>) -> Result<Option<Self>, ApiError> {
        Ok(Some(match file {
            "network.ged" => Format::Gedcom(match version {
                None | Some("7" | "7.0") => GedcomVersion::Seven,
                Some("5.5.1") => GedcomVersion::FiveFiveOne,
                Some(_) => {
                    return Err(ApiError::bad_input("version", "version is 7 or 5.5.1"));
                }
            }),
            "network.graphml" => Format::GraphMl,
            "network.json" => Format::JsonGraph,
            "network.dot" => Format::Dot,
            "people.csv" => Format::PeopleCsv,
            "relationships.csv" => Format::RelationshipsCsv,
            _ => return Ok(None),
        }))
    }

    fn media_type(self) -> &'static str {
        match self {
            Format::Gedcom(GedcomVersion::Seven) => "text/vnd.familysearch.gedcom; charset=utf-8",
            Format::Gedcom(GedcomVersion::FiveFiveOne) => "application/x-gedcom; charset=utf-8",
            Format::GraphMl => "application/graphml+xml; charset=utf-8",
            Format::JsonGraph => "application/vnd.jgf+json",
            Format::Dot => "text/vnd.graphviz; charset=utf-8",
            Format::PeopleCsv | Format::RelationshipsCsv => {
                "text/csv; charset=utf-8; header=present"
            }
        }
    }

    fn file_name(self, file: &NetworkFile) -> String {
        match self {
            Format::Gedcom(_) => file.file_name("ged"),
            Format::GraphMl => file.file_name("graphml"),
            Format::JsonGraph => file.file_name("json"),
            Format::Dot => file.file_name("dot"),
            Format::PeopleCsv => file.file_name("people.csv"),
            Format::RelationshipsCsv => file.file_name("relationships.csv"),
        }
    }

    /// The file's bytes.
    pub fn write(self, file: &NetworkFile) -> Result<Vec<u8>, ApiError> {
        match self {
            Format::Gedcom(version) => Ok(gedcom::write(file, version).into_bytes()),
            Format::GraphMl => Ok(graphml::write(file).into_bytes()),
            Format::JsonGraph => json_graph::write(file),
            Format::Dot => Ok(dot::write(file).into_bytes()),
            Format::PeopleCsv => csv::people(file),
            Format::RelationshipsCsv => csv::relationships(file),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct FileQuery {
    version: Option<String>,
}

/// `GET /children/{id}/{file}`: `network.ged` (`?version=5.5.1` for GEDCOM 5.5.1),
/// `network.graphml`, `network.json`, `network.dot`, `people.csv`, `relationships.csv`.
pub async fn network_file(
    State(state): State<AppState>,
    Path((id, name)): Path<(String, String)>,
    Query(query): Query<FileQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let (viewer, id) = match viewer_and_id(
        &state,
        &uri,
        &headers,
        &id,
        "child",
        crate::service::access::Via::Export,
    )
    .await
    {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let format = match Format::named(&name, query.version.as_deref()) {
        Ok(Some(format)) => format,
        Ok(None) => return axum::http::StatusCode::NOT_FOUND.into_response(),
        Err(error) => return http_response(error),
    };
    let written = exports::network_file(&state.db, &viewer, id)
        .await
        .and_then(|file| Ok((format.write(&file)?, format.file_name(&file))));
    match written {
        Ok((body, name)) => document(body, format.media_type(), Some(&name), LOADS_NOTHING),
        Err(error) => http_response(error),
    }
}

/// A stored enumeration as the API names it: `MATERNAL`, `NOT_YET_CONTACTED`.
fn named<T: ActiveEnum<Value = String>>(value: T) -> String {
    value.to_value()
}

/// An attribute's value, typed for the formats that type them.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Text(String),
    Flag(bool),
}

/// The attributes every graph format gives a person, in this order, by name; each format
/// declares all of them and writes those a person has.
const PERSON_KEYS: &[(&str, bool)] = &[
    ("name", false),
    ("given_name", false),
    ("family_name", false),
    ("sex", false),
    ("birth_date", false),
    ("deceased", true),
    ("child", true),
    ("kinship", false),
    ("side", false),
    ("circle", false),
    ("status", false),
    ("restriction", false),
    ("location_protected", true),
    ("known_to_child_as", false),
    ("roles", false),
    ("area", false),
    ("phone", false),
    ("email", false),
    ("address", false),
];

/// The attributes of every relationship, as [`PERSON_KEYS`].
const RELATIONSHIP_KEYS: &[(&str, bool)] = &[
    ("kind", false),
    ("parent_kind", false),
    ("quality", false),
    ("confidence", false),
    ("started_on", false),
    ("ended_on", false),
    ("ended", true),
];

fn text(value: Option<&str>) -> Option<Value> {
    value
        .filter(|text| !text.is_empty())
        .map(|text| Value::Text(text.to_owned()))
}

/// A person's attributes, by [`PERSON_KEYS`]' names.
fn person_attributes(person: &FilePerson) -> Vec<(&'static str, Value)> {
    let record = person.person.person();
    let member = person.member.as_ref();
    let contact = person.person.contact();
    let roles = member
        .map(|m| {
            crate::service::network::roles_of(m)
                .into_iter()
                .filter_map(|role| serde_json::to_value(role).ok())
                .filter_map(|role| role.as_str().map(str::to_owned))
                .collect::<Vec<_>>()
                .join(";")
        })
        .filter(|roles| !roles.is_empty());
    let values = [
        ("name", Some(Value::Text(display_name(person)))),
        ("given_name", text(record.given_name.as_deref())),
        ("family_name", text(record.family_name.as_deref())),
        ("sex", record.sex.map(|sex| Value::Text(named(sex)))),
        ("birth_date", text(record.birth_date.as_deref())),
        ("deceased", Some(Value::Flag(record.deceased))),
        ("child", Some(Value::Flag(member.is_none()))),
        ("kinship", text(person.relation.as_deref())),
        ("side", member.map(|m| Value::Text(named(m.side)))),
        ("circle", member.map(|m| Value::Text(named(m.circle)))),
        (
            "status",
            member.map(|m| Value::Text(named(m.connection_status))),
        ),
        (
            "restriction",
            member.map(|m| Value::Text(named(m.restriction))),
        ),
        (
            "location_protected",
            Some(Value::Flag(person.person.location_protected())),
        ),
        (
            "known_to_child_as",
            text(member.and_then(|m| m.known_to_child_as.as_deref())),
        ),
        ("roles", roles.map(Value::Text)),
        ("area", text(person.person.area())),
        ("phone", text(contact.and_then(|c| c.phone))),
        ("email", text(contact.and_then(|c| c.email))),
        ("address", text(contact.and_then(|c| c.address))),
    ];
    values
        .into_iter()
        .filter_map(|(key, value)| value.map(|value| (key, value)))
        .collect()
}

/// A relationship's attributes, by [`RELATIONSHIP_KEYS`]' names.
fn relationship_attributes(
    relationship: &entity::relationship::View,
) -> Vec<(&'static str, Value)> {
    let values = [
        ("kind", Some(Value::Text(named(relationship.kind)))),
        (
            "parent_kind",
            relationship
                .parent_kind
                .map(|kind| Value::Text(named(kind))),
        ),
        ("quality", Some(Value::Text(named(relationship.quality)))),
        (
            "confidence",
            Some(Value::Text(named(relationship.confidence))),
        ),
        ("started_on", text(relationship.started_on.as_deref())),
        ("ended_on", text(relationship.ended_on.as_deref())),
        ("ended", Some(Value::Flag(relationship.ended_on.is_some()))),
    ];
    values
        .into_iter()
        .filter_map(|(key, value)| value.map(|value| (key, value)))
        .collect()
}

fn display_name(person: &FilePerson) -> String {
    crate::service::people::display_name(person.person.person())
}
