//! Duplicates: the same person recorded twice (across siblings' networks, under a maiden
//! and a married name, with a nickname), scored on names, birth dates, area and shared
//! relatives. Blocking keeps the comparison far from every pair.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::{dates::PartialDate, network::PersonId};

/// One person as the duplicate scan sees them. Names should be lower-case without
/// accents (the scan folds case again, not accents).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonRecord {
    pub id: PersonId,
    pub given: String,
    pub family: String,
    /// Other full names ("carol pritchard"), each "given family".
    pub other_names: Vec<String>,
    pub birth: Option<PartialDate>,
    pub area: Option<String>,
    /// Everyone they have a recorded relationship with.
    pub relatives: Vec<PersonId>,
}

/// Two records that may be one person.
#[derive(Clone, Debug, PartialEq)]
pub struct DuplicateCandidate {
    /// The lower id first.
    pub a: PersonId,
    pub b: PersonId,
    /// 0 to 1.
    pub score: f64,
    pub reasons: Vec<String>,
}

/// Scores at or above this are offered as candidates.
pub const DEFAULT_THRESHOLD: f64 = 0.75;

/// Common English nicknames and the names they stand for.
const NICKNAMES: &[(&str, &str)] = &[
    ("peggy", "margaret"),
    ("maggie", "margaret"),
    ("meg", "margaret"),
    ("liz", "elizabeth"),
    ("lizzie", "elizabeth"),
    ("beth", "elizabeth"),
    ("betty", "elizabeth"),
    ("kate", "katherine"),
    ("katie", "katherine"),
    ("kath", "katherine"),
    ("caz", "caroline"),
    ("carol", "caroline"),
    ("sue", "susan"),
    ("jenny", "jennifer"),
    ("jen", "jennifer"),
    ("bill", "william"),
    ("billy", "william"),
    ("will", "william"),
    ("bob", "robert"),
    ("rob", "robert"),
    ("bobby", "robert"),
    ("jim", "james"),
    ("jimmy", "james"),
    ("jamie", "james"),
    ("dave", "david"),
    ("mike", "michael"),
    ("mick", "michael"),
    ("tony", "anthony"),
    ("sam", "samuel"),
    ("dan", "daniel"),
    ("danny", "daniel"),
    ("chris", "christopher"),
    ("steve", "steven"),
    ("stephen", "steven"),
    ("tom", "thomas"),
    ("tommy", "thomas"),
    ("ted", "edward"),
    ("eddie", "edward"),
    ("jack", "john"),
    ("johnny", "john"),
    ("kel", "kelly"),
    ("nan", "nancy"),
    ("pat", "patricia"),
    ("trish", "patricia"),
    ("debbie", "deborah"),
    ("deb", "deborah"),
    ("mandy", "amanda"),
    ("alex", "alexander"),
];

fn canonical(given: &str) -> &str {
    NICKNAMES
        .iter()
        .find(|(nick, _)| *nick == given)
        .map_or(given, |(_, full)| full)
}

/// Jaro-Winkler similarity, 0 to 1: `strsim`'s Jaro similarity, with Winkler's boost for a
/// common prefix of up to four letters. The boost applies at every similarity, not only
/// above 0.7 as in `strsim::jaro_winkler`: short name keys ("jo", "joanne") score low on
/// Jaro alone, and the duplicate threshold was set with the boost on. The greedy matching
/// of the textbook algorithm can differ with the order of its arguments, so they are put
/// in a fixed order first.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    let jaro = strsim::jaro(a, b);
    let prefix = a
        .chars()
        .zip(b.chars())
        .take(4)
        .take_while(|(x, y)| x == y)
        .count() as f64;
    jaro + prefix * 0.1 * (1.0 - jaro)
}

