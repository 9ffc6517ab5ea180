//! What a GEDCOM file's records mean to a network, before anything is written: each `INDI`
//! a person (names with their kinds, sex, a partial birth date, death, `RESN` as a protected
//! location, notes), each `FAM` partner and parent ties in the way `PEDI` says, each `ASSO`
//! a social tie, `QUAY` how sure a tie is; with a warning, and its line, for everything
//! kept approximately and everything skipped. The file's own id for each person (its `UID`,
//! `_UID` or kinmap `REFN`, else its cross-reference) is kept, so that a second import of the
//! same file can know its people again.

use std::collections::{BTreeMap, HashMap};

use entity::enums::{
    Circle, Confidence, ConnectionStatus, FamilySide, NameKind, ParentKind, RelationshipKind,
    RelationshipQuality, Restriction, Sex,
};

use super::gedcom::{Document, Structure, Warning};

/// A person the file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilePerson {
    /// The file's own id for them.
    pub key: String,
    pub xref: String,
    pub line: usize,
    pub given: Option<String>,
    pub family: Option<String>,
    pub preferred: Option<String>,
    pub other_names: Vec<(String, NameKind)>,
    pub sex: Option<Sex>,
    /// An EDTF partial date, as the domain stores it.
    pub born: Option<String>,
    pub deceased: bool,
    /// `RESN CONFIDENTIAL`: their location is not to be disclosed.
    pub confidential: bool,
    pub notes: Option<String>,
    /// The file's record of the child (a kinmap CSV marks it; GEDCOM names it on import).
    pub child: bool,
    /// Their place in the network, where the file says (a kinmap CSV does; GEDCOM does not).
    pub membership: Option<FileMembership>,
}

/// A person's place in the network as a kinmap CSV gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileMembership {
    pub side: FamilySide,
    pub circle: Circle,
    pub status: ConnectionStatus,
    pub restriction: Restriction,
    pub known_to_child_as: Option<String>,
    /// Support roles by their API names (`EMOTIONAL`, `FGC_PARTICIPANT`).
    pub roles: Vec<String>,
}

/// A tie the file records, between two of its people (by cross-reference).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileTie {
    pub from: String,
    pub to: String,
    pub kind: RelationshipKind,
    pub parent_kind: Option<ParentKind>,
    pub confidence: Confidence,
    /// How close the tie is, where the file says (a kinmap CSV does; GEDCOM does not).
    pub quality: Option<RelationshipQuality>,
    pub ended: bool,
    /// When it ended, where the file says (EDTF).
    pub ended_on: Option<String>,
    pub line: usize,
}

/// What a file would bring.
#[derive(Clone, Debug, Default)]
pub struct FileNetwork {
    pub people: Vec<FilePerson>,
    pub ties: Vec<FileTie>,
    /// Kept, but not exactly as written.
    pub warnings: Vec<Warning>,
    /// Not kept at all.
    pub skipped: Vec<Warning>,
}

/// A GEDCOM date read as a partial date: the date, and what was lost on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateRead {
    pub date: Option<String>,
    pub note: Option<String>,
}

fn month(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    MONTHS
        .iter()
        .position(|m| *m == word)
        .map(|index| index as u32 + 1)
}

/// A year, with a dual year (`1750/51`, the old style and the new) read as the new one.
fn year(word: &str) -> Result<(i32, Option<String>), String> {
    let (first, dual) = match word.split_once('/') {
        Some((first, dual)) => (first, Some(dual)),
        None => (word, None),
    };
    let parsed: i32 = first
        .parse()
        .map_err(|_| format!("`{word}` is not a year"))?;
    let Some(dual) = dual else {
        return Ok((parsed, None));
    };
    let valid = !dual.is_empty()
        && dual.len() <= first.len()
        && dual.bytes().all(|b| b.is_ascii_digit())
        && format!("{}{dual}", &first[..first.len() - dual.len()])
            .parse::<i32>()
            .is_ok_and(|new| new == parsed + 1);
    if valid {
        Ok((
            parsed + 1,
            Some(format!("the dual year {word} was read as {}", parsed + 1)),
        ))
    } else {
        Ok((
            parsed,
            Some(format!("the dual year {word} is not one; read as {parsed}")),
        ))
    }
}

