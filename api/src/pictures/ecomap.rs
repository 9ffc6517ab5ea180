//! The ecomap: the child at the centre, a ring for each circle, lines styled by the tie.

use maud::{Markup, html};

use super::{
    badge, badge_legend, circle_words, colour, cross, describe, fit, name, path, status_legend,
};
use crate::service::{
    analysis::convert,
    pictures::{Drawn, EcomapPicture},
};

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
        svg xmlns="http://www.w3.org/2000/svg" viewBox=(view) role="img" aria-labelledby="title" font-family="sans-serif" font-size="13" fill="#111" {
            title #title { "Ecomap of " (child_name) "'s network" }
            @for radius in &layout.rings {
                circle.ring fill="none" stroke="#bbb" stroke-dasharray="4 6" cx="0" cy="0" r=(format!("{radius:.1}")) {}
            }
            text.small font-size="11" fill="#444" x=(format!("{:.0}", -extent + 20.0)) y=(format!("{:.0}", -extent + 30.0)) { "maternal side" }
            text.small font-size="11" fill="#444" x=(format!("{:.0}", extent - 20.0)) y=(format!("{:.0}", -extent + 30.0)) text-anchor="end" { "paternal side" }
            text.small font-size="11" fill="#444" x="0" y=(format!("{:.0}", extent - 20.0)) text-anchor="middle" { "friends and professionals" }
            @for placed in &layout.placed {
                (tie((0.0, 0.0), (placed.x, placed.y), placed.tie, placed.ended))
            }
            (path(&picture.path, |id| place(picture, id)))
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

/// Where a person stands on the ecomap, if they are drawn.
fn place(picture: &EcomapPicture, id: graph::PersonId) -> Option<(f64, f64)> {
    if Some(id) == picture.layout.child {
        return Some((0.0, 0.0));
    }
    picture
        .layout
        .placed
        .iter()
        .find(|placed| placed.person == id)
        .map(|placed| (placed.x, placed.y))
}

fn member(placed: &graph::Placed, drawn: &Drawn) -> Markup {
    let (x, y) = (placed.x, placed.y);
    let described = describe(drawn);
    html! {
        g.person data-person=(drawn.person.person().id) {
            title { (described.title) }
            circle cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="16" fill=(colour(described.status)) stroke="#111" stroke-width="1.5" {}
            @if described.deceased {
                (cross(x, y, 11.0))
            }
            (badge(x + 10.0, y - 26.0, described.restriction))
            text x=(format!("{x:.1}")) y=(format!("{:.1}", y + 32.0)) text-anchor="middle" { (fit(&described.name, 16)) }
            @if !described.second.is_empty() {
                text.small font-size="11" fill="#444" x=(format!("{x:.1}")) y=(format!("{:.1}", y + 46.0)) text-anchor="middle" { (fit(&described.second, 19)) }
            }
        }
    }
}

fn legend(x: f64, y: f64) -> Markup {
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
            (status_legend(x, y))
            @for (index, (quality, words)) in lines.iter().enumerate() {
                @let lx = x + 150.0 * index as f64;
                (tie((lx, y + 60.0), (lx + 40.0, y + 60.0), *quality, false))
                text x=(format!("{:.0}", lx + 48.0)) y=(format!("{:.0}", y + 65.0)) { (words) }
            }
            (badge_legend(x, y + 88.0))
            text.small font-size="11" fill="#444" x=(format!("{x:.0}")) y=(format!("{:.0}", y + 130.0)) { "The rings, from the centre: the inner, middle and outer circles. A cross marks someone who has died. Lines run from the child; the heavier, the closer." }
        }
    }
}
