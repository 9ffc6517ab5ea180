//! The genogram: generations as rows, the usual symbols, partners joined, children hanging
//! from their parents' line, each way of being a parent in its own line.

use entity::enums::Sex;
use maud::{Markup, html};

use super::{at, badge, badge_legend, colour, cross, describe, fit, name, path, status_legend};
use crate::service::pictures::{Drawn, GenogramPicture};

const R: f64 = graph::SYMBOL_RADIUS;
const LEGEND_HEIGHT: f64 = 190.0;
const LEGEND_WIDTH: f64 = 1240.0;

/// How a line is stroked: colour, width, dashes.
fn stroke(kind: graph::LineKind) -> (&'static str, f64, &'static str) {
    use graph::{LineKind, ParentKind};
    match kind {
        LineKind::Partner {
            recorded: false, ..
        } => ("#999", 1.2, ""),
        LineKind::Partner { .. } => ("#333", 2.0, ""),
        LineKind::Descent(ParentKind::Adoptive) => ("#333", 1.5, "8 5"),
        LineKind::Descent(ParentKind::Foster | ParentKind::Guardian | ParentKind::Step) => {
            ("#333", 1.5, "2 4")
        }
        LineKind::Descent(ParentKind::Birth) | LineKind::Siblings => ("#333", 1.5, ""),
    }
}

fn line(line: &graph::Line) -> Markup {
    let (colour, width, dash) = stroke(line.kind);
    let points: Vec<String> = line
        .points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    let ended = matches!(line.kind, graph::LineKind::Partner { ended: true, .. });
    let middle = match line.points.as_slice() {
        [from, to] => ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0),
        points => points[points.len() / 2 - 1..=points.len() / 2]
            .iter()
            .fold((0.0, 0.0), |sum, p| (sum.0 + p.0 / 2.0, sum.1 + p.1 / 2.0)),
    };
    html! {
        polyline.line points=(points.join(" ")) fill="none" stroke=(colour) stroke-width=(width) stroke-dasharray=(dash) {}
        @if ended {
            // Two slashes across: the partnership has ended.
            @for offset in [-4.0, 4.0] {
                line x1=(at(middle.0 + offset - 5.0)) y1=(at(middle.1 + 9.0)) x2=(at(middle.0 + offset + 5.0)) y2=(at(middle.1 - 9.0)) stroke="#333" stroke-width="2" {}
            }
        }
    }
}

/// A person's symbol: a square for a man, a circle for a woman, a diamond otherwise; `r`
/// either side of the centre.
fn symbol(x: f64, y: f64, r: f64, sex: Option<Sex>, fill: &str, width: f64) -> Markup {
    html! {
        @match sex {
            Some(Sex::Male) => {
                rect x=(at(x - r)) y=(at(y - r)) width=(at(2.0 * r)) height=(at(2.0 * r)) fill=(fill) stroke="#111" stroke-width=(width) {}
            }
            Some(Sex::Female) => {
                circle cx=(at(x)) cy=(at(y)) r=(at(r)) fill=(fill) stroke="#111" stroke-width=(width) {}
            }
            _ => {
                @let d = r * 1.2;
                polygon points=(format!("{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", x, y - d, x + d, y, x, y + d, x - d, y))
                    fill=(fill) stroke="#111" stroke-width=(width) {}
            }
        }
    }
}

fn person(drawn: &Drawn, x: f64, y: f64, child: bool, beyond: Option<usize>) -> Markup {
    let described = describe(drawn);
    let record = drawn.person.person();
    let born = record
        .birth_date
        .as_deref()
        .and_then(graph::PartialDate::parse)
        .map(|date| format!("b. {}", date.year));
    let fill = if child {
        "#fff"
    } else {
        colour(described.status)
    };
    html! {
        g class=(if child { "child" } else { "person" }) data-person=(record.id) {
            title {
                (described.title)
                @if child { ", the child" }
                @if let Some(count) = beyond { ", and " (count) " more relatives beyond, not drawn" }
            }
            @if child {
                (symbol(x, y, R + 6.0, record.sex, "none", 2.0))
            }
            (symbol(x, y, R, record.sex, fill, if child { 2.0 } else { 1.5 }))
            @if described.deceased {
                (cross(x, y, R * 0.75))
            }
            (badge(x + 12.0, y - R - 12.0, described.restriction))
            // A white halo under each label keeps it readable where a line runs behind.
            g paint-order="stroke" stroke="#fff" stroke-width="3" stroke-linejoin="round" {
                text x=(at(x)) y=(at(y + R + 17.0)) text-anchor="middle" { (fit(&described.name, 18)) }
                @if !described.second.is_empty() {
                    text.small font-size="11" fill="#444" x=(at(x)) y=(at(y + R + 31.0)) text-anchor="middle" { (fit(&described.second, 21)) }
                }
                @if let Some(born) = born {
                    text.small font-size="11" fill="#444" x=(at(x)) y=(at(y + R + 44.0)) text-anchor="middle" { (born) }
                }
            }
            @if let Some(count) = beyond {
                rect x=(at(x + R + 3.0)) y=(at(y + 6.0)) width="44" height="18" rx="9" fill="#f3f3f3" stroke="#777" {}
                text.small font-size="11" fill="#444" x=(at(x + R + 25.0)) y=(at(y + 19.0)) text-anchor="middle" { "+" (count) }
            }
        }
    }
}

