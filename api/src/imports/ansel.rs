//! ANSEL (ANSI/NISO Z39.47), the character set GEDCOM 5.5 files default to, with GEDCOM's
//! additions. Its diacritics come before the letter they mark; Unicode's come after, so a
//! run of marks waits for its letter and the result is composed (NFC).

use unicode_normalization::UnicodeNormalization;

/// A spacing character of the upper half, or `None` for a combining mark or a hole.
fn spacing(byte: u8) -> Option<char> {
    Some(match byte {
        0xA1 => 'Ł',
        0xA2 => 'Ø',
        0xA3 => 'Đ',
        0xA4 => 'Þ',
        0xA5 => 'Æ',
        0xA6 => 'Œ',
        0xA7 => 'ʹ',
        0xA8 => '·',
        0xA9 => '♭',
        0xAA => '®',
        0xAB => '±',
        0xAC => 'Ơ',
        0xAD => 'Ư',
        0xAE => 'ʼ',
        0xB0 => 'ʻ',
        0xB1 => 'ł',
        0xB2 => 'ø',
        0xB3 => 'đ',
        0xB4 => 'þ',
        0xB5 => 'æ',
        0xB6 => 'œ',
        0xB7 => 'ʺ',
        0xB8 => 'ı',
        0xB9 => '£',
        0xBA => 'ð',
        0xBC => 'ơ',
        0xBD => 'ư',
        // GEDCOM's additions: an empty and a black box, midline e and o, eszett.
        0xBE => '□',
        0xBF => '■',
        0xC0 => '°',
        0xC1 => 'ℓ',
        0xC2 => '℗',
        0xC3 => '©',
        0xC4 => '♯',
        0xC5 => '¿',
        0xC6 => '¡',
        0xC7 => 'ß',
        0xC8 => '€',
        0xCD => 'e',
        0xCE => 'o',
        0xCF => 'ß',
        _ => return None,
    })
}

/// A combining mark, as the Unicode mark that follows its letter.
fn combining(byte: u8) -> Option<char> {
    Some(match byte {
        0xE0 => '\u{0309}',
        0xE1 => '\u{0300}',
        0xE2 => '\u{0301}',
        0xE3 => '\u{0302}',
        0xE4 => '\u{0303}',
        0xE5 => '\u{0304}',
        0xE6 => '\u{0306}',
        0xE7 => '\u{0307}',
        0xE8 => '\u{0308}',
        0xE9 => '\u{030C}',
        0xEA => '\u{030A}',
        0xEB => '\u{FE20}',
        0xEC => '\u{FE21}',
        0xED => '\u{0315}',
        0xEE => '\u{030B}',
        0xEF => '\u{0310}',
        0xF0 => '\u{0327}',
        0xF1 => '\u{0328}',
        0xF2 => '\u{0323}',
        0xF3 => '\u{0324}',
        0xF4 => '\u{0325}',
        0xF5 => '\u{0333}',
        0xF6 => '\u{0332}',
        0xF7 => '\u{0326}',
        0xF8 => '\u{031C}',
        0xF9 => '\u{032E}',
        0xFA => '\u{FE22}',
        0xFB => '\u{FE23}',
        0xFE => '\u{0313}',
        _ => return None,
    })
}

/// Decodes ANSEL; returns the text and how many bytes had no meaning (each became U+FFFD).
pub fn decode(bytes: &[u8]) -> (String, usize) {
    let mut out = String::with_capacity(bytes.len());
    let mut marks: Vec<char> = Vec::new();
    let mut unknown = 0;
    for &byte in bytes {
        if let Some(mark) = combining(byte) {
            marks.push(mark);
            continue;
        }
        let base = match byte {
            0x00..=0x7F => byte as char,
            _ => spacing(byte).unwrap_or_else(|| {
                unknown += 1;
                '\u{FFFD}'
            }),
        };
        out.push(base);
        out.extend(marks.drain(..));
    }
    // Marks with no letter after them stand alone.
    out.extend(marks);
    (out.nfc().collect(), unknown)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn a_mark_before_its_letter_becomes_one_composed_letter() {
        assert_eq!(decode(b"Jos\xE2e"), ("José".to_owned(), 0));
        assert_eq!(decode(b"M\xE8uller \xA5"), ("Müller Æ".to_owned(), 0));
        assert_eq!(decode(b"\xF0c"), ("ç".to_owned(), 0));
        assert_eq!(decode(b"plain"), ("plain".to_owned(), 0));
        assert_eq!(decode(b"\xAF").1, 1, "a hole in the table is counted");
    }
}
