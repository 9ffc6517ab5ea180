//! GraphML: a node a person and an edge a relationship, every attribute a typed key, the
//! child marked; what networkx's `read_graphml`, Gephi and Cytoscape read.

use std::fmt::Write;

use crate::service::exports::NetworkFile;

use super::{
    PERSON_KEYS, RELATIONSHIP_KEYS, Value, display_name, person_attributes, relationship_attributes,
};

/// `text` safe inside XML, in text or a double-quoted attribute; characters XML 1.0 cannot
/// carry at all are dropped.
pub(super) fn xml(text: &str) -> String {
    let mut safe = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => safe.push_str("&amp;"),
            '<' => safe.push_str("&lt;"),
            '>' => safe.push_str("&gt;"),
            '"' => safe.push_str("&quot;"),
            '\'' => safe.push_str("&apos;"),
            '\t' | '\n' | '\r' => safe.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => safe.push(c),
        }
    }
    safe
}

fn data(out: &mut String, prefix: &str, attributes: &[(&'static str, Value)]) {
    for (key, value) in attributes {
        let value = match value {
            Value::Text(text) => xml(text),
            Value::Flag(flag) => flag.to_string(),
        };
        let _ = writeln!(out, "      <data key=\"{prefix}_{key}\">{value}</data>");
    }
}

pub fn write(file: &NetworkFile) -> String {
    let mut out = String::with_capacity(512 + file.people.len() * 600);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (keys, prefix, domain) in [(PERSON_KEYS, "n", "node"), (RELATIONSHIP_KEYS, "e", "edge")] {
        for (key, flag) in keys {
            let kind = if *flag { "boolean" } else { "string" };
            let _ = writeln!(
                out,
                "  <key id=\"{prefix}_{key}\" for=\"{domain}\" attr.name=\"{key}\" attr.type=\"{kind}\"/>"
            );
        }
    }
    let child_name = file.people.first().map(display_name).unwrap_or_default();
    let _ = writeln!(
        out,
        "  <graph id=\"{}\" edgedefault=\"directed\">\n    <desc>The network of {} ({})</desc>",
        xml(&file.child.case_reference),
        xml(&child_name),
        xml(&file.child.case_reference)
    );
    for person in &file.people {
        let _ = writeln!(out, "    <node id=\"{}\">", person.person.person().id);
        data(&mut out, "n", &person_attributes(person));
        out.push_str("    </node>\n");
    }
    for relationship in &file.relationships {
        let _ = writeln!(
            out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            relationship.id, relationship.from_person_id, relationship.to_person_id
        );
        data(&mut out, "e", &relationship_attributes(relationship));
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}
