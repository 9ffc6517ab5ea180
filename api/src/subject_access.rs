//! `GET /people/{id}/subject-access`: everything held about one person, as JSON, or as a
//! page to read and print where the request asks for HTML (`Accept: text/html`). What it
//! holds, and what is marked for review, comes from `service::subject_access`.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, Uri, header},
    response::Response,
};
use maud::{DOCTYPE, Markup, html};
use serde::Serialize;
use serde_json::Value;

use crate::{
    AppState,
    documents::{LOADS_NOTHING, PAGE, PRINT_STYLE, document, viewer_and_id},
    error::{ApiError, http_response},
    service::{
        access::Via,
        subject_access::{self, Held, SubjectAccess},
    },
};

/// `GET /people/{id}/subject-access`
pub async fn subject_access(
    State(state): State<AppState>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let (viewer, id) =
        match viewer_and_id(&state, &uri, &headers, &id, "person", Via::SubjectAccess).await {
            Ok(found) => found,
            Err(refusal) => return refusal,
        };
    let export = match subject_access::export(&state.db, &viewer, id).await {
        Ok(export) => export,
        Err(error) => return http_response(error),
    };
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if wants_html {
        return document(
            page(&export).into_string().into_bytes(),
            "text/html; charset=utf-8",
            None,
            PAGE,
        );
    }
    match serde_json::to_vec_pretty(&export) {
        Ok(body) => document(
            body,
            "application/json",
            Some(&format!("subject-access-{id}.json")),
            LOADS_NOTHING,
        ),
        Err(error) => http_response(ApiError::internal(error)),
    }
}

/// A stored name as a heading reads it: `connection_status` as "connection status".
fn words(key: &str) -> String {
    key.replace('_', " ")
}

fn value(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A record's fields, as a list of terms; nested records flattened one level.
fn fields(record: &impl Serialize) -> Markup {
    let json = serde_json::to_value(record).unwrap_or(Value::Null);
    let mut rows: Vec<(String, String)> = Vec::new();
    if let Value::Object(map) = json {
        for (key, field) in map {
            match field {
                Value::Object(inner) => {
                    for (inner_key, inner_field) in inner {
                        if !inner_field.is_null() {
                            rows.push((
                                format!("{} {}", words(&key), words(&inner_key)),
                                value(&inner_field),
                            ));
                        }
                    }
                }
                Value::Null => {}
                other => rows.push((words(&key), value(&other))),
            }
        }
    }
    html! { dl { @for (key, text) in &rows { dt { (key) } dd { (text) } } } }
}

fn section<T: Serialize>(title: &str, items: &[Held<T>]) -> Markup {
    html! {
        h2 { (title) " (" (items.len()) ")" }
        @for item in items {
            div.record {
                @if !item.review.is_empty() {
                    p.review { "For review: " (item.review.join("; ")) }
                }
                (fields(&item.record))
            }
        }
    }
}

fn page(export: &SubjectAccess) -> Markup {
    let person = &export.person;
    let name = [&person.given_name, &person.family_name]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                title { "Subject access: " (name) }
                style { (PRINT_STYLE) ".review { font-weight: bold; } .record { border-top: 1px solid #999; }" }
            }
            body {
                h1 { "Everything held about " (name) }
                p.muted {
                    "Produced " (export.produced_at.format("%-d %B %Y, %H:%M UTC")) " by " (export.produced_by)
                    ". Records marked for review hold other people's information: check them before this is sent."
                }
                h2 { "Their record" }
                (fields(person))
                h2 { "Other names (" (export.other_names.len()) ")" }
                @for other in &export.other_names { div.record { (fields(other)) } }
                (section("Places in children's networks", &export.memberships))
                (section("Relationships", &export.relationships))
                (section("Searches and contact attempts", &export.search_activities))
                (section("Consents", &export.consents))
                (section("Conference invitations", &export.invitations))
                h2 { "Changes to their records (" (export.revisions.len()) ")" }
                table {
                    tr { th { "When" } th { "Record" } th { "Version" } }
                    @for revision in &export.revisions {
                        tr { td { (revision.changed_at.format("%Y-%m-%d %H:%M")) } td { (words(&revision.entity_type)) } td { (revision.version) } }
                    }
                }
                h2 { "Who read their information (" (export.access_events.len()) ")" }
                table {
                    tr { th { "When" } th { "Who" } th { "What" } th { "How" } }
                    @for read in &export.access_events {
                        tr {
                            td { (read.at.format("%Y-%m-%d %H:%M")) }
                            td { (read.by.clone().unwrap_or_default()) }
                            td { (words(&read.action)) @if read.under_emergency_access { " (emergency access)" } }
                            td { (read.via.map(|via| format!("{via:?}")).unwrap_or_default()) }
                        }
                    }
                }
            }
        }
    }
}
