//! The two CSV files kinmap writes (`people.csv`, `relationships.csv`), read back as what
//! they would bring to a network: columns found by their names, so a spreadsheet that
//! reordered or added columns still reads; a value that is not one of its kind skips its
//! row with a warning and the row's line; the apostrophe the export puts before a cell
//! that would run as a formula comes off again.

use std::collections::HashSet;

use entity::enums::{ParentKind, RelationshipKind};
use sea_orm::ActiveEnum;

use super::{
    gedcom::{MAX_FILE, ReadError, Warning},
    mapping::{FileMembership, FileNetwork, FilePerson, FileTie},
};

/// A CSV file's rows, by column name.
struct Table {
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    fn read(bytes: &[u8], required: &[&str]) -> Result<Self, ReadError> {
        if bytes.len() > MAX_FILE {
            return Err(ReadError::TooLarge);
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
        let header: Vec<String> = reader
            .headers()
            .map_err(|error| ReadError::Malformed {
                line: 1,
                message: error.to_string(),
            })?
            .iter()
            .map(|name| name.trim().to_owned())
            .collect();
        for column in required {
            if !header.iter().any(|name| name == column) {
                return Err(ReadError::Malformed {
                    line: 1,
                    message: format!("the header has no `{column}` column"),
                });
            }
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|error| ReadError::Malformed {
                line: error.position().map_or(0, |p| p.line() as usize),
                message: error.to_string(),
            })?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            rows.push((line, record.iter().map(unformula).collect()));
        }
        Ok(Self { header, rows })
    }

    fn get<'a>(&self, row: &'a [String], column: &str) -> Option<&'a str> {
        let at = self.header.iter().position(|name| name == column)?;
        row.get(at)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    }
}