/// The genogram as a standalone SVG document.
pub fn genogram(picture: &GenogramPicture) -> Markup {
    let layout = &picture.layout;
    let width = layout.width.max(LEGEND_WIDTH);
    let view = format!("0 0 {:.0} {:.0}", width, layout.height + LEGEND_HEIGHT);
    let child = layout.child.and_then(|id| picture.people.get(&id));
    let child_name = child.map(name).unwrap_or_default();
    let place = |id: graph::PersonId| {
        layout
            .symbols
            .iter()
            .find(|symbol| symbol.person == id)
            .map(|symbol| (symbol.x, symbol.y))
    };
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox=(view) role="img" aria-labelledby="title" font-family="sans-serif" font-size="13" fill="#111" {
            title #title { "Genogram of " (child_name) "'s family" }
            @for each in &layout.lines {
                (line(each))
            }
            (path(&picture.path, place))
            @for symbol in &layout.symbols {
                @if let Some(drawn) = picture.people.get(&symbol.person) {
                    @let beyond = layout.beyond.iter().find(|b| b.person == symbol.person).map(|b| b.count);
                    (person(drawn, symbol.x, symbol.y, Some(symbol.person) == layout.child, beyond))
                }
            }
            (legend(20.0, layout.height + 10.0))
        }
    }
}

fn legend(x: f64, y: f64) -> Markup {
    use graph::{LineKind, ParentKind};
    let symbols = [
        (Some(Sex::Male), "a man"),
        (Some(Sex::Female), "a woman"),
        (None, "another or unknown sex"),
    ];
    let lines = [
        (LineKind::Descent(ParentKind::Birth), "birth parent"),
        (LineKind::Descent(ParentKind::Adoptive), "adoptive parent"),
        (
            LineKind::Descent(ParentKind::Foster),
            "foster carer, guardian",
        ),
        (
            LineKind::Partner {
                ended: false,
                recorded: true,
            },
            "partners",
        ),
        (
            LineKind::Partner {
                ended: true,
                recorded: true,
            },
            "partnership ended",
        ),
        (
            LineKind::Partner {
                ended: false,
                recorded: false,
            },
            "parents, no partnership recorded",
        ),
    ];
    html! {
        g.legend {
            title { "Legend" }
            (status_legend(x, y))
            @for (index, (sex, words)) in symbols.iter().enumerate() {
                @let lx = x + 200.0 * index as f64 + 10.0;
                (symbol(lx, y + 62.0, 9.0, *sex, "#fff", 1.5))
                text x=(format!("{:.0}", lx + 16.0)) y=(format!("{:.0}", y + 67.0)) { (words) }
            }
            @let lx = x + 620.0;
            (symbol(lx, y + 62.0, 14.0, Some(Sex::Female), "none", 2.0))
            (symbol(lx, y + 62.0, 9.0, Some(Sex::Female), "#fff", 2.0))
            text x=(format!("{:.0}", lx + 20.0)) y=(format!("{:.0}", y + 67.0)) { "the child" }
            @let lx = x + 800.0;
            (symbol(lx, y + 62.0, 9.0, Some(Sex::Female), "#fff", 1.5))
            (cross(lx, y + 62.0, 7.0))
            text x=(format!("{:.0}", lx + 16.0)) y=(format!("{:.0}", y + 67.0)) { "has died" }
            @for (index, (kind, words)) in lines.iter().enumerate() {
                @let lx = x + 200.0 * index as f64;
                (line(&graph::Line { kind: *kind, points: vec![(lx, y + 100.0), (lx + 40.0, y + 100.0)] }))
                text x=(format!("{:.0}", lx + 48.0)) y=(format!("{:.0}", y + 105.0)) { (words) }
            }
            (badge_legend(x, y + 126.0))
            text.small font-size="11" fill="#444" x=(format!("{x:.0}")) y=(format!("{:.0}", y + 170.0)) { "Each row is a generation, the oldest at the top; brothers and sisters stand oldest first. A count beside someone is of relatives beyond them not drawn." }
        }
    }
}
