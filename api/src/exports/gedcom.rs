//! GEDCOM 7.0 and 5.5.1, written by hand: no crate writes valid 7.0 (ged_io's 7.0 output
//! keeps `CONC` and `HEAD.CHAR`, which 7.0 removed). A person is an `INDI` with every name,
//! sex, birth and death and a stable id; parents and their children are a `FAM` each, in
//! the way they are parents (`PEDI`); a step-parent's family is theirs with the child in it;
//! partners are a `FAM`; friends, teachers and professionals are `ASSO`s. How sure each tie
//! is becomes the `QUAY` of a citation of the one source, the network itself. A person whose
//! location is protected carries `RESN CONFIDENTIAL`.

use std::collections::{BTreeSet, HashMap};

use entity::{
    enums::{Confidence, NameKind, ParentKind, RelationshipKind, Sex},
    relationship,
};
use uuid::Uuid;

use crate::service::exports::{FilePerson, NetworkFile};

/// Which GEDCOM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    Seven,
    FiveFiveOne,
}

/// Lines being written, at their levels, with each version's escapes.
struct Lines {
    out: String,
    version: Version,
}

/// 5.5.1 allows 255 characters a line; long values go on in `CONC` lines.
const LINE_MAX: usize = 200;

impl Lines {
    fn escape(&self, payload: &str) -> String {
        match self.version {
            // 7.0 doubles only a leading `@`.
            Version::Seven if payload.starts_with('@') => format!("@{payload}"),
            Version::Seven => payload.to_owned(),
            Version::FiveFiveOne => payload.replace('@', "@@"),
        }
    }

    fn line(&mut self, level: u8, tag: &str, payload: Option<&str>) {
        self.out.push_str(&level.to_string());
        self.out.push(' ');
        self.out.push_str(tag);
        let Some(payload) = payload else {
            self.out.push('\n');
            return;
        };
        // A value of several lines goes on in CONT lines.
        for (index, part) in payload.split(['\n', '\r']).enumerate() {
            let part = self.escape(part);
            if index > 0 {
                self.out.push_str(&format!("{} CONT", level + 1));
            }
            let mut rest = part.as_str();
            let mut first = true;
            loop {
                let cut = if self.version == Version::FiveFiveOne && rest.len() > LINE_MAX {
                    // Not inside a character, and not after a space (CONC joins exactly).
                    let mut at = LINE_MAX;
                    while !rest.is_char_boundary(at) || rest[..at].ends_with(' ') {
                        at -= 1;
                    }
                    at
                } else {
                    rest.len()
                };
                if !first {
                    self.out.push_str(&format!("{} CONC", level + 1));
                }
                if !rest[..cut].is_empty() {
                    self.out.push(' ');
                    self.out.push_str(&rest[..cut]);
                }
                self.out.push('\n');
                rest = &rest[cut..];
                first = false;
                if rest.is_empty() {
                    break;
                }
            }
        }
    }

    /// A line whose payload is a pointer to a record, written as it is.
    fn pointer(&mut self, level: u8, tag: &str, xref: &str) {
        self.out.push_str(&format!("{level} {tag} {xref}\n"));
    }

    fn record(&mut self, xref: &str, tag: &str) {
        self.out.push_str(&format!("0 {xref} {tag}\n"));
    }
}

/// A partial date (`1962`, `1962-05`, `1962-05-17`, `1962~`) in GEDCOM's own words
/// (`1962`, `MAY 1962`, `17 MAY 1962`, `ABT 1962`); `None` for anything else.
pub fn date(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let date = graph::PartialDate::parse(text)?;
    let mut words = String::new();
    if date.approximate {
        words.push_str("ABT ");
    }
    if let Some(day) = date.day {
        words.push_str(&format!("{day} "));
    }
    if let Some(month) = date.month {
        words.push_str(MONTHS.get(month as usize - 1)?);
        words.push(' ');
    }
    words.push_str(&format!("{:04}", date.year));
    Some(words)
}

/// `QUAY`: 3 direct evidence, 2 secondary, 1 questionable.
fn quay(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::Confirmed => "3",
        Confidence::Probable => "2",
        Confidence::Possible => "1",
    }
}

/// A name part without the slashes that delimit a GEDCOM surname.
fn part(text: &str) -> String {
    text.replace('/', " ").trim().to_owned()
}

/// How a child is in a family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Pedigree {
    Birth,
    Adopted,
    Foster,
    Guardian,
    Step,
}

