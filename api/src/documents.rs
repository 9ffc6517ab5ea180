//! A conference's documents, laid out for the tools people open them with: the invitation
//! list as CSV for a spreadsheet, the plan as a self-contained HTML page that prints on A4.
//! What they hold comes from `service::conferences::documents`, read as the viewer may see
//! it; nothing here decides what anyone may see.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, Uri, header},
    response::{IntoResponse, Response},
};
use maud::{DOCTYPE, Markup, html};
use uuid::Uuid;

use crate::service::access::Via;
use crate::{
    AppState,
    error::{ApiError, http_response},
    http::authenticate,
    policy::VisiblePerson,
    service::conferences::documents,
};

/// The viewer a document's request is from and the record it names, or the answer that
/// refuses it: the token is checked as GraphQL checks it, and an id that is not one is
/// `NOT_FOUND`, as a missing record is.
pub(crate) async fn viewer_and_id(
    state: &AppState,
    uri: &Uri,
    headers: &HeaderMap,
    id: &str,
    what: &'static str,
    via: crate::service::access::Via,
) -> Result<(crate::service::Viewer, Uuid), Response> {
    let viewer = authenticate(state, uri, headers).await?.through(via);
    let id = Uuid::parse_str(id).map_err(|_| http_response(ApiError::NotFound(what)))?;
    Ok((viewer, id))
}

/// `GET /conferences/{id}/invitations.csv`
pub async fn invitations_csv(
    State(state): State<AppState>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let (viewer, id) =
        match viewer_and_id(&state, &uri, &headers, &id, "conference", Via::Document).await {
            Ok(found) => found,
            Err(refusal) => return refusal,
        };
    let list = match documents::invitation_list(&state.db, &viewer, id).await {
        Ok(list) => list,
        Err(error) => return http_response(error),
    };
    match invitations_as_csv(&list) {
        Ok(body) => document(
            body,
            "text/csv; charset=utf-8",
            Some("invitations.csv"),
            LOADS_NOTHING,
        ),
        Err(error) => http_response(ApiError::internal(error)),
    }
}

/// `GET /conferences/{id}/plan.html`
pub async fn plan_html(
    State(state): State<AppState>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let (viewer, id) =
        match viewer_and_id(&state, &uri, &headers, &id, "conference", Via::Document).await {
            Ok(found) => found,
            Err(refusal) => return refusal,
        };
    match documents::plan(&state.db, &viewer, id).await {
        Ok(plan) => document(
            plan_page(&plan).into_string().into_bytes(),
            "text/html; charset=utf-8",
            None,
            PAGE,
        ),
        Err(error) => http_response(error),
    }
}

/// The policy of an answer that is data, not a page (a CSV, an SVG, an export): it may
/// load and run nothing.
pub(crate) const LOADS_NOTHING: &str = "default-src 'none'";
/// The policy of a printable page: its own inline style and nothing else.
pub(crate) const PAGE: &str = "default-src 'none'; style-src 'unsafe-inline'";

/// A document answer: never cached, never sniffed, and unable to load or run anything
/// beyond what `policy` allows; an attachment when it has a file name.
pub(crate) fn document(
    body: Vec<u8>,
    content_type: &'static str,
    attachment: Option<&str>,
    policy: &'static str,
) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(policy),
    );
    if let Some(name) = attachment
        && let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn display_name(person: Option<&VisiblePerson>) -> String {
    let Some(person) = person else {
        return "(not shown)".to_owned();
    };
    crate::service::people::display_name(person.person())
}

/// A cell a spreadsheet will not run: text that begins like a formula is read as text.
pub(crate) fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn invitations_as_csv(list: &documents::InvitationList) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "Name",
        "Role",
        "Takes part",
        "Status",
        "Reason",
        "Phone",
        "Email",
        "Address",
        "Area",
        "Prepared on",
        "Responded on",
        "Attended",
    ])?;
    for (invitation, person) in &list.rows {
        let contact = person.as_ref().and_then(VisiblePerson::contact);
        let text = |value: Option<&str>| cell(value.unwrap_or_default());
        let reason = person
            .as_ref()
            .and_then(|person| person.notes_about(invitation.excluded_reason.as_deref()));
        out.write_record([
            cell(&display_name(person.as_ref())),
            words(invitation.role),
            words(invitation.participation),
            words(invitation.status),
            text(reason),
            text(contact.and_then(|c| c.phone)),
            text(contact.and_then(|c| c.email)),
            text(contact.and_then(|c| c.address)),
            text(person.as_ref().and_then(VisiblePerson::area)),
            invitation
                .prepared_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
            invitation
                .responded_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
            if invitation.attended { "yes" } else { "no" }.to_owned(),
        ])?;
    }
    out.into_inner().map_err(|error| error.into_error().into())
}