/// American Soundex of a name: similar-sounding surnames share a code.
pub fn soundex(name: &str) -> String {
    fn digit(c: char) -> Option<char> {
        match c {
            'b' | 'f' | 'p' | 'v' => Some('1'),
            'c' | 'g' | 'j' | 'k' | 'q' | 's' | 'x' | 'z' => Some('2'),
            'd' | 't' => Some('3'),
            'l' => Some('4'),
            'm' | 'n' => Some('5'),
            'r' => Some('6'),
            _ => None,
        }
    }
    let letters: Vec<char> = name
        .chars()
        .flat_map(char::to_lowercase)
        .filter(char::is_ascii_alphabetic)
        .collect();
    let Some(first) = letters.first() else {
        return String::new();
    };
    let mut code = first.to_ascii_uppercase().to_string();
    let mut last = digit(*first);
    for c in &letters[1..] {
        let d = digit(*c);
        if d.is_some() && d != last {
            if let Some(d) = d {
                code.push(d);
            }
            if code.len() == 4 {
                break;
            }
        }
        if *c != 'h' && *c != 'w' {
            last = d;
        }
    }
    while code.len() < 4 {
        code.push('0');
    }
    code
}

/// Every "given family" a record goes by, split into (given, family).
fn names(record: &PersonRecord) -> Vec<(String, String)> {
    let mut all = vec![(record.given.to_lowercase(), record.family.to_lowercase())];
    for other in &record.other_names {
        let other = other.to_lowercase();
        let mut words: Vec<&str> = other.split_whitespace().collect();
        let family = words.pop().unwrap_or_default().to_owned();
        let given = words.first().map_or(String::new(), |w| (*w).to_owned());
        let given = if given.is_empty() {
            record.given.to_lowercase()
        } else {
            given
        };
        all.push((given, family));
    }
    all
}

/// How alike two dates are: `None` when they cannot be the same day.
fn date_agreement(a: &PartialDate, b: &PartialDate) -> Option<f64> {
    let slack = if a.approximate || b.approximate { 1 } else { 0 };
    if (a.year - b.year).abs() > slack {
        return None;
    }
    if a.approximate || b.approximate {
        return Some(0.6);
    }
    match (a.month, b.month) {
        (Some(x), Some(y)) if x != y => return None,
        (Some(_), Some(_)) => {}
        _ => return Some(0.6),
    }
    match (a.day, b.day) {
        (Some(x), Some(y)) if x != y => None,
        (Some(_), Some(_)) => Some(1.0),
        _ => Some(0.8),
    }
}

/// How likely two records are one person, with the reasons. Symmetric.
pub fn score(a: &PersonRecord, b: &PersonRecord) -> (f64, Vec<String>) {
    // Birth dates that cannot be the same day settle it, before any name is compared.
    let dates = match (&a.birth, &b.birth) {
        (Some(x), Some(y)) => match date_agreement(x, y) {
            Some(agreement) => Some(agreement),
            None => return (0.0, vec!["birth dates disagree".to_owned()]),
        },
        _ => None,
    };
    let mut reasons = Vec::new();
    let mut name: f64 = 0.0;
    for (ga, fa) in names(a) {
        for (gb, fb) in names(b) {
            let family = jaro_winkler(&fa, &fb);
            let given = jaro_winkler(&ga, &gb).max(jaro_winkler(canonical(&ga), canonical(&gb)));
            name = name.max(0.55 * family + 0.45 * given);
        }
    }
    if name >= 0.97 {
        reasons.push("same name".to_owned());
    } else if name >= 0.85 {
        reasons.push("similar names".to_owned());
    }
    let mut total = 0.6 * name;
    match dates {
        Some(agreement) => {
            total += 0.25 * agreement;
            reasons.push("birth dates agree".to_owned());
        }
        None => total += 0.08,
    }
    if let (Some(x), Some(y)) = (&a.area, &b.area)
        && !x.is_empty()
        && x.eq_ignore_ascii_case(y)
    {
        total += 0.05;
        reasons.push("same area".to_owned());
    }
    let ra: BTreeSet<PersonId> = a.relatives.iter().copied().collect();
    let rb: BTreeSet<PersonId> = b.relatives.iter().copied().collect();
    let shared = ra.intersection(&rb).count();
    if shared > 0 {
        total += (0.05 * shared as f64).min(0.15);
        reasons.push(format!("{shared} relatives in common"));
    }
    (total.clamp(0.0, 1.0), reasons)
}

