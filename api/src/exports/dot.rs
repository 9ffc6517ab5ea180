//! DOT for Graphviz: the people as nodes (the child double-circled, status as colour, a
//! restriction in the label), the relationships as edges drawn in the notation the
//! ecomap uses (close heavy, distant dotted, conflict and hostile red, cut off dashed,
//! ended faded), parents above their children, so that `dot -Tsvg` gives a usable picture.

use std::fmt::Write;

use entity::enums::{ParentKind, RelationshipKind, RelationshipQuality, Restriction};

use crate::service::exports::NetworkFile;

use super::{display_name, named};

/// A DOT double-quoted string of `lines`, each shown on a line of its own.
fn quoted_lines(lines: &[&str]) -> String {
    let mut out = String::from("\"");
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            out.push_str("\\n");
        }
        for c in line.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
    }
    out.push('"');
    out
}

fn quoted(text: &str) -> String {
    quoted_lines(&[text])
}

pub fn write(file: &NetworkFile) -> String {
    let mut out = String::with_capacity(256 + file.people.len() * 200);
    let _ = writeln!(
        out,
        "digraph {} {{\n  graph [rankdir=TB, fontname=\"sans-serif\", label={}];\n  node [fontname=\"sans-serif\", fontsize=11, style=filled, fillcolor=\"#ffffff\"];\n  edge [fontname=\"sans-serif\", fontsize=9];",
        quoted(&file.child.case_reference),
        quoted(&format!(
            "The network of {}",
            file.people.first().map(display_name).unwrap_or_default()
        ))
    );
    for person in &file.people {
        let name = display_name(person);
        let mut lines: Vec<&str> = vec![&name];
        if let Some(relation) = &person.relation {
            lines.push(relation);
        }
        let mut attributes = Vec::new();
        match &person.member {
            None => attributes.push("shape=doublecircle".to_owned()),
            Some(member) => {
                attributes.push("shape=box".to_owned());
                attributes.push(format!(
                    "fillcolor=\"{}\"",
                    crate::pictures::colour(member.connection_status)
                ));
                let mark = match member.restriction {
                    Restriction::None => None,
                    Restriction::NoContact => Some("[no contact]"),
                    Restriction::SupervisedOnly => Some("[supervised contact only]"),
                    Restriction::DoNotDiscloseLocation => Some("[location protected]"),
                };
                if let Some(mark) = mark {
                    lines.push(mark);
                    attributes.push("color=\"#B22222\", penwidth=2".to_owned());
                }
            }
        }
        attributes.insert(0, format!("label={}", quoted_lines(&lines)));
        let _ = writeln!(
            out,
            "  {} [{}];",
            quoted(&person.person.person().id.to_string()),
            attributes.join(", ")
        );
    }
    for relationship in &file.relationships {
        let mut attributes = vec![format!("label={}", quoted(&edge_label(relationship)))];
        match relationship.quality {
            RelationshipQuality::Close => attributes.push("penwidth=3".into()),
            RelationshipQuality::Ordinary => {}
            RelationshipQuality::Distant => attributes.push("style=dotted".into()),
            RelationshipQuality::Conflict => attributes.push("color=\"#B22222\"".into()),
            RelationshipQuality::Hostile => {
                attributes.push("color=\"#B22222\", penwidth=2.5".into())
            }
            RelationshipQuality::CutOff => attributes.push("style=dashed".into()),
        }
        if relationship.ended_on.is_some() {
            attributes.push("fontcolor=\"#777777\", color=\"#999999\"".into());
        }
        if relationship.kind != RelationshipKind::Parent {
            // Only a parent's tie has a direction; the rest sit side by side.
            attributes.push("dir=none".into());
            if relationship.kind == RelationshipKind::Partner {
                attributes.push("constraint=false".into());
            }
        }
        let _ = writeln!(
            out,
            "  {} -> {} [{}];",
            quoted(&relationship.from_person_id.to_string()),
            quoted(&relationship.to_person_id.to_string()),
            attributes.join(", ")
        );
    }
    out.push_str("}\n");
    out
}

fn edge_label(relationship: &entity::relationship::View) -> String {
    let kind = match (relationship.kind, relationship.parent_kind) {
        (RelationshipKind::Parent, Some(ParentKind::Birth) | None) => "parent".to_owned(),
        (RelationshipKind::Parent, Some(kind)) => format!("{} parent", words(&named(kind))),
        (kind, _) => words(&named(kind)),
    };
    if relationship.ended_on.is_some() {
        format!("{kind} (ended)")
    } else {
        kind
    }
}

fn words(value: &str) -> String {
    value.to_lowercase().replace('_', " ")
}
