//! Reading a GEDCOM file, 5.5.1 or 7.0, into its structures, each with the line it began
//! on, so that every warning can say where. The character set comes from the byte-order
//! mark, the layout of the first bytes (UTF-16 without a mark), or the header's `CHAR`
//! (ANSEL, ASCII, ANSI, UTF-8); `CONC` and `CONT` are joined into their value and `@@`
//! unescaped as each version says. Hostile input is bounded: the file's size, a line's
//! length, and levels that may only step down one at a time.
//!
//! This is the reading only; what the structures mean to a network is the importer's.

use super::ansel;

/// The largest file read.
pub const MAX_FILE: usize = 50 * 1024 * 1024;
/// The longest line read, in characters.
pub const MAX_LINE: usize = 32 * 1024;

/// How the file's bytes were read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Charset {
    Utf8,
    Utf16Le,
    Utf16Be,
    Ansel,
    Ascii,
    /// `ANSI` or `IBMPC` in the header: read as Latin-1.
    Latin1,
}

/// A structure: a line and the lines under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Structure {
    /// The line it starts on, counting from 1.
    pub line: usize,
    pub xref: Option<String>,
    pub tag: String,
    /// Its text, with `CONT` lines joined by a newline and `CONC` lines run on.
    pub value: Option<String>,
    /// The record it points to (`@I1@`), where its payload is a pointer.
    pub pointer: Option<String>,
    pub children: Vec<Structure>,
}

impl Structure {
    /// The first substructure with `tag`.
    pub fn child(&self, tag: &str) -> Option<&Structure> {
        self.children.iter().find(|child| child.tag == tag)
    }

    /// Every substructure with `tag`.
    pub fn all<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a Structure> + 'a {
        self.children.iter().filter(move |child| child.tag == tag)
    }

    /// The value of the first substructure with `tag`.
    pub fn text(&self, tag: &str) -> Option<&str> {
        self.child(tag).and_then(|child| child.value.as_deref())
    }

    /// This structure and every one beneath it, depth first, in file order.
    pub fn walk(&self) -> impl Iterator<Item = &Structure> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let next = stack.pop()?;
            stack.extend(next.children.iter().rev());
            Some(next)
        })
    }
}

/// Something in the file worked around, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

/// A file read.
#[derive(Clone, Debug)]
pub struct Document {
    pub charset: Charset,
    /// `HEAD.GEDC.VERS`: "5.5.1", "7.0", ...
    pub version: Option<String>,
    /// The records, `HEAD` and `TRLR` included, in file order.
    pub records: Vec<Structure>,
    pub warnings: Vec<Warning>,
}

impl Document {
    pub fn is_seven(&self) -> bool {
        self.version.as_deref().is_some_and(|v| v.starts_with('7'))
    }

    /// The records with `tag`.
    pub fn records<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a Structure> + 'a {
        self.records.iter().filter(move |record| record.tag == tag)
    }
}

/// Why a file could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is larger than {} MB", MAX_FILE / 1024 / 1024)]
    TooLarge,
    #[error("line {line}: {message}")]
    Malformed { line: usize, message: String },
}

fn malformed(line: usize, message: impl Into<String>) -> ReadError {
    ReadError::Malformed {
        line,
        message: message.into(),
    }
}

/// The `CHAR` the header names, read from the first lines as ASCII.
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    head.split(|b| *b == b'\n' || *b == b'\r')
        .map(|line| String::from_utf8_lossy(line).trim().to_owned())
        .take_while(|line| !line.starts_with("0 ") || line.starts_with("0 HEAD"))
        .find_map(|line| {
            line.strip_prefix("1 CHAR ")
                .map(|value| value.trim().to_uppercase())
        })
}

fn utf16(bytes: &[u8], little: bool, warnings: &mut Vec<Warning>) -> String {
    if bytes.len() % 2 == 1 {
        warnings.push(Warning {
            line: 0,
            message: "the UTF-16 file ends in half a character, which was dropped".into(),
        });
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| {
            if little {
                u16::from_le_bytes([pair[0], pair[1]])
            } else {
                u16::from_be_bytes([pair[0], pair[1]])
            }
        })
        .collect();
    String::from_utf16_lossy(&units)
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|b| char::from(*b)).collect()
}