/// The blocking keys of a record: two records are compared only if they share one.
fn keys(record: &PersonRecord) -> Vec<String> {
    let mut keys = Vec::new();
    let year = record.birth.map(|birth| birth.year);
    for (given, family) in names(record) {
        let start: String = canonical(&given).chars().take(2).collect();
        keys.push(format!("f:{}:{start}", soundex(&family)));
        // A changed surname: the same first name (or its full form) and birth year.
        if let Some(year) = year {
            keys.push(format!("g:{}:{year}", soundex(canonical(&given))));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// Pairs of records that may be the same person, best first.
///
/// # Complexity
/// O(N · k + Σ b²) for N records with k keys each and blocks of size b; blocks larger than
/// a few hundred (very common names) are compared only within a birth year.
pub fn duplicate_candidates(records: &[PersonRecord], threshold: f64) -> Vec<DuplicateCandidate> {
    const BLOCK_LIMIT: usize = 300;
    let mut blocks: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, record) in records.iter().enumerate() {
        for key in keys(record) {
            blocks.entry(key).or_default().push(index);
        }
    }
    let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
    for members in blocks.values() {
        if members.len() > BLOCK_LIMIT {
            let mut by_year: BTreeMap<Option<i32>, Vec<usize>> = BTreeMap::new();
            for &index in members {
                by_year
                    .entry(records[index].birth.map(|b| b.year))
                    .or_default()
                    .push(index);
            }
            for group in by_year.values().filter(|g| g.len() <= BLOCK_LIMIT) {
                add_pairs(group, &mut pairs);
            }
        } else {
            add_pairs(members, &mut pairs);
        }
    }
    let mut found: Vec<DuplicateCandidate> = pairs
        .into_iter()
        .filter_map(|(i, j)| {
            let (score, reasons) = score(&records[i], &records[j]);
            (score >= threshold).then(|| {
                let (a, b) = if records[i].id <= records[j].id {
                    (records[i].id, records[j].id)
                } else {
                    (records[j].id, records[i].id)
                };
                DuplicateCandidate {
                    a,
                    b,
                    score,
                    reasons,
                }
            })
        })
        .collect();
    found.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    found
}

fn add_pairs(members: &[usize], pairs: &mut BTreeSet<(usize, usize)>) {
    for (position, &i) in members.iter().enumerate() {
        for &j in &members[position + 1..] {
            if i != j {
                pairs.insert((i.min(j), i.max(j)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaro_winkler_gives_the_scores_it_gave_when_it_was_written_by_hand() {
        for (a, b, score) in [
            ("martha", "marhta", 0.961111111111),
            ("dwayne", "duane", 0.84),
            ("dixon", "dicksonx", 0.813333333333),
            ("jo", "joanne", 0.822222222222),
            ("smith", "smyth", 0.893333333333),
            ("kowalski", "kowalsky", 0.95),
            ("ann", "nan", 0.555555555556),
            ("abc", "xyz", 0.0),
            ("ab", "ba", 0.0),
            ("crate", "trace", 0.733333333333),
            ("alexander", "alex", 0.888888888889),
            ("o'neil", "oneill", 0.9),
            ("", "", 1.0),
            ("", "ann", 0.0),
        ] {
            assert!((jaro_winkler(a, b) - score).abs() < 1e-9, "{a} {b}");
            assert!((jaro_winkler(b, a) - score).abs() < 1e-9, "{b} {a}");
        }
    }

    #[test]
    fn soundex_and_jaro_winkler_give_the_textbook_answers() {
        assert_eq!(soundex("Robert"), "R163");
        assert_eq!(soundex("Rupert"), "R163");
        assert_eq!(soundex("Ashcraft"), "A261");
        assert_eq!(soundex("Tymczak"), "T522");
        assert!((jaro_winkler("martha", "marhta") - 0.961).abs() < 0.001);
        assert!((jaro_winkler("dwayne", "duane") - 0.84).abs() < 0.001);
    }
}
