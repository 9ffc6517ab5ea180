//! JSON Graph Format v2 (jsongraphformat.info): nodes keyed by person id with their
//! attributes as metadata, edges with their kind as the relation.

use entity::enums::RelationshipKind;
use serde_json::{Map, Value as Json, json};

use crate::{error::ApiError, service::exports::NetworkFile};

use super::{Value, display_name, named, person_attributes, relationship_attributes};

fn metadata(attributes: Vec<(&'static str, Value)>) -> Json {
    let mut map = Map::new();
    for (key, value) in attributes {
        map.insert(
            key.to_owned(),
            match value {
                Value::Text(text) => Json::String(text),
                Value::Flag(flag) => Json::Bool(flag),
            },
        );
    }
    Json::Object(map)
}

pub fn write(file: &NetworkFile) -> Result<Vec<u8>, ApiError> {
    let mut nodes = Map::new();
    for person in &file.people {
        nodes.insert(
            person.person.person().id.to_string(),
            json!({
                "label": display_name(person),
                "metadata": metadata(person_attributes(person)),
            }),
        );
    }
    let edges: Vec<Json> = file
        .relationships
        .iter()
        .map(|relationship| {
            json!({
                "id": relationship.id.to_string(),
                "source": relationship.from_person_id.to_string(),
                "target": relationship.to_person_id.to_string(),
                "relation": named(relationship.kind),
                // A parent's tie runs from the parent to the child; the others both ways.
                "directed": relationship.kind == RelationshipKind::Parent,
                "metadata": metadata(relationship_attributes(relationship)),
            })
        })
        .collect();
    let child = file.people.first();
    let graph = json!({
        "graph": {
            "id": file.child.case_reference,
            "label": format!("The network of {}", child.map(display_name).unwrap_or_default()),
            "directed": true,
            "type": "kinmap network",
            "metadata": {
                "case_reference": file.child.case_reference,
                "child": child.map(|c| c.person.person().id.to_string()),
                "written_at": file.written_at.to_rfc3339(),
            },
            "nodes": nodes,
            "edges": edges,
        }
    });
    serde_json::to_vec(&graph).map_err(ApiError::internal)
}