/// Reads a GEDCOM date (5.5.1 or 7.0) as the domain's partial date.
pub fn date(text: &str) -> DateRead {
    let lost = |why: String| DateRead {
        date: None,
        note: Some(why),
    };
    // A phrase in brackets says nothing a partial date can hold.
    let bare: String = match text.find('(') {
        Some(at) => text[..at].to_owned(),
        None => text.to_owned(),
    };
    let upper = bare.trim().to_uppercase();
    let mut words: Vec<&str> = upper.split_whitespace().collect();
    let mut notes: Vec<String> = Vec::new();
    let mut approximate = false;
    if words.is_empty() {
        return lost(format!("`{}` has no date", text.trim()));
    }
    // The calendar.
    match words[0] {
        "@#DGREGORIAN@" | "GREGORIAN" => {
            words.remove(0);
        }
        "@#DJULIAN@" | "JULIAN" => {
            words.remove(0);
            notes.push("a Julian date was kept as written".into());
        }
        first
            if first.starts_with("@#D")
                || ["HEBREW", "FRENCH_R", "ROMAN", "UNKNOWN"].contains(&first)
                || first.starts_with('_') =>
        {
            return lost(format!(
                "`{}` is in a calendar kinmap does not convert",
                text.trim()
            ));
        }
        _ => {}
    }
    // The qualifier; a range or a bound is kept as about its first date.
    match words.first().copied() {
        Some("ABT" | "CAL" | "EST") => {
            words.remove(0);
            approximate = true;
        }
        Some("INT") => {
            words.remove(0);
        }
        Some(bound @ ("BEF" | "AFT" | "BET" | "FROM" | "TO")) => {
            words.remove(0);
            approximate = true;
            if let Some(end) = words.iter().position(|w| *w == "AND" || *w == "TO") {
                words.truncate(end);
            }
            notes.push(format!(
                "`{}` ({bound}) was kept as about its first date",
                text.trim()
            ));
        }
        _ => {}
    }
    if words
        .iter()
        .any(|w| *w == "B.C." || *w == "BCE" || *w == "BC")
    {
        return lost(format!("`{}` is before the common era", text.trim()));
    }
    let (day, month_number, year_word) = match words.as_slice() {
        [year] => (None, None, *year),
        [m, year] => match month(m) {
            Some(m) => (None, Some(m), *year),
            None => return lost(format!("`{}` is not a date", text.trim())),
        },
        [d, m, year] => match (d.parse::<u32>().ok(), month(m)) {
            (Some(d), Some(m)) => (Some(d), Some(m), *year),
            _ => return lost(format!("`{}` is not a date", text.trim())),
        },
        _ => return lost(format!("`{}` is not a date", text.trim())),
    };
    let year = match year(year_word) {
        Ok((year, note)) => {
            notes.extend(note);
            year
        }
        Err(why) => return lost(why),
    };
    if !(1000..=9999).contains(&year) {
        return lost(format!("the year of `{}` has no four digits", text.trim()));
    }
    let mut edtf = format!("{year:04}");
    if let Some(m) = month_number {
        edtf.push_str(&format!("-{m:02}"));
        if let Some(d) = day {
            edtf.push_str(&format!("-{d:02}"));
        }
    }
    if approximate {
        edtf.push('~');
    }
    if graph::PartialDate::parse(&edtf).is_none() {
        return lost(format!("`{}` is not a day that exists", text.trim()));
    }
    DateRead {
        date: Some(edtf),
        note: (!notes.is_empty()).then(|| notes.join("; ")),
    }
}

/// Splits `Given /Surname/ suffix` into its given and family names.
fn name_parts(name: &Structure) -> (Option<String>, Option<String>) {
    let given = name.text("GIVN").map(str::to_owned);
    let family = name.text("SURN").map(str::to_owned);
    if given.is_some() || family.is_some() {
        return (given, family);
    }
    let value = name.value.as_deref().unwrap_or_default();
    let clean = |text: &str| {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        (!text.is_empty()).then_some(text)
    };
    match value.split_once('/') {
        Some((before, rest)) => {
            let (surname, after) = rest.split_once('/').unwrap_or((rest, ""));
            let given = clean(&format!("{before} {after}"));
            (given, clean(surname))
        }
        None => (clean(value), None),
    }
}

fn whole_name(name: &Structure) -> Option<String> {
    let (given, family) = name_parts(name);
    let joined = [given, family]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    (!joined.is_empty()).then_some(joined)
}