/// A cell as it was before the export made it safe for a spreadsheet.
fn unformula(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

/// A stored enumeration from its API name; `Err` says which column and value.
fn value<T: ActiveEnum<Value = String>>(column: &str, text: &str) -> Result<T, String> {
    T::try_from_value(&text.to_uppercase())
        .map_err(|_| format!("`{text}` is not a value of {column}"))
}

fn flag(text: Option<&str>) -> bool {
    text.is_some_and(|t| t.eq_ignore_ascii_case("true"))
}

/// Reads `people.csv` and `relationships.csv` as kinmap writes them.
pub fn network(people: &[u8], relationships: &[u8]) -> Result<FileNetwork, ReadError> {
    let mut out = FileNetwork::default();
    let table = Table::read(people, &["person_id"])?;
    let mut known = HashSet::new();
    for (line, row) in &table.rows {
        let get = |column: &str| table.get(row, column);
        let skip = |out: &mut FileNetwork, message: String| {
            out.skipped.push(Warning {
                line: *line,
                message: format!("people.csv: {message}"),
            });
        };
        let Some(key) = get("person_id") else {
            skip(&mut out, "a row without a person_id".into());
            continue;
        };
        if !known.insert(key.to_owned()) {
            skip(&mut out, format!("{key} is a second row with the same id"));
            continue;
        }
        let parsed = (|| -> Result<FilePerson, String> {
            let membership = match get("side") {
                Some(side) => Some(FileMembership {
                    side: value("side", side)?,
                    circle: value("circle", get("circle").unwrap_or("OUTER"))?,
                    status: value("status", get("status").unwrap_or("NOT_YET_CONTACTED"))?,
                    restriction: value("restriction", get("restriction").unwrap_or("NONE"))?,
                    known_to_child_as: get("known_to_child_as").map(str::to_owned),
                    roles: get("roles")
                        .map(|roles| roles.split(';').map(|r| r.trim().to_uppercase()).collect())
                        .unwrap_or_default(),
                }),
                None => None,
            };
            Ok(FilePerson {
                key: key.to_owned(),
                xref: key.to_owned(),
                line: *line,
                given: get("given_name").map(str::to_owned),
                family: get("family_name").map(str::to_owned),
                preferred: None,
                other_names: Vec::new(),
                sex: get("sex").map(|sex| value("sex", sex)).transpose()?,
                born: get("birth_date").map(str::to_owned),
                deceased: flag(get("deceased")),
                confidential: flag(get("location_protected")),
                notes: None,
                child: flag(get("child")),
                membership,
            })
        })();
        match parsed {
            Ok(mut person) => {
                if let Some(born) = &person.born
                    && graph::PartialDate::parse(born).is_none()
                {
                    out.warnings.push(Warning {
                        line: *line,
                        message: format!("people.csv: `{born}` is not a date; left out"),
                    });
                    person.born = None;
                }
                out.people.push(person);
            }
            Err(why) => skip(&mut out, why),
        }
    }
    let table = Table::read(relationships, &["from_person_id", "to_person_id", "kind"])?;
    for (line, row) in &table.rows {
        let get = |column: &str| table.get(row, column);
        let parsed = (|| -> Result<FileTie, String> {
            let from = get("from_person_id").ok_or("a row without from_person_id")?;
            let to = get("to_person_id").ok_or("a row without to_person_id")?;
            for end in [from, to] {
                if !known.contains(end) {
                    return Err(format!("{end} is no one in people.csv"));
                }
            }
            let kind: RelationshipKind = value("kind", get("kind").unwrap_or_default())?;
            let parent_kind: Option<ParentKind> = match (kind, get("parent_kind")) {
                (RelationshipKind::Parent, Some(text)) => Some(value("parent_kind", text)?),
                (RelationshipKind::Parent, None) => Some(ParentKind::Birth),
                _ => None,
            };
            Ok(FileTie {
                from: from.to_owned(),
                to: to.to_owned(),
                kind,
                parent_kind,
                confidence: get("confidence")
                    .map(|c| value("confidence", c))
                    .transpose()?
                    .unwrap_or(entity::enums::Confidence::Confirmed),
                quality: get("quality").map(|q| value("quality", q)).transpose()?,
                ended: flag(get("ended")) || get("ended_on").is_some(),
                ended_on: get("ended_on").map(str::to_owned),
                line: *line,
            })
        })();
        match parsed {
            Ok(tie) => out.ties.push(tie),
            Err(why) => out.skipped.push(Warning {
                line: *line,
                message: format!("relationships.csv: {why}"),
            }),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::network;
    use crate::imports::gedcom::ReadError;

    const PEOPLE: &str = "person_id,given_name,family_name,sex,birth_date,child,side,circle,status,restriction,location_protected\n\
        a,Mia,Hartley,FEMALE,2012-03-14,true,,,,,false\n\
        b,Jodie,Hartley,FEMALE,1990-05,false,MATERNAL,INNER,ACTIVE,DO_NOT_DISCLOSE_LOCATION,true\n\
        c,'=SUM(A1),,SIDEWAYS,,false,,,,,\n\
        d,Carol,Hartley,FEMALE,sometime,false,MATERNAL,INNER,ACTIVE,NONE,false\n";

    #[test]
    fn the_export_shape_reads_back_and_a_bad_row_is_skipped_with_its_line() {
        let relationships = "relationship_id,from_person_id,to_person_id,kind,parent_kind,quality,confidence,ended\n\
            r1,b,a,PARENT,BIRTH,CLOSE,CONFIRMED,false\n\
            r2,d,b,PARENT,,ORDINARY,PROBABLE,false\n\
            r3,b,zz,FRIEND,,,,\n\
            r4,a,d,COUSIN,,,,\n";
        let read =
            network(PEOPLE.as_bytes(), relationships.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<Option<&str>> = read.people.iter().map(|p| p.given.as_deref()).collect();
        assert_eq!(names, [Some("Mia"), Some("Jodie"), Some("Carol")]);
        assert!(read.people[0].child && read.people[0].membership.is_none());
        assert!(read.people[1].confidential);
        assert_eq!(
            read.people[2].born, None,
            "a date that is no date is left out"
        );
        assert_eq!(read.warnings.len(), 1);
        assert_eq!(read.ties.len(), 2);
        assert_eq!(
            read.ties[1].parent_kind,
            Some(entity::enums::ParentKind::Birth)
        );
        let skipped: Vec<(usize, &str)> = read
            .skipped
            .iter()
            .map(|w| (w.line, w.message.as_str()))
            .collect();
        assert_eq!(skipped.len(), 3, "{skipped:?}");
        assert_eq!(skipped[0].0, 4, "the person row with a sex that is none");
        assert!(
            skipped
                .iter()
                .any(|(line, m)| *line == 4 && m.contains("zz")),
            "{skipped:?}"
        );
        assert!(
            skipped
                .iter()
                .any(|(line, m)| *line == 5 && m.contains("COUSIN")),
            "{skipped:?}"
        );
    }

    #[test]
    fn a_file_without_its_columns_is_refused_at_line_one() {
        let refused = network(b"name\nMia\n", b"").err();
        assert!(
            matches!(refused, Some(ReadError::Malformed { line: 1, .. })),
            "{refused:?}"
        );
    }

    #[test]
    fn the_apostrophe_that_kept_a_formula_from_running_comes_off() {
        assert_eq!(super::unformula("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(super::unformula("'quoted"), "'quoted");
        assert_eq!(super::unformula("O'Brien"), "O'Brien");
    }
}