impl Pedigree {
    fn of(kind: Option<ParentKind>) -> Self {
        match kind {
            Some(ParentKind::Adoptive) => Pedigree::Adopted,
            Some(ParentKind::Foster) => Pedigree::Foster,
            Some(ParentKind::Guardian) => Pedigree::Guardian,
            Some(ParentKind::Step) => Pedigree::Step,
            Some(ParentKind::Birth) | None => Pedigree::Birth,
        }
    }

    /// The `PEDI` value, and a phrase where the version's values have no word for it.
    fn words(self, version: Version) -> (&'static str, Option<&'static str>) {
        match (self, version) {
            (Pedigree::Birth, Version::Seven) => ("BIRTH", None),
            (Pedigree::Adopted, Version::Seven) => ("ADOPTED", None),
            (Pedigree::Foster, Version::Seven) => ("FOSTER", None),
            (Pedigree::Guardian, Version::Seven) => ("OTHER", Some("Guardian")),
            (Pedigree::Step, Version::Seven) => ("OTHER", Some("Step-child")),
            (Pedigree::Birth, Version::FiveFiveOne) => ("birth", None),
            (Pedigree::Adopted, Version::FiveFiveOne) => ("adopted", None),
            (Pedigree::Foster | Pedigree::Guardian | Pedigree::Step, Version::FiveFiveOne) => {
                ("foster", None)
            }
        }
    }
}

/// A family: up to two partners, the children in it and how, and how sure its ties are.
#[derive(Default)]
struct Family {
    partners: Vec<Uuid>,
    children: Vec<(Uuid, Pedigree)>,
    /// The least sure tie of the family.
    confidence: Option<Confidence>,
    /// When the partnership ended, if it did.
    ended: Option<Option<String>>,
}

fn least_sure(a: Option<Confidence>, b: Confidence) -> Option<Confidence> {
    let rank = |c: Confidence| match c {
        Confidence::Confirmed => 0,
        Confidence::Probable => 1,
        Confidence::Possible => 2,
    };
    Some(match a {
        Some(a) if rank(a) >= rank(b) => a,
        _ => b,
    })
}

/// The families of a network: each set of parents of one kind with their children, the
/// families of step-parents, recorded couples without children, and brothers and sisters
/// recorded without a parent.
fn families(file: &NetworkFile) -> Vec<Family> {
    let mut families: Vec<Family> = Vec::new();
    let mut index: HashMap<(Vec<Uuid>, bool), usize> = HashMap::new();
    let partners: Vec<&relationship::View> = file
        .relationships
        .iter()
        .filter(|r| r.kind == RelationshipKind::Partner)
        .collect();
    let partnered = |a: Uuid, b: Uuid| {
        partners.iter().any(|r| {
            (r.from_person_id == a && r.to_person_id == b)
                || (r.from_person_id == b && r.to_person_id == a)
        })
    };
    let mut family_of = |families: &mut Vec<Family>, mut parents: Vec<Uuid>| {
        parents.sort();
        parents.dedup();
        *index.entry((parents.clone(), true)).or_insert_with(|| {
            families.push(Family {
                partners: parents,
                ..Family::default()
            });
            families.len() - 1
        })
    };
    // Each child's parents, by how they are parents.
    let mut parents_of: HashMap<Uuid, Vec<(Uuid, Pedigree, Confidence)>> = HashMap::new();
    for r in &file.relationships {
        if r.kind == RelationshipKind::Parent {
            parents_of.entry(r.to_person_id).or_default().push((
                r.from_person_id,
                Pedigree::of(r.parent_kind),
                r.confidence,
            ));
        }
    }
    for person in &file.people {
        let id = person.person.person().id;
        let Some(parents) = parents_of.get(&id) else {
            continue;
        };
        let birth: Vec<Uuid> = parents
            .iter()
            .filter(|(_, p, _)| *p == Pedigree::Birth)
            .map(|(parent, _, _)| *parent)
            .collect();
        let kinds: BTreeSet<Pedigree> = parents.iter().map(|(_, p, _)| *p).collect();
        for kind in kinds {
            let of_kind: Vec<(Uuid, Confidence)> = parents
                .iter()
                .filter(|(_, p, _)| *p == kind)
                .map(|(parent, _, confidence)| (*parent, *confidence))
                .collect();
            // Two parents a family; a step-parent's family is theirs and their partner's.
            let groups: Vec<Vec<(Uuid, Confidence)>> = if kind == Pedigree::Step {
                of_kind
                    .iter()
                    .map(|(step, confidence)| {
                        let mut group = vec![(*step, *confidence)];
                        if let Some(parent) = birth.iter().find(|b| partnered(**b, *step)) {
                            group.push((*parent, *confidence));
                        }
                        group
                    })
                    .collect()
            } else {
                of_kind.chunks(2).map(<[_]>::to_vec).collect()
            };
            for group in groups {
                let at = family_of(&mut families, group.iter().map(|(p, _)| *p).collect());
                let family = &mut families[at];
                family.children.push((id, kind));
                for (_, confidence) in group {
                    family.confidence = least_sure(family.confidence, confidence);
                }
            }
        }
    }
    for r in partners {
        let at = family_of(&mut families, vec![r.from_person_id, r.to_person_id]);
        let family = &mut families[at];
        family.confidence = least_sure(family.confidence, r.confidence);
        if r.ended_on.is_some() || family.ended.is_some() {
            family.ended = Some(r.ended_on.clone());
        }
    }
    // Brothers and sisters with no family in common: a family without parents.
    for r in &file.relationships {
        if r.kind != RelationshipKind::Sibling {
            continue;
        }
        let (a, b) = (r.from_person_id, r.to_person_id);
        let share = families.iter().any(|f| {
            f.children.iter().any(|(c, _)| *c == a) && f.children.iter().any(|(c, _)| *c == b)
        });
        if share {
            continue;
        }
        let found = families.iter().position(|f| {
            f.partners.is_empty() && f.children.iter().any(|(c, _)| *c == a || *c == b)
        });
        let at = found.unwrap_or_else(|| {
            families.push(Family::default());
            families.len() - 1
        });
        let family = &mut families[at];
        for child in [a, b] {
            if !family.children.iter().any(|(c, _)| *c == child) {
                family.children.push((child, Pedigree::Birth));
            }
        }
        family.confidence = least_sure(family.confidence, r.confidence);
    }
    families
}