/// The file's text and how it was read.
fn decode(bytes: &[u8], warnings: &mut Vec<Warning>) -> (String, Charset) {
    let mut warn = |message: String| warnings.push(Warning { line: 0, message });
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest).into_owned(), Charset::Utf8);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (utf16(rest, true, warnings), Charset::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (utf16(rest, false, warnings), Charset::Utf16Be);
    }
    // UTF-16 without a mark: the file begins with "0", a byte of nothing beside it.
    match bytes {
        [b'0', 0, ..] => return (utf16(bytes, true, warnings), Charset::Utf16Le),
        [0, b'0', ..] => return (utf16(bytes, false, warnings), Charset::Utf16Be),
        _ => {}
    }
    match declared_charset(bytes).as_deref() {
        Some("ANSEL") => {
            let (text, unknown) = ansel::decode(bytes);
            if unknown > 0 {
                warn(format!("{unknown} bytes are not ANSEL characters"));
            }
            (text, Charset::Ansel)
        }
        Some("ASCII") if bytes.is_ascii() => (latin1(bytes), Charset::Ascii),
        Some("ASCII") => {
            warn("the file says ASCII but has other bytes: read as Latin-1".into());
            (latin1(bytes), Charset::Latin1)
        }
        Some("ANSI" | "IBMPC" | "IBM WINDOWS" | "ISO-8859-1" | "LATIN1") => {
            match std::str::from_utf8(bytes) {
                // Many programs write UTF-8 and call it ANSI.
                Ok(text) => (text.to_owned(), Charset::Utf8),
                Err(_) => (latin1(bytes), Charset::Latin1),
            }
        }
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_owned(), Charset::Utf8),
            Err(_) => {
                warn("the file is not valid UTF-8: the bad bytes were replaced".into());
                (String::from_utf8_lossy(bytes).into_owned(), Charset::Utf8)
            }
        },
    }
}

/// One line's parts.
struct Parsed<'a> {
    level: usize,
    xref: Option<&'a str>,
    tag: &'a str,
    payload: Option<&'a str>,
}

fn parse_line(text: &str, number: usize) -> Result<Parsed<'_>, ReadError> {
    let text = text.trim_start();
    let (level, rest) = text.split_once(' ').unwrap_or((text, ""));
    if level.is_empty() || level.len() > 2 || !level.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed(number, "a line must begin with its level"));
    }
    let level: usize = level.parse().unwrap_or(0);
    let rest = rest.trim_start_matches(' ');
    // A cross-reference runs to its closing `@` (some writers put spaces in it).
    let (xref, rest) = match rest.strip_prefix('@').and_then(|after| after.find('@')) {
        Some(end) if end > 0 => (
            Some(&rest[..end + 2]),
            rest[end + 2..].trim_start_matches(' '),
        ),
        _ => (None, rest),
    };
    let (tag, payload) = match rest.split_once(' ') {
        Some((tag, payload)) => (tag, Some(payload)),
        None => (rest, None),
    };
    if tag.is_empty() || !tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(malformed(
            number,
            format!("`{}` is not a tag", shorten(tag)),
        ));
    }
    Ok(Parsed {
        level,
        xref,
        tag,
        payload,
    })
}

fn shorten(text: &str) -> String {
    text.chars().take(40).collect()
}

/// Whether a payload is a pointer: `@X1@`, not `@@` text or an `@#D...@` escape.
fn is_pointer(payload: &str) -> bool {
    payload.len() > 2
        && payload.starts_with('@')
        && payload.ends_with('@')
        && !payload.starts_with("@@")
        && !payload.starts_with("@#")
        && !payload[1..payload.len() - 1].contains('@')
}

fn unescape(payload: &str, seven: bool) -> String {
    if seven {
        payload
            .strip_prefix('@')
            .filter(|rest| rest.starts_with('@'))
            .unwrap_or(payload)
            .to_owned()
    } else {
        payload.replace("@@", "@")
    }
}