/// A stored value in words: `SUPPORT_PERSON` as "support person".
fn words<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|value| {
            value
                .as_str()
                .map(|name| name.replace('_', " ").to_lowercase())
        })
        .unwrap_or_default()
}

pub(crate) const PRINT_STYLE: &str = "
@page { size: A4; margin: 18mm 16mm; }
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; color: #111; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 0.3mm solid #444; }
table { width: 100%; border-collapse: collapse; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 1.5mm 2mm; border-bottom: 0.2mm solid #999; }
th { font-size: 9.5pt; text-transform: uppercase; letter-spacing: 0.03em; }
dl { display: grid; grid-template-columns: 45mm 1fr; gap: 1mm 4mm; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; }
.muted { color: #555; }
";

fn plan_page(plan: &documents::PlanDocument) -> Markup {
    let conference = &plan.conference;
    let child = display_name(plan.child.as_ref());
    let case_note = |text: &Option<String>| -> Option<String> {
        plan.shows_case_notes.then(|| text.clone()).flatten()
    };
    html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                title { "Family Group Conference plan: " (child) }
                style { (PRINT_STYLE) }
            }
            body {
                h1 { "Family Group Conference plan" }
                p.muted { "For " (child) ". Stage: " (words(conference.status)) "." }
                h2 { "The conference" }
                dl {
                    dt { "Referred" } dd { (conference.referred_on) }
                    @if let Some(when) = conference.scheduled_for {
                        dt { "Held" } dd { (when.format("%-d %B %Y, %H:%M")) }
                    }
                    @if let Some(venue) = &conference.venue {
                        dt { "Venue" } dd { (venue) }
                    }
                    dt { "Plan agreed by the referrer" }
                    dd {
                        @if conference.plan_agreed_by_referrer {
                            "yes"
                            @if let Some(on) = conference.plan_agreed_on { ", on " (on) }
                        } @else { "not yet" }
                    }
                    dt { "Watches the plan" } dd { (display_name(plan.monitor.as_ref())) }
                    @if let Some(on) = conference.review_on {
                        dt { "Review" } dd { (on) }
                    }
                }
                @if let Some(lines) = case_note(&conference.bottom_lines) {
                    h2 { "The local authority's bottom lines" }
                    p { (lines) }
                }
                h2 { "The plan" }
                @if plan.actions.is_empty() {
                    p.muted { "No actions are recorded yet." }
                } @else {
                    table {
                        thead { tr { th { "What" } th { "Who" } th { "By" } th { "Checked by" } th { "Status" } } }
                        tbody {
                            @for planned in &plan.actions {
                                tr {
                                    td {
                                        @if let Some(text) = case_note(&Some(planned.action.description.clone())) {
                                            (text)
                                        } @else { span.muted { "(not shown)" } }
                                    }
                                    td { (display_name(planned.owner.as_ref())) }
                                    td { @if let Some(due) = planned.action.due_on { (due) } }
                                    td {
                                        @if planned.checker.is_some() { (display_name(planned.checker.as_ref())) }
                                    }
                                    td { (words(planned.action.status)) }
                                }
                            }
                        }
                    }
                }
                @if !plan.reviews.is_empty() {
                    h2 { "Reviews" }
                    table {
                        thead { tr { th { "Reviewed" } th { "Network" } th { "Actions done" } } }
                        tbody {
                            @for review in &plan.reviews {
                                @let done = crate::service::conferences::reviewed_actions(review)
                                    .iter()
                                    .filter(|a| a.status == entity::enums::ActionStatus::Done)
                                    .count();
                                tr {
                                    td { (review.reviewed_on) }
                                    td { (review.network_size) " people" }
                                    td { (done) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_that_looks_like_a_formula_is_kept_as_text() {
        for formula in ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)"] {
            assert!(cell(formula).starts_with('\''), "{formula}");
        }
        assert_eq!(cell("Carol Hartley"), "Carol Hartley");
        assert_eq!(
            words(entity::enums::InvitationRole::SupportPerson),
            "support person"
        );
    }
}