/// `ROLE` (7.0, with a phrase where its values have no word) or `RELA` (5.5.1, free
/// words) of someone tied to a person socially.
fn role(kind: RelationshipKind, version: Version) -> (&'static str, Option<&'static str>) {
    let (seven, words) = match kind {
        RelationshipKind::Friend => ("FRIEND", "Friend"),
        RelationshipKind::Neighbour => ("NGHBR", "Neighbour"),
        RelationshipKind::Teacher => ("OTHER", "Teacher"),
        RelationshipKind::Mentor => ("OTHER", "Mentor"),
        RelationshipKind::Carer => ("OTHER", "Carer"),
        RelationshipKind::Professional => ("OTHER", "Professional"),
        _ => ("OTHER", "Connection"),
    };
    match version {
        Version::Seven => (seven, (seven == "OTHER").then_some(words)),
        Version::FiveFiveOne => (words, None),
    }
}

/// A name's `TYPE`, and a phrase where the version's values have no word for it.
fn name_type(kind: NameKind, version: Version) -> (&'static str, Option<&'static str>) {
    match (kind, version) {
        (NameKind::Birth, Version::Seven) => ("BIRTH", None),
        (NameKind::Maiden, Version::Seven) => ("MAIDEN", None),
        (NameKind::Married, Version::Seven) => ("MARRIED", None),
        (NameKind::Alias, Version::Seven) => ("AKA", None),
        (NameKind::Former, Version::Seven) => ("OTHER", Some("Former name")),
        (NameKind::Nickname, Version::Seven) => ("OTHER", Some("Nickname")),
        (NameKind::Other, Version::Seven) => ("OTHER", None),
        (NameKind::Birth, Version::FiveFiveOne) => ("birth", None),
        (NameKind::Maiden, Version::FiveFiveOne) => ("maiden", None),
        (NameKind::Married, Version::FiveFiveOne) => ("married", None),
        (NameKind::Alias, Version::FiveFiveOne) => ("aka", None),
        (NameKind::Former, Version::FiveFiveOne) => ("former", None),
        (NameKind::Nickname, Version::FiveFiveOne) => ("nickname", None),
        (NameKind::Other, Version::FiveFiveOne) => ("other", None),
    }
}

