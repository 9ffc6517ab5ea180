//! The network's pictures as SVG, drawn from the domain's reading of them
//! (`service::pictures`) and the graph crate's geometry. Nothing here decides what anyone
//! may see; every name and label comes from the visible-person view.

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, Uri},
    response::Response,
};
use entity::enums::{Circle, ConnectionStatus, FamilySide, Restriction};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;
use uuid::Uuid;

use crate::{
    AppState,
    documents::{document, viewer_and_id},
    error::{ApiError, http_response},
    service::{
        analysis::convert,
        pictures::{self, Drawn, EcomapPicture, Filters},
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
    let (viewer, id) = match viewer_and_id(&state, &uri, &headers, &id, "child").await {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let filters = match query.filters() {
        Ok(filters) => filters,
        Err(error) => return http_response(error),
    };
    match pictures::ecomap(&state.db, &viewer, id, filters).await {
        Ok(picture) => document(
            ecomap(&picture).into_string().into_bytes(),
            "image/svg+xml; charset=utf-8",
            None,
        ),
        Err(error) => http_response(error),
    }
}

/// Connection status colours from the Okabe–Ito palette, which stays distinct to every
/// common form of colour blindness; the legend names each.
fn colour(status: ConnectionStatus) -> &'static str {
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

/// The line from the child to a member, in the usual notation: close heavy, ordinary
/// solid, distant dotted, conflict and hostile zigzag, cut off broken.
fn tie(from: (f64, f64), to: (f64, f64), quality: Option<graph::Quality>, ended: bool) -> Markup {
    use graph::Quality::*;
    let opacity = if ended { 0.45 } else { 1.0 };
    let (x1, y1, x2, y2) = (from.0, from.1, to.0, to.1);
    match quality {
        Some(Conflict | Hostile) => {
            let (dx, dy) = (x2 - x1, y2 - y1);
            let length = (dx * dx + dy * dy).sqrt().max(1.0);
            let (nx, ny) = (-dy / length, dx / length);
            let steps = (length / 14.0).max(2.0) as usize;
            let points: Vec<String> = (0..=steps)
                .map(|i| {
                    let t = i as f64 / steps as f64;
                    let side = match i {
                        0 => 0.0,
                        _ if i == steps => 0.0,
                        _ if i % 2 == 0 => 6.0,
                        _ => -6.0,
                    };
                    format!(
                        "{:.1},{:.1}",
                        x1 + dx * t + nx * side,
                        y1 + dy * t + ny * side
                    )
                })
                .collect();
            let width = if quality == Some(Hostile) { 2.5 } else { 1.5 };
            html! { polyline.tie points=(points.join(" ")) stroke="#B22222" stroke-width=(width) fill="none" opacity=(opacity) {} }
        }
        _ => {
            let (width, dash) = match quality {
                Some(Close) => (4.5, ""),
                Some(Distant) => (1.5, "2 5"),
                Some(CutOff) => (1.5, "10 8"),
                Some(Ordinary) => (1.5, ""),
                _ => (1.0, "1 4"),
            };
            html! {
                line.tie x1=(format!("{x1:.1}")) y1=(format!("{y1:.1}")) x2=(format!("{x2:.1}")) y2=(format!("{y2:.1}"))
                    stroke="#333" stroke-width=(width) stroke-dasharray=(dash) opacity=(opacity) {}
            }
        }
    }
}

fn badges(restriction: Restriction) -> Option<(&'static str, &'static str)> {
    match restriction {
        Restriction::None => None,
        Restriction::NoContact => Some(("NC", "no contact")),
        Restriction::SupervisedOnly => Some(("SUP", "supervised contact only")),
        Restriction::DoNotDiscloseLocation => Some(("LOC", "location must not be disclosed")),
    }
}

const STYLE: &str = "text { font: 13px sans-serif; fill: #111; } .small { font-size: 11px; fill: #444; } \
    .ring { fill: none; stroke: #bbb; stroke-dasharray: 4 6; } .badge { font: bold 10px sans-serif; fill: #fff; }";

/// The ecomap as a standalone SVG document.
pub fn ecomap(picture: &EcomapPicture) -> Markup {
    let layout = &picture.layout;
    let extent = layout.rings[2] + 170.0;
    let legend_height = 150.0;
    let view = format!(
        "{:.0} {:.0} {:.0} {:.0}",
        -extent,
        -extent,
        2.0 * extent,
        2.0 * extent + legend_height
    );
    let child = layout.child.and_then(|id| picture.people.get(&id));
    let child_name = child.map(name).unwrap_or_default();
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox=(view) role="img" aria-labelledby="title" {
            title #title { "Ecomap of " (child_name) "'s network" }
            style { (PreEscaped(STYLE)) }
            @for radius in &layout.rings {
                circle.ring cx="0" cy="0" r=(format!("{radius:.1}")) {}
            }
            text.small x=(format!("{:.0}", -extent + 20.0)) y=(format!("{:.0}", -extent + 30.0)) { "maternal side" }
            text.small x=(format!("{:.0}", extent - 20.0)) y=(format!("{:.0}", -extent + 30.0)) text-anchor="end" { "paternal side" }
            text.small x="0" y=(format!("{:.0}", extent - 20.0)) text-anchor="middle" { "friends and professionals" }
            @for placed in &layout.placed {
                (tie((0.0, 0.0), (placed.x, placed.y), placed.tie, placed.ended))
            }
            @if let Some(points) = path_points(picture) {
                g.path {
                    title { "The introduction path" }
                    polyline points=(points) fill="none" stroke="#D55E00" stroke-width="7" stroke-linejoin="round" opacity="0.8" {}
                }
            }
            @for placed in &layout.placed {
                @if let Some(drawn) = picture.people.get(&placed.person) {
                    (member(placed, drawn))
                }
            }
            @for group in &layout.groups {
                g.group {
                    title { (group.count) " more people in the " (circle_words(convert::circle(group.circle))) }
                    rect x=(format!("{:.1}", group.x - 40.0)) y=(format!("{:.1}", group.y - 16.0)) width="80" height="32" rx="16"
                        fill="#f3f3f3" stroke="#777" {}
                    text x=(format!("{:.1}", group.x)) y=(format!("{:.1}", group.y + 5.0)) text-anchor="middle" { "+" (group.count) " more" }
                }
            }
            g.child {
                title { (child_name) ", the child" }
                circle cx="0" cy="0" r="34" fill="#fff" stroke="#111" stroke-width="2" {}
                circle cx="0" cy="0" r="28" fill="#fff" stroke="#111" stroke-width="2" {}
                text x="0" y="54" text-anchor="middle" { (fit(&child_name, 22)) }
            }
            (legend(-extent + 20.0, extent + 10.0))
        }
    }
}

/// The introduction path's points, child first, where every step is drawn.
fn path_points(picture: &EcomapPicture) -> Option<String> {
    if picture.path.len() < 2 {
        return None;
    }
    let at = |id: graph::PersonId| -> Option<(f64, f64)> {
        if Some(id) == picture.layout.child {
            return Some((0.0, 0.0));
        }
        picture
            .layout
            .placed
            .iter()
            .find(|placed| placed.person == id)
            .map(|placed| (placed.x, placed.y))
    };
    let points: Option<Vec<String>> = picture
        .path
        .iter()
        .map(|id| at(*id).map(|(x, y)| format!("{x:.1},{y:.1}")))
        .collect();
    points.map(|points| points.join(" "))
}

fn member(placed: &graph::Placed, drawn: &Drawn) -> Markup {
    let (x, y) = (placed.x, placed.y);
    let full = name(drawn);
    let status = drawn
        .member
        .as_ref()
        .map_or(ConnectionStatus::Active, |m| m.connection_status);
    let deceased = drawn.person.person().deceased || status == ConnectionStatus::Deceased;
    let restriction = drawn
        .member
        .as_ref()
        .map_or(Restriction::None, |m| m.restriction);
    let known_as = drawn
        .member
        .as_ref()
        .and_then(|m| m.known_to_child_as.clone());
    let second = match (&known_as, &drawn.relation) {
        (Some(known), Some(relation)) => format!("“{known}”, {relation}"),
        (Some(known), None) => format!("“{known}”"),
        (None, Some(relation)) => relation.clone(),
        (None, None) => String::new(),
    };
    let mut title = full.clone();
    for part in [
        drawn.relation.clone(),
        known_as.map(|k| format!("known to the child as {k}")),
        Some(status_words(status).to_owned()),
        Some(circle_words(convert::circle(placed.circle)).to_owned()),
        badges(restriction).map(|(_, words)| words.to_owned()),
    ]
    .into_iter()
    .flatten()
    {
        title.push_str(", ");
        title.push_str(&part);
    }
    html! {
        g.person {
            title { (title) }
            circle cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="16" fill=(colour(status)) stroke="#111" stroke-width="1.5" {}
            @if deceased {
                line x1=(format!("{:.1}", x - 11.0)) y1=(format!("{:.1}", y - 11.0)) x2=(format!("{:.1}", x + 11.0)) y2=(format!("{:.1}", y + 11.0)) stroke="#111" stroke-width="2" {}
                line x1=(format!("{:.1}", x + 11.0)) y1=(format!("{:.1}", y - 11.0)) x2=(format!("{:.1}", x - 11.0)) y2=(format!("{:.1}", y + 11.0)) stroke="#111" stroke-width="2" {}
            }
            @if let Some((badge, _)) = badges(restriction) {
                rect x=(format!("{:.1}", x + 10.0)) y=(format!("{:.1}", y - 26.0)) width="26" height="14" rx="3" fill="#B22222" {}
                text.badge x=(format!("{:.1}", x + 23.0)) y=(format!("{:.1}", y - 15.5)) text-anchor="middle" { (badge) }
            }
            text x=(format!("{x:.1}")) y=(format!("{:.1}", y + 32.0)) text-anchor="middle" { (fit(&full, 16)) }
            @if !second.is_empty() {
                text.small x=(format!("{x:.1}")) y=(format!("{:.1}", y + 46.0)) text-anchor="middle" { (fit(&second, 19)) }
            }
        }
    }
}

fn legend(x: f64, y: f64) -> Markup {
    let statuses = [
        ConnectionStatus::Active,
        ConnectionStatus::Reestablished,
        ConnectionStatus::NotYetContacted,
        ConnectionStatus::Lost,
        ConnectionStatus::Declined,
        ConnectionStatus::Deceased,
    ];
    let lines = [
        (Some(graph::Quality::Close), "close"),
        (Some(graph::Quality::Ordinary), "ordinary"),
        (Some(graph::Quality::Distant), "distant"),
        (Some(graph::Quality::Conflict), "conflict"),
        (Some(graph::Quality::CutOff), "cut off"),
        (None, "no tie recorded"),
    ];
    html! {
        g.legend {
            title { "Legend" }
            @for (index, status) in statuses.iter().enumerate() {
                @let lx = x + 150.0 * index as f64;
                circle cx=(format!("{:.0}", lx + 8.0)) cy=(format!("{:.0}", y + 20.0)) r="8" fill=(colour(*status)) stroke="#111" {}
                text x=(format!("{:.0}", lx + 22.0)) y=(format!("{:.0}", y + 25.0)) { (status_words(*status)) }
            }
            @for (index, (quality, words)) in lines.iter().enumerate() {
                @let lx = x + 150.0 * index as f64;
                (tie((lx, y + 60.0), (lx + 40.0, y + 60.0), *quality, false))
                text x=(format!("{:.0}", lx + 48.0)) y=(format!("{:.0}", y + 65.0)) { (words) }
            }
            @for (index, (badge, words)) in [("NC", "no contact"), ("SUP", "supervised only"), ("LOC", "location protected")].iter().enumerate() {
                @let lx = x + 220.0 * index as f64;
                rect x=(format!("{lx:.0}")) y=(format!("{:.0}", y + 88.0)) width="26" height="14" rx="3" fill="#B22222" {}
                text.badge x=(format!("{:.0}", lx + 13.0)) y=(format!("{:.0}", y + 98.5)) text-anchor="middle" { (badge) }
                text x=(format!("{:.0}", lx + 32.0)) y=(format!("{:.0}", y + 100.0)) { (words) }
            }
            text.small x=(format!("{x:.0}")) y=(format!("{:.0}", y + 130.0)) { "The rings, from the centre: the inner, middle and outer circles. A cross marks someone who has died. Lines run from the child; the heavier, the closer." }
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