/// Reads a GEDCOM file.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    if bytes.len() > MAX_FILE {
        return Err(ReadError::TooLarge);
    }
    let mut warnings = Vec::new();
    let (text, charset) = decode(bytes, &mut warnings);
    // The version decides how `@@` reads; it is in the header, near the top.
    let seven = text
        .lines()
        .take(200)
        .skip_while(|line| line.trim() != "1 GEDC")
        .nth(1)
        .is_some_and(|line| line.trim().starts_with("2 VERS 7"));
    let mut records: Vec<Structure> = Vec::new();
    // The open structures, one per level, outermost first.
    let mut open: Vec<Structure> = Vec::new();
    let close_to = |open: &mut Vec<Structure>, records: &mut Vec<Structure>, depth: usize| {
        while open.len() > depth {
            let Some(done) = open.pop() else { break };
            match open.last_mut() {
                Some(parent) => parent.children.push(done),
                None => records.push(done),
            }
        }
    };
    for (index, raw) in text.split(['\n', '\r']).enumerate() {
        let number = index + 1;
        if raw.chars().count() > MAX_LINE {
            return Err(malformed(
                number,
                format!("the line is longer than {MAX_LINE} characters"),
            ));
        }
        if raw.trim().is_empty() {
            continue;
        }
        let line = parse_line(raw, number)?;
        if line.level > open.len() {
            return Err(malformed(
                number,
                format!(
                    "level {} follows level {}",
                    line.level,
                    open.len().saturating_sub(1)
                ),
            ));
        }
        if matches!(line.tag, "CONC" | "CONT") {
            close_to(&mut open, &mut records, line.level);
            let Some(parent) = open.last_mut().filter(|_| line.level > 0) else {
                warnings.push(Warning {
                    line: number,
                    message: format!("{} with nothing to continue was skipped", line.tag),
                });
                continue;
            };
            let value = parent.value.get_or_insert_with(String::new);
            if line.tag == "CONT" {
                value.push('\n');
            }
            value.push_str(&unescape(line.payload.unwrap_or_default(), seven));
            continue;
        }
        close_to(&mut open, &mut records, line.level);
        let (value, pointer) = match line.payload {
            Some(payload) if is_pointer(payload) => (None, Some(payload.to_owned())),
            Some(payload) => (Some(unescape(payload, seven)), None),
            None => (None, None),
        };
        if line.xref.is_some() && line.level > 0 {
            warnings.push(Warning {
                line: number,
                message: "a cross-reference below level 0 was ignored".into(),
            });
        }
        open.push(Structure {
            line: number,
            xref: line.xref.filter(|_| line.level == 0).map(str::to_owned),
            tag: line.tag.to_owned(),
            value,
            pointer,
            children: Vec::new(),
        });
    }
    close_to(&mut open, &mut records, 0);
    if records.first().is_none_or(|head| head.tag != "HEAD") {
        return Err(malformed(1, "a GEDCOM file begins with HEAD"));
    }
    if records.last().is_none_or(|last| last.tag != "TRLR") {
        warnings.push(Warning {
            line: text.lines().count(),
            message: "the file has no TRLR: it may have been cut short".into(),
        });
    }
    let version = records[0]
        .child("GEDC")
        .and_then(|gedc| gedc.text("VERS"))
        .map(str::to_owned);
    Ok(Document {
        charset,
        version,
        records,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use proptest::prelude::*;

    use super::{Charset, ReadError, read};

    fn shared(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/gedcom")
            .join(path)
    }

    /// The test files other tools wrote, in `tests/fixtures/gedcom`.
    fn files(folder: &str) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(shared(folder))
            .map(|dir| {
                dir.filter_map(|entry| entry.ok().map(|e| e.path()))
                    .collect()
            })
            .unwrap_or_default();
        found.retain(|path| path.extension().is_some_and(|e| e == "ged"));
        found.sort();
        found
    }

    #[test]
    fn every_conformance_file_and_sample_reads_without_a_panic() {
        let mut read_files = 0;
        for path in files("conformance/5")
            .into_iter()
            .chain(files("conformance/7"))
            .chain(files("samples"))
        {
            let bytes = std::fs::read(&path).unwrap_or_default();
            let document =
                read(&bytes).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            assert_eq!(
                document.records.first().map(|r| r.tag.as_str()),
                Some("HEAD")
            );
            read_files += 1;
        }
        assert!(read_files > 50, "read only {read_files} files");
    }

    #[test]
    fn each_character_set_reads_to_the_same_text() {
        let text = |name: &str| {
            let bytes = std::fs::read(shared(&format!("conformance/5/{name}"))).ok()?;
            let document = read(&bytes).ok()?;
            let notes: Vec<String> = document
                .records
                .iter()
                .flat_map(|record| record.walk())
                .filter_map(|structure| structure.value.clone())
                .collect();
            // Each file's note names its own character set, then the same characters.
            let characters: Vec<String> = notes
                .iter()
                .filter_map(|note| note.split_once(": ").map(|(_, c)| c.to_owned()))
                .collect();
            Some((document.charset, characters))
        };
        let (charset, utf8) = text("char_utf8-1.ged").unwrap_or_else(|| panic!("char_utf8-1.ged"));
        assert_eq!(charset, Charset::Utf8);
        assert!(!utf8.is_empty());
        for (name, expected) in [
            ("char_utf16le-1.ged", Charset::Utf16Le),
            ("char_utf16le-2.ged", Charset::Utf16Le),
            ("char_utf16be-1.ged", Charset::Utf16Be),
            ("char_utf16be-2.ged", Charset::Utf16Be),
        ] {
            let (found, notes) = text(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(found, expected, "{name}");
            assert_eq!(notes, utf8, "{name}");
        }
    }

    #[test]
    fn royal92_in_ansel_holds_its_3010_people() {
        let bytes = std::fs::read(shared("samples/royal92.ged")).unwrap_or_else(|e| panic!("{e}"));
        let document = read(&bytes).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(document.charset, Charset::Ansel);
        assert_eq!(document.records("INDI").count(), 3010);
        assert!(document.records("FAM").count() > 1000);
        let named = document
            .records("INDI")
            .filter(|indi| indi.text("NAME").is_some())
            .count();
        assert_eq!(named, 3010);
    }

    #[test]
    fn continuations_escapes_and_pointers_read_as_each_version_says() {
        let five = b"0 HEAD\n1 GEDC\n2 VERS 5.5.1\n1 CHAR UTF-8\n0 @N1@ NOTE a @@ b\n1 CONC c\n1 CONT d\n0 @I1@ INDI\n1 FAMS @F1@\n0 TRLR\n";
        let document = read(five).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(document.version.as_deref(), Some("5.5.1"));
        let note = &document.records[1];
        assert_eq!(
            (note.xref.as_deref(), note.value.as_deref()),
            (Some("@N1@"), Some("a @ bc\nd"))
        );
        assert_eq!(
            document.records[2]
                .child("FAMS")
                .and_then(|f| f.pointer.as_deref()),
            Some("@F1@")
        );
        let seven = b"0 HEAD\n1 GEDC\n2 VERS 7.0\n0 @N1@ SNOTE @@me and a@@b\n0 TRLR\n";
        let document = read(seven).unwrap_or_else(|error| panic!("{error}"));
        assert!(document.is_seven());
        assert_eq!(document.records[1].value.as_deref(), Some("@me and a@@b"));
    }

    #[test]
    fn a_malformed_or_hostile_file_is_refused_with_its_line() {
        let refused = |bytes: &[u8]| read(bytes).err();
        assert_eq!(
            refused(b"0 HEAD\n2 VERS 7.0\n0 TRLR\n"),
            Some(ReadError::Malformed {
                line: 2,
                message: "level 2 follows level 0".into()
            })
        );
        assert!(matches!(
            refused(b"0 HEAD\nhello\n"),
            Some(ReadError::Malformed { line: 2, .. })
        ));
        assert!(matches!(
            refused(b"0 INDI\n0 TRLR\n"),
            Some(ReadError::Malformed { line: 1, .. })
        ));
        let mut endless = b"0 HEAD\n1 NOTE ".to_vec();
        endless.extend(std::iter::repeat_n(b'x', super::MAX_LINE + 1));
        assert!(matches!(
            refused(&endless),
            Some(ReadError::Malformed { line: 2, .. })
        ));
        assert_eq!(
            refused(&vec![b' '; super::MAX_FILE + 1]),
            Some(ReadError::TooLarge)
        );
        // No TRLR is read, with a warning.
        let cut =
            read(b"0 HEAD\n1 GEDC\n2 VERS 7.0\n0 @I1@ INDI\n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cut.warnings.len(), 1);
    }

    fn sample() -> Vec<u8> {
        std::fs::read(shared("conformance/5/notes-1.ged")).unwrap_or_else(|e| panic!("{e}"))
    }

    proptest! {
        /// Whatever a file has become on its way (bytes changed, lost or added), reading it
        /// gives a document or a refusal with a line, never a panic.
        #[test]
        fn a_damaged_file_never_panics_the_reader(
            edits in proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..3), 1..40),
        ) {
            let mut bytes = sample();
            for (at, byte, kind) in edits {
                if bytes.is_empty() {
                    bytes.push(byte);
                    continue;
                }
                let at = at % bytes.len();
                match kind {
                    0 => bytes[at] = byte,
                    1 => { bytes.remove(at); }
                    _ => bytes.insert(at, byte),
                }
            }
            let _ = read(&bytes);
        }
    }
}