fn individual(lines: &mut Lines, person: &FilePerson, xref: &HashMap<Uuid, String>, links: &Links) {
    let version = lines.version;
    let record = person.person.person();
    lines.record(&xref[&record.id], "INDI");
    if person.person.location_protected() {
        let value = match version {
            Version::Seven => "CONFIDENTIAL",
            Version::FiveFiveOne => "confidential",
        };
        lines.line(1, "RESN", Some(value));
    }
    let given = record.given_name.as_deref().map(part).unwrap_or_default();
    let family = record.family_name.as_deref().map(part).unwrap_or_default();
    let full = match (given.is_empty(), family.is_empty()) {
        (_, false) => format!("{given} /{family}/").trim().to_owned(),
        (false, true) => given.clone(),
        (true, true) => "//".to_owned(),
    };
    lines.line(1, "NAME", Some(&full));
    if !given.is_empty() {
        lines.line(2, "GIVN", Some(&given));
    }
    if !family.is_empty() {
        lines.line(2, "SURN", Some(&family));
    }
    if let Some(preferred) = record.preferred_name.as_deref().map(part)
        && !preferred.is_empty()
    {
        lines.line(2, "NICK", Some(&preferred));
    }
    for other in &person.other_names {
        let name = part(&other.name);
        if name.is_empty() {
            continue;
        }
        // The last word as the surname: "Carol Pritchard" is Carol /Pritchard/.
        let written = match name.rsplit_once(' ') {
            Some((first, last)) => format!("{first} /{last}/"),
            None => name.clone(),
        };
        lines.line(1, "NAME", Some(&written));
        let (kind, phrase) = name_type(other.kind, version);
        lines.line(2, "TYPE", Some(kind));
        if let Some(phrase) = phrase {
            lines.line(3, "PHRASE", Some(phrase));
        }
    }
    let sex = match (record.sex, version) {
        (Some(Sex::Male), _) => "M",
        (Some(Sex::Female), _) => "F",
        (Some(Sex::Other), Version::Seven) => "X",
        _ => "U",
    };
    lines.line(1, "SEX", Some(sex));
    if let Some(born) = record.birth_date.as_deref().and_then(date) {
        lines.line(1, "BIRT", None);
        lines.line(2, "DATE", Some(&born));
    }
    if record.deceased {
        lines.line(1, "DEAT", Some("Y"));
    }
    for (family, pedigree) in links.in_family.get(&record.id).into_iter().flatten() {
        lines.pointer(1, "FAMC", &format!("@F{family}@"));
        let (value, phrase) = pedigree.words(version);
        lines.line(2, "PEDI", Some(value));
        if let (Some(phrase), Version::Seven) = (phrase, version) {
            lines.line(3, "PHRASE", Some(phrase));
        }
    }
    for family in links.partner_in.get(&record.id).into_iter().flatten() {
        lines.pointer(1, "FAMS", &format!("@F{family}@"));
    }
    for (other, kind, confidence) in links.associates.get(&record.id).into_iter().flatten() {
        let Some(other) = xref.get(other) else {
            continue;
        };
        lines.pointer(1, "ASSO", other);
        let (value, phrase) = role(*kind, version);
        match version {
            Version::Seven => {
                lines.line(2, "ROLE", Some(value));
                if let Some(phrase) = phrase {
                    lines.line(3, "PHRASE", Some(phrase));
                }
            }
            Version::FiveFiveOne => lines.line(2, "RELA", Some(value)),
        }
        lines.pointer(2, "SOUR", SOURCE);
        lines.line(3, "QUAY", Some(quay(*confidence)));
    }
    match version {
        Version::Seven => lines.line(1, "UID", Some(&record.id.to_string())),
        Version::FiveFiveOne => {
            lines.line(1, "REFN", Some(&record.id.to_string()));
            lines.line(2, "TYPE", Some("kinmap"));
        }
    }
}

/// The links of each person to families and to associates.
#[derive(Default)]
struct Links {
    in_family: HashMap<Uuid, Vec<(usize, Pedigree)>>,
    partner_in: HashMap<Uuid, Vec<usize>>,
    /// On the person tied to: who is tied to them, how, how surely.
    associates: HashMap<Uuid, Vec<(Uuid, RelationshipKind, Confidence)>>,
}

const SOURCE: &str = "@S1@";

