//! Queries already parsed, kept by their text. A client sends the same few queries again
//! and again, and parsing one (async-graphql's parser is built on pest) was 8.8% of the
//! server's instructions for a 60-person network read: a kept document is cloned instead,
//! which costs a small fraction of that. The text is the key, whole, so a document kept is
//! the one its text parses to; what a query may do is still decided on every request
//! (screening, validation, access) from that document.

use std::{
    num::NonZeroUsize,
    sync::{Arc, Mutex},
};

use async_graphql::parser::types::ExecutableDocument;
use lru::LruCache;

/// Documents kept at most. Clients send tens of distinct queries, not hundreds; a client
/// sending new ones without end only turns the oldest out.
const KEPT: NonZeroUsize = match NonZeroUsize::new(128) {
    Some(kept) => kept,
    None => NonZeroUsize::MIN,
};
/// Longest query text kept: a document takes some twenty times its text in memory, so
/// the kept documents come to a few megabytes at most.
const LONGEST: usize = 4 * 1024;

/// Parsed queries by their text, least recently asked turned out first.
pub struct ParsedQueries {
    kept: Mutex<LruCache<Box<str>, Arc<ExecutableDocument>>>,
}

impl Default for ParsedQueries {
    fn default() -> Self {
        Self {
            kept: Mutex::new(LruCache::new(KEPT)),
        }
    }
}

impl ParsedQueries {
    /// The document `query` parses to, or `None` when it does not parse (the executor then
    /// says why).
    pub fn parse(&self, query: &str) -> Option<ExecutableDocument> {
        if let Some(kept) = self.kept().get(query).cloned() {
            return Some(ExecutableDocument::clone(&kept));
        }
        let document = async_graphql::parser::parse_query(query).ok()?;
        if query.len() <= LONGEST {
            self.kept().put(query.into(), Arc::new(document.clone()));
        }
        Some(document)
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, LruCache<Box<str>, Arc<ExecutableDocument>>> {
        // The cache holds no invariant a panicking holder could break.
        self.kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::{KEPT, LONGEST, ParsedQueries};
    use async_graphql::parser::types::ExecutableDocument;

    type Outcome = Result<(), Box<dyn std::error::Error>>;

    /// A document as text again, to compare two documents whole.
    fn text(document: Option<ExecutableDocument>) -> serde_json::Result<String> {
        serde_json::to_string(&document)
    }

    #[test]
    fn a_kept_document_is_the_one_its_text_parses_to() -> Outcome {
        let parsed = ParsedQueries::default();
        let one = "query($id: ID!) { child(id: $id) { id network { members { id } } } }";
        let other = "query($id: ID!) { child(id: $id) { id caseReference } }";
        let first = text(parsed.parse(one))?;
        assert_eq!(parsed.kept().len(), 1);
        let again = text(parsed.parse(one))?;
        assert_eq!(first, again);
        assert_eq!(again, text(async_graphql::parser::parse_query(one).ok())?);
        assert_ne!(first, "null");
        // Another text is another document, even where it starts alike.
        assert_ne!(text(parsed.parse(other))?, first);
        assert_eq!(parsed.kept().len(), 2);
        Ok(())
    }

    #[test]
    fn what_does_not_parse_and_long_texts_are_not_kept() {
        let parsed = ParsedQueries::default();
        assert!(parsed.parse("query { child(").is_none());
        let long = format!("query {{ {} }}", "__typename ".repeat(LONGEST / 10));
        assert!(long.len() > LONGEST);
        assert!(parsed.parse(&long).is_some());
        assert_eq!(parsed.kept().len(), 0);
    }

    #[test]
    fn the_oldest_is_turned_out_first() {
        let parsed = ParsedQueries::default();
        let query = |n: usize| format!("query {{ a{n}: __typename }}");
        for n in 0..=KEPT.get() {
            parsed.parse(&query(n));
        }
        assert_eq!(parsed.kept().len(), KEPT.get());
        assert!(!parsed.kept().contains(query(0).as_str()));
        assert!(parsed.kept().contains(query(1).as_str()));
    }
}
