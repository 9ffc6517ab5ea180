//! Text from outside (a token's header, a client's query, a database's message) on its way
//! into a log line. A log line is one line: a newline or a control character in such text
//! could forge a line of its own, or break a reader of the JSON format.

/// The longest untrusted text a log line carries, in characters.
const MAX_CHARS: usize = 300;

/// `text` with every control character escaped (`\n`, `\u{1b}`), cut to a bounded length.
pub fn for_log(text: &str) -> String {
    let mut safe = String::with_capacity(text.len().min(MAX_CHARS));
    for (index, character) in text.chars().enumerate() {
        if index == MAX_CHARS {
            safe.push('…');
            break;
        }
        if character.is_control() {
            safe.extend(character.escape_default());
        } else {
            safe.push(character);
        }
    }
    safe
}

#[cfg(test)]
mod tests {
    use super::for_log;

    #[test]
    fn control_characters_cannot_start_a_line_of_their_own() {
        let forged = for_log("k1\nINFO forged line\r\u{1b}[31m");
        assert!(!forged.contains('\n') && !forged.contains('\r') && !forged.contains('\u{1b}'));
        assert_eq!(forged, "k1\\nINFO forged line\\r\\u{1b}[31m");
    }

    #[test]
    fn long_text_is_cut() {
        assert_eq!(for_log(&"a".repeat(1000)).chars().count(), 301);
        assert_eq!(for_log("plain"), "plain");
    }
}
