//! The network's pictures as SVG, drawn from the domain's reading of them
//! (`service::pictures`) and the graph crate's geometry. Nothing here decides what anyone
//! may see; every name and label comes from the visible-person view.

mod ecomap;
mod genogram;

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, Uri},
    response::Response,
};
use entity::enums::{Circle, ConnectionStatus, FamilySide, Restriction};
use maud::{Markup, html};
use serde::Deserialize;
use uuid::Uuid;

pub use ecomap::ecomap;
pub use genogram::genogram;

use crate::{
    AppState,
    documents::{LOADS_NOTHING, document, viewer_and_id},
    error::{ApiError, http_response},
    service::{
        Viewer,
        pictures::{self, Drawn, Filters},
    },
};

/// The filters of a picture's URL: `?side=MATERNAL&circle=INNER&status=LOST`.
#[derive(Debug, Default, Deserialize)]
pub struct PictureQuery {
    side: Option<String>,
    circle: Option<String>,
    status: Option<String>,
    highlight: Option<String>,
}

fn parse<T: sea_orm::ActiveEnum<Value = String>>(
    field: &str,
    value: Option<String>,
) -> Result<Option<T>, ApiError> {
    value
        .map(|text| {
            T::try_from_value(&text.to_uppercase()).map_err(|_| {
                ApiError::bad_input(field, format!("{field} is not one of its values"))
            })
        })
        .transpose()
}

impl PictureQuery {
    pub fn filters(self) -> Result<Filters, ApiError> {
        Ok(Filters {
            side: parse("side", self.side)?,
            circle: parse("circle", self.circle)?,
            status: parse("status", self.status)?,
            highlight: self
                .highlight
                .map(|id| {
                    Uuid::parse_str(&id).map_err(|_| {
                        ApiError::bad_input("highlight", "highlight is not a valid id")
                    })
                })
                .transpose()?,
        })
    }
}

/// `GET /children/{id}/ecomap.svg`
pub async fn ecomap_svg(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<PictureQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    svg(
        state,
        id,
        query,
        uri,
        headers,
        |state, viewer, id, filters| async move {
            let picture = pictures::ecomap(&state.db, &viewer, id, filters).await?;
            Ok(ecomap(&picture))
        },
    )
    .await
}

/// `GET /children/{id}/genogram.svg`
pub async fn genogram_svg(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<PictureQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    svg(
        state,
        id,
        query,
        uri,
        headers,
        |state, viewer, id, filters| async move {
            let picture = pictures::genogram(&state.db, &viewer, id, filters).await?;
            Ok(genogram(&picture))
        },
    )
    .await
}

/// A picture's request: the viewer and the child from the token and the path, the filters
/// from the query, then the drawing as an SVG document.
async fn svg<Draw, Drawing>(
    state: AppState,
    id: String,
    query: PictureQuery,
    uri: Uri,
    headers: HeaderMap,
    draw: Draw,
) -> Response
where
    Draw: FnOnce(AppState, Viewer, Uuid, Filters) -> Drawing,
    Drawing: Future<Output = Result<Markup, ApiError>>,
{
    let (viewer, id) = match viewer_and_id(
        &state,
        &uri,
        &headers,
        &id,
        "child",
        crate::service::access::Via::Picture,
    )
    .await
    {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let filters = match query.filters() {
        Ok(filters) => filters,
        Err(error) => return http_response(error),
    };
    match draw(state, viewer, id, filters).await {
        // Styled by its own attributes, a picture needs no style sheet, script or anything
        // else, so a page can put it in its own document under a strict policy too.
        Ok(markup) => document(
            markup.into_string().into_bytes(),
            "image/svg+xml; charset=utf-8",
            None,
            LOADS_NOTHING,
        ),
        Err(error) => http_response(error),
    }
}

/// Connection status colours from the Okabe–Ito palette, which stays distinct to every
/// common form of colour blindness; the legend names each.
pub(crate) fn colour(status: ConnectionStatus) -> &'static str {
    match status {
        ConnectionStatus::Active => "#009E73",
        ConnectionStatus::Lost => "#E69F00",
        ConnectionStatus::NotYetContacted => "#56B4E9",
        ConnectionStatus::Reestablished => "#0072B2",
        ConnectionStatus::Declined => "#CC79A7",
        ConnectionStatus::Deceased => "#999999",
    }
}

fn status_words(status: ConnectionStatus) -> &'static str {
    match status {
        ConnectionStatus::Active => "in touch",
        ConnectionStatus::Lost => "lost",
        ConnectionStatus::NotYetContacted => "not yet contacted",
        ConnectionStatus::Reestablished => "back in touch",
        ConnectionStatus::Declined => "declined",
        ConnectionStatus::Deceased => "deceased",
    }
}

fn circle_words(circle: Circle) -> &'static str {
    match circle {
        Circle::Inner => "inner circle",
        Circle::Middle => "middle circle",
        Circle::Outer => "outer circle",
    }
}

/// A label no wider than a place on a ring.
fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let kept: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{kept}…")
    }
}

fn name(drawn: &Drawn) -> String {
    crate::service::people::display_name(drawn.person.person())
}

fn badges(restriction: Restriction) -> Option<(&'static str, &'static str)> {
    match restriction {
        Restriction::None => None,
        Restriction::NoContact => Some(("NC", "no contact")),
        Restriction::SupervisedOnly => Some(("SUP", "supervised contact only")),
        Restriction::DoNotDiscloseLocation => Some(("LOC", "location must not be disclosed")),
    }
}