fn name_kind(name: &Structure) -> NameKind {
    match name.text("TYPE").map(str::to_uppercase).as_deref() {
        Some("MAIDEN") => NameKind::Maiden,
        Some("MARRIED") => NameKind::Married,
        Some("BIRTH") => NameKind::Birth,
        Some("AKA" | "ALIAS") => NameKind::Alias,
        Some("NICKNAME") => NameKind::Nickname,
        Some("FORMER") => NameKind::Former,
        _ => match name
            .child("TYPE")
            .and_then(|t| t.text("PHRASE"))
            .map(str::to_lowercase)
            .as_deref()
        {
            Some("nickname") => NameKind::Nickname,
            Some("former name") => NameKind::Former,
            _ => NameKind::Other,
        },
    }
}

/// `QUAY` 3 is direct evidence, 2 secondary, 1 and 0 questionable.
fn confidence_of(structure: &Structure) -> Option<Confidence> {
    structure
        .all("SOUR")
        .filter_map(|citation| citation.text("QUAY"))
        .map(|quay| match quay.trim() {
            "3" => Confidence::Confirmed,
            "2" => Confidence::Probable,
            _ => Confidence::Possible,
        })
        .max_by_key(|confidence| match confidence {
            Confidence::Confirmed => 2,
            Confidence::Probable => 1,
            Confidence::Possible => 0,
        })
}

fn social_kind(words: &str) -> RelationshipKind {
    match words.trim().to_lowercase().as_str() {
        "friend" => RelationshipKind::Friend,
        "nghbr" | "neighbour" | "neighbor" => RelationshipKind::Neighbour,
        "teacher" => RelationshipKind::Teacher,
        "mentor" => RelationshipKind::Mentor,
        "carer" | "caregiver" => RelationshipKind::Carer,
        "professional" | "social worker" => RelationshipKind::Professional,
        _ => RelationshipKind::Other,
    }
}

/// The notes on a structure: inline, and those it points to.
fn notes(structure: &Structure, shared: &HashMap<&str, &str>) -> Option<String> {
    let texts: Vec<&str> = structure
        .children
        .iter()
        .filter(|child| child.tag == "NOTE" || child.tag == "SNOTE")
        .filter_map(|note| match &note.pointer {
            Some(pointer) => shared.get(pointer.as_str()).copied(),
            None => note.value.as_deref(),
        })
        .filter(|text| !text.trim().is_empty())
        .collect();
    (!texts.is_empty()).then(|| texts.join("\n\n"))
}

fn person(
    indi: &Structure,
    shared: &HashMap<&str, &str>,
    out: &mut FileNetwork,
) -> Option<FilePerson> {
    let xref = indi.xref.clone()?;
    let mut names = indi.all("NAME");
    let primary = names.next();
    let (given, family) = primary.map(name_parts).unwrap_or((None, None));
    let mut preferred = primary
        .and_then(|name| name.text("NICK"))
        .map(str::to_owned);
    if given.is_none() && family.is_none() && preferred.is_none() {
        // Someone the file names only by a title, or not at all, still joins the family
        // together: they are kept under what the file does say.
        let (label, why) = match indi.text("TITL").map(str::trim).filter(|t| !t.is_empty()) {
            Some(title) => (
                title.to_owned(),
                format!("{xref} has no name; kept as `{title}`, their title"),
            ),
            None => (
                format!("unnamed ({xref} in the file)"),
                format!("{xref} has no name; kept as unnamed"),
            ),
        };
        preferred = Some(label);
        out.warnings.push(Warning {
            line: indi.line,
            message: why,
        });
    }
    let other_names: Vec<(String, NameKind)> = names
        .filter_map(|name| whole_name(name).map(|whole| (whole, name_kind(name))))
        .collect();
    let sex = indi
        .text("SEX")
        .and_then(|sex| match sex.trim().to_uppercase().as_str() {
            "M" => Some(Sex::Male),
            "F" => Some(Sex::Female),
            "X" => Some(Sex::Other),
            "U" => Some(Sex::Unknown),
            _ => None,
        });
    let born = indi
        .child("BIRT")
        .and_then(|birth| birth.child("DATE"))
        .and_then(|dated| {
            let read = date(dated.value.as_deref().unwrap_or_default());
            if let Some(note) = read.note {
                let list = if read.date.is_some() {
                    &mut out.warnings
                } else {
                    &mut out.skipped
                };
                list.push(Warning {
                    line: dated.line,
                    message: format!("{xref}'s birth date: {note}"),
                });
            }
            read.date
        });
    let key = indi
        .text("UID")
        .or_else(|| indi.text("_UID"))
        .or_else(|| {
            indi.all("REFN")
                .find(|refn| refn.text("TYPE") == Some("kinmap"))
                .and_then(|refn| refn.value.as_deref())
        })
        .map(str::to_owned)
        .unwrap_or_else(|| xref.clone());
    Some(FilePerson {
        key,
        line: indi.line,
        given,
        family,
        preferred,
        other_names,
        sex,
        born,
        deceased: indi.child("DEAT").is_some(),
        confidential: indi
            .text("RESN")
            .is_some_and(|resn| resn.to_uppercase().contains("CONFIDENTIAL")),
        notes: notes(indi, shared),
        child: false,
        membership: None,
        xref,
    })
}