pub fn write(file: &NetworkFile, version: Version) -> String {
    let mut lines = Lines {
        out: String::with_capacity(1024 + file.people.len() * 300),
        version,
    };
    let xref: HashMap<Uuid, String> = file
        .people
        .iter()
        .enumerate()
        .map(|(index, person)| (person.person.person().id, format!("@I{}@", index + 1)))
        .collect();
    let families = families(file);
    let mut links = Links::default();
    for (index, family) in families.iter().enumerate() {
        for partner in &family.partners {
            links
                .partner_in
                .entry(*partner)
                .or_default()
                .push(index + 1);
        }
        for (child, pedigree) in &family.children {
            links
                .in_family
                .entry(*child)
                .or_default()
                .push((index + 1, *pedigree));
        }
    }
    for r in &file.relationships {
        if !matches!(
            r.kind,
            RelationshipKind::Parent | RelationshipKind::Partner | RelationshipKind::Sibling
        ) {
            links.associates.entry(r.to_person_id).or_default().push((
                r.from_person_id,
                r.kind,
                r.confidence,
            ));
        }
    }

    // The header.
    let now = file.written_at;
    let day = now.format("%-d %b %Y").to_string().to_uppercase();
    let time = now.format("%H:%M:%S").to_string();
    lines.line(0, "HEAD", None);
    if version == Version::Seven {
        lines.line(1, "GEDC", None);
        lines.line(2, "VERS", Some("7.0"));
    }
    lines.line(1, "SOUR", Some("KINMAP"));
    lines.line(2, "VERS", Some(env!("CARGO_PKG_VERSION")));
    lines.line(2, "NAME", Some("kinmap"));
    lines.line(1, "DATE", Some(&day));
    lines.line(2, "TIME", Some(&time));
    if version == Version::FiveFiveOne {
        lines.pointer(1, "SUBM", "@U1@");
        lines.line(1, "GEDC", None);
        lines.line(2, "VERS", Some("5.5.1"));
        lines.line(2, "FORM", Some("LINEAGE-LINKED"));
        lines.line(1, "CHAR", Some("UTF-8"));
    }

    for person in &file.people {
        individual(&mut lines, person, &xref, &links);
    }
    for (index, family) in families.iter().enumerate() {
        lines.record(&format!("@F{}@", index + 1), "FAM");
        let sex = |id: &Uuid| {
            file.people
                .iter()
                .find(|p| p.person.person().id == *id)
                .and_then(|p| p.person.person().sex)
        };
        // HUSB and WIFE are the two partners: the man first where the couple is a man and
        // a woman, as GEDCOM readers expect.
        let mut partners = family.partners.clone();
        partners.sort_by_key(|p| sex(p) != Some(Sex::Male));
        for (tag, partner) in ["HUSB", "WIFE"].into_iter().zip(&partners) {
            if let Some(xref) = xref.get(partner) {
                lines.pointer(1, tag, xref);
            }
        }
        for (child, _) in &family.children {
            if let Some(xref) = xref.get(child) {
                lines.pointer(1, "CHIL", xref);
            }
        }
        if let Some(ended) = &family.ended {
            lines.line(1, "EVEN", None);
            lines.line(2, "TYPE", Some("Partnership ended"));
            if let Some(on) = ended.as_deref().and_then(date) {
                lines.line(2, "DATE", Some(&on));
            }
        }
        if let Some(confidence) = family.confidence {
            lines.pointer(1, "SOUR", SOURCE);
            lines.line(2, "QUAY", Some(quay(confidence)));
        }
    }
    lines.record(SOURCE, "SOUR");
    lines.line(
        1,
        "TITL",
        Some(&format!(
            "kinmap network record of {}",
            file.child.case_reference
        )),
    );
    if version == Version::FiveFiveOne {
        lines.record("@U1@", "SUBM");
        lines.line(1, "NAME", Some("kinmap"));
    }
    lines.line(0, "TRLR", None);
    lines.out
}

#[cfg(test)]
mod tests {
    use super::date;

    #[test]
    fn partial_dates_are_written_in_gedcom_words() {
        assert_eq!(date("1962").as_deref(), Some("1962"));
        assert_eq!(date("1962-05").as_deref(), Some("MAY 1962"));
        assert_eq!(date("1962-05-17").as_deref(), Some("17 MAY 1962"));
        assert_eq!(date("1962~").as_deref(), Some("ABT 1962"));
        assert_eq!(date("2019-11-20%").as_deref(), Some("ABT 20 NOV 2019"));
        assert_eq!(date("soon"), None);
    }
}