/// What a picture says about a person, all of it from the visible-person view.
struct Described {
    name: String,
    status: ConnectionStatus,
    deceased: bool,
    restriction: Restriction,
    /// The line under the name: the child's word for them and the kinship label.
    second: String,
    /// For screen readers: "Carol Hartley, maternal grandmother, known to the child as
    /// Nan, in touch, inner circle".
    title: String,
}

fn describe(drawn: &Drawn) -> Described {
    let name = name(drawn);
    let member = drawn.member.as_ref();
    let status = member.map_or(ConnectionStatus::Active, |m| m.connection_status);
    let deceased = drawn.person.person().deceased || status == ConnectionStatus::Deceased;
    let restriction = member.map_or(Restriction::None, |m| m.restriction);
    let known_as = member.and_then(|m| m.known_to_child_as.clone());
    let second = match (&known_as, &drawn.relation) {
        (Some(known), Some(relation)) => format!("“{known}”, {relation}"),
        (Some(known), None) => format!("“{known}”"),
        (None, Some(relation)) => relation.clone(),
        (None, None) => String::new(),
    };
    let mut title = name.clone();
    for part in [
        drawn.relation.clone(),
        known_as.map(|k| format!("known to the child as {k}")),
        member.map(|_| status_words(status).to_owned()),
        member.map(|m| circle_words(m.circle).to_owned()),
        badges(restriction).map(|(_, words)| words.to_owned()),
    ]
    .into_iter()
    .flatten()
    {
        title.push_str(", ");
        title.push_str(&part);
    }
    Described {
        name,
        status,
        deceased,
        restriction,
        second,
        title,
    }
}

fn at(value: f64) -> String {
    format!("{value:.1}")
}

/// A cross through a symbol `size` either side of its centre: someone who has died.
fn cross(x: f64, y: f64, size: f64) -> Markup {
    html! {
        line x1=(at(x - size)) y1=(at(y - size)) x2=(at(x + size)) y2=(at(y + size)) stroke="#111" stroke-width="2" {}
        line x1=(at(x + size)) y1=(at(y - size)) x2=(at(x - size)) y2=(at(y + size)) stroke="#111" stroke-width="2" {}
    }
}

/// The restriction's badge, its top left at (x, y).
fn badge(x: f64, y: f64, restriction: Restriction) -> Markup {
    html! {
        @if let Some((badge, _)) = badges(restriction) {
            rect x=(at(x)) y=(at(y)) width="26" height="14" rx="3" fill="#B22222" {}
            text.badge font-weight="bold" font-size="10" fill="#fff" x=(at(x + 13.0)) y=(at(y + 10.5)) text-anchor="middle" { (badge) }
        }
    }
}

/// The introduction path over the picture, through each person's place, child first;
/// nothing when a step of it is not drawn.
fn path(
    people: &[graph::PersonId],
    place: impl Fn(graph::PersonId) -> Option<(f64, f64)>,
) -> Markup {
    let points: Option<Vec<String>> = people
        .iter()
        .map(|id| place(*id).map(|(x, y)| format!("{x:.1},{y:.1}")))
        .collect();
    html! {
        @if let Some(points) = points.filter(|points| points.len() >= 2) {
            g.path {
                title { "The introduction path" }
                polyline points=(points.join(" ")) fill="none" stroke="#D55E00" stroke-width="7" stroke-linejoin="round" opacity="0.8" {}
            }
        }
    }
}

/// The legend's row of connection statuses.
fn status_legend(x: f64, y: f64) -> Markup {
    let statuses = [
        ConnectionStatus::Active,
        ConnectionStatus::Reestablished,
        ConnectionStatus::NotYetContacted,
        ConnectionStatus::Lost,
        ConnectionStatus::Declined,
        ConnectionStatus::Deceased,
    ];
    html! {
        @for (index, status) in statuses.iter().enumerate() {
            @let lx = x + 150.0 * index as f64;
            circle cx=(format!("{:.0}", lx + 8.0)) cy=(format!("{:.0}", y + 20.0)) r="8" fill=(colour(*status)) stroke="#111" {}
            text x=(format!("{:.0}", lx + 22.0)) y=(format!("{:.0}", y + 25.0)) { (status_words(*status)) }
        }
    }
}

/// The legend's row of restriction badges.
fn badge_legend(x: f64, y: f64) -> Markup {
    html! {
        @for (index, (restriction, words)) in [
            (Restriction::NoContact, "no contact"),
            (Restriction::SupervisedOnly, "supervised only"),
            (Restriction::DoNotDiscloseLocation, "location protected"),
        ].iter().enumerate() {
            @let lx = x + 220.0 * index as f64;
            (badge(lx, y, *restriction))
            text x=(format!("{:.0}", lx + 32.0)) y=(format!("{:.0}", y + 12.0)) { (words) }
        }
    }
}

/// The filters' values as the API names them, for a picture asked for through GraphQL.
pub fn filters(
    side: Option<FamilySide>,
    circle: Option<Circle>,
    status: Option<ConnectionStatus>,
    highlight: Option<Uuid>,
) -> Filters {
    Filters {
        side,
        circle,
        status,
        highlight,
    }
}