/// How a child is in a family, from the child's `FAMC.PEDI`; `None` for a link that is not
/// parenthood (an LDS sealing).
fn pedigree(pedi: Option<&Structure>) -> Result<ParentKind, String> {
    let Some(pedi) = pedi else {
        return Ok(ParentKind::Birth);
    };
    let phrase = pedi.text("PHRASE").unwrap_or_default().to_lowercase();
    match pedi
        .value
        .as_deref()
        .unwrap_or_default()
        .trim()
        .to_uppercase()
        .as_str()
    {
        "BIRTH" | "" => Ok(ParentKind::Birth),
        "ADOPTED" => Ok(ParentKind::Adoptive),
        "FOSTER" => Ok(ParentKind::Foster),
        "OTHER" if phrase.contains("step") => Ok(ParentKind::Step),
        "OTHER" if phrase.contains("guardian") => Ok(ParentKind::Guardian),
        "SEALING" => Err("an LDS sealing is not a parent's tie".into()),
        other => Err(format!(
            "`{other}` is not a way of being a parent kinmap knows"
        )),
    }
}

/// What the file's records would bring to a network.
pub fn network(document: &Document) -> FileNetwork {
    let mut out = FileNetwork::default();
    let shared: HashMap<&str, &str> = document
        .records
        .iter()
        .filter(|r| r.tag == "NOTE" || r.tag == "SNOTE")
        .filter_map(|r| Some((r.xref.as_deref()?, r.value.as_deref()?)))
        .collect();
    let mut known: HashMap<String, usize> = HashMap::new();
    for indi in document.records("INDI") {
        match person(indi, &shared, &mut out) {
            Some(found) => {
                if known.insert(found.xref.clone(), out.people.len()).is_some() {
                    out.skipped.push(Warning {
                        line: indi.line,
                        message: format!("{} is a second record with the same id", found.xref),
                    });
                    continue;
                }
                out.people.push(found);
            }
            None => out.skipped.push(Warning {
                line: indi.line,
                message: "a person record without an id".into(),
            }),
        }
    }
    // Each child's pedigree in each family, from the child's own record.
    let mut pedigrees: HashMap<(String, String), (Result<ParentKind, String>, usize)> =
        HashMap::new();
    for indi in document.records("INDI") {
        let Some(child) = &indi.xref else { continue };
        for famc in indi.all("FAMC") {
            if let Some(family) = &famc.pointer {
                pedigrees.insert(
                    (child.clone(), family.clone()),
                    (pedigree(famc.child("PEDI")), famc.line),
                );
            }
        }
    }
    let exists = |xref: &str| known.contains_key(xref);
    let mut unknown_pointers: BTreeMap<usize, String> = BTreeMap::new();
    for fam in document.records("FAM") {
        let Some(family) = &fam.xref else { continue };
        let confidence = confidence_of(fam).unwrap_or(Confidence::Confirmed);
        let partners: Vec<(&str, usize)> = ["HUSB", "WIFE"]
            .into_iter()
            .filter_map(|tag| fam.child(tag))
            .filter_map(|s| s.pointer.as_deref().map(|p| (p, s.line)))
            .filter(|(p, line)| {
                let found = exists(p);
                if !found && *p != "@VOID@" {
                    unknown_pointers.insert(*line, (*p).to_owned());
                }
                found
            })
            .collect();
        let ending = fam.child("DIV").or_else(|| {
            fam.all("EVEN").find(|even| {
                even.text("TYPE").is_some_and(|t| {
                    t.to_lowercase().contains("ended") || t.to_lowercase().contains("separat")
                })
            })
        });
        let ended = ending.is_some();
        let ended_on = ending
            .and_then(|ending| ending.child("DATE"))
            .and_then(|dated| date(dated.value.as_deref().unwrap_or_default()).date);
        if let [(a, _), (b, _)] = partners.as_slice() {
            out.ties.push(FileTie {
                from: (*a).to_owned(),
                to: (*b).to_owned(),
                kind: RelationshipKind::Partner,
                parent_kind: None,
                confidence,
                quality: None,
                ended,
                ended_on,
                line: fam.line,
            });
        }
        // Brothers and sisters with no parent recorded: a family of children only.
        if partners.is_empty() {
            let children: Vec<&str> = fam
                .all("CHIL")
                .filter_map(|chil| chil.pointer.as_deref())
                .filter(|child| exists(child))
                .collect();
            if let [first, rest @ ..] = children.as_slice() {
                for other in rest {
                    out.ties.push(FileTie {
                        from: (*first).to_owned(),
                        to: (*other).to_owned(),
                        kind: RelationshipKind::Sibling,
                        parent_kind: None,
                        confidence,
                        quality: None,
                        ended: false,
                        ended_on: None,
                        line: fam.line,
                    });
                }
            }
        }
        for chil in fam.all("CHIL") {
            let Some(child) = chil.pointer.as_deref() else {
                continue;
            };
            if !exists(child) {
                if child != "@VOID@" {
                    unknown_pointers.insert(chil.line, child.to_owned());
                }
                continue;
            }
            let kind = match pedigrees.get(&(child.to_owned(), family.clone())) {
                Some((Ok(kind), _)) => *kind,
                Some((Err(why), line)) => {
                    out.skipped.push(Warning {
                        line: *line,
                        message: format!("{child} in {family}: {why}"),
                    });
                    continue;
                }
                None => ParentKind::Birth,
            };
            for (parent, _) in &partners {
                out.ties.push(FileTie {
                    from: (*parent).to_owned(),
                    to: child.to_owned(),
                    kind: RelationshipKind::Parent,
                    parent_kind: Some(kind),
                    confidence,
                    quality: None,
                    ended: false,
                    ended_on: None,
                    line: chil.line,
                });
            }
        }
    }
    for indi in document.records("INDI") {
        let Some(me) = &indi.xref else { continue };
        for asso in indi.all("ASSO") {
            let Some(other) = asso.pointer.as_deref() else {
                continue;
            };
            if !exists(other) {
                unknown_pointers.insert(asso.line, other.to_owned());
                continue;
            }
            let words = asso
                .child("ROLE")
                .and_then(|role| match role.value.as_deref() {
                    Some("OTHER") => role.text("PHRASE"),
                    other => other,
                })
                .or_else(|| asso.text("RELA"))
                .unwrap_or_default();
            out.ties.push(FileTie {
                from: other.to_owned(),
                to: me.clone(),
                kind: social_kind(words),
                parent_kind: None,
                confidence: confidence_of(asso).unwrap_or(Confidence::Confirmed),
                quality: None,
                ended: false,
                ended_on: None,
                line: asso.line,
            });
        }
    }
    for (line, pointer) in unknown_pointers {
        out.skipped.push(Warning {
            line,
            message: format!("{pointer} points to no person in the file"),
        });
    }
    // Extension tags are reported, once a tag, where they first appear.
    let mut extensions: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for structure in document.records.iter().flat_map(|record| record.walk()) {
        if structure.tag.starts_with('_') {
            let entry = extensions
                .entry(structure.tag.clone())
                .or_insert((structure.line, 0));
            entry.1 += 1;
        }
    }
    for (tag, (line, count)) in extensions {
        if tag == "_UID" {
            continue;
        }
        out.skipped.push(Warning {
            line,
            message: format!("the extension tag {tag} ({count} in all) is not read"),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use entity::enums::{ParentKind, RelationshipKind};

    use super::{date, network};
    use crate::imports::gedcom::read;

    fn fixture(path: &str) -> super::FileNetwork {
        let bytes = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../tests/fixtures/gedcom")
                .join(path),
        )
        .unwrap_or_else(|error| panic!("{path}: {error}"));
        network(&read(&bytes).unwrap_or_else(|error| panic!("{path}: {error}")))
    }

    #[test]
    fn gedcom_dates_become_partial_dates_and_say_what_they_lost() {
        let kept = |text: &str| date(text).date;
        assert_eq!(kept("17 MAY 1962").as_deref(), Some("1962-05-17"));
        assert_eq!(kept("MAY 1962").as_deref(), Some("1962-05"));
        assert_eq!(kept("1962").as_deref(), Some("1962"));
        assert_eq!(kept("ABT 1962").as_deref(), Some("1962~"));
        assert_eq!(
            kept("@#DGREGORIAN@ 2 SEP 1966").as_deref(),
            Some("1966-09-02")
        );
        assert_eq!(kept("BET 1950 AND 1960").as_deref(), Some("1950~"));
        assert!(date("BEF 1900").note.is_some());
        assert_eq!(kept("1750/51").as_deref(), Some("1751"));
        let invalid = date("1701/99");
        assert_eq!(
            (invalid.date.as_deref(), invalid.note.is_some()),
            (Some("1701"), true)
        );
        for lost in [
            "@#DHEBREW@ 1 TSH 5780",
            "1401 B.C.",
            "31 FEB 1900",
            "730",
            "(sometime)",
            "SPRING 1900",
        ] {
            let read = date(lost);
            assert_eq!(read.date, None, "{lost}");
            assert!(read.note.is_some(), "{lost}");
        }
    }

    #[test]
    fn every_conformance_date_reads_or_says_why_not() {
        for file in ["conformance/5/date-all.ged", "conformance/7/date-all.ged"] {
            let bytes = std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../tests/fixtures/gedcom")
                    .join(file),
            )
            .unwrap_or_else(|error| panic!("{error}"));
            let document = read(&bytes).unwrap_or_else(|error| panic!("{error}"));
            let all: Vec<&str> = document
                .records
                .iter()
                .flat_map(|record| record.walk())
                .filter(|structure| structure.tag == "DATE")
                .filter_map(|structure| structure.value.as_deref())
                .collect();
            assert!(all.len() > 1000, "{file}: {}", all.len());
            let kept = all.iter().filter(|d| date(d).date.is_some()).count();
            assert!(all.iter().all(|d| {
                let r = date(d);
                r.date.is_some() || r.note.is_some()
            }));
            assert!(kept > 100, "{file}: only {kept} of {} kept", all.len());
        }
    }

    #[test]
    fn royal92_brings_its_people_and_their_families() {
        let royal = fixture("samples/royal92.ged");
        assert_eq!(royal.people.len(), 3010);
        let victoria = royal
            .people
            .iter()
            .find(|p| {
                p.given.as_deref() == Some("Victoria") && p.family.as_deref() == Some("Hanover")
            })
            .unwrap_or_else(|| panic!("no Queen Victoria"));
        assert_eq!(victoria.born.as_deref(), Some("1819-05-24"));
        let children = royal
            .ties
            .iter()
            .filter(|t| t.kind == RelationshipKind::Parent && t.from == victoria.xref)
            .count();
        assert_eq!(children, 9, "Victoria had nine children");
        let partners: Vec<_> = royal
            .ties
            .iter()
            .filter(|t| {
                t.kind == RelationshipKind::Partner
                    && (t.from == victoria.xref || t.to == victoria.xref)
            })
            .collect();
        assert_eq!(partners.len(), 1, "one husband, Albert");
    }

    #[test]
    fn pedigrees_associations_and_pointers_map_as_written() {
        let pedi = fixture("conformance/5/pedi-1.ged");
        assert_eq!(pedi.people.len(), 1);
        assert!(
            pedi.ties.is_empty(),
            "a family without parents gives no tie"
        );
        let rela = fixture("conformance/5/rela_1.ged");
        let kinds: Vec<RelationshipKind> = rela.ties.iter().map(|t| t.kind).collect();
        assert!(
            kinds.contains(&RelationshipKind::Neighbour)
                && kinds.contains(&RelationshipKind::Friend),
            "{kinds:?}"
        );
        let kennedy = fixture("samples/kennedy.ged");
        assert!(kennedy.people.len() > 200);
        assert!(
            kennedy
                .ties
                .iter()
                .any(|t| t.parent_kind == Some(ParentKind::Birth))
        );
    }
}
