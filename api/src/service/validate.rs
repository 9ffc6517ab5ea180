//! Input rules shared by the services: text limits, partial dates, name keys.

use unicode_normalization::UnicodeNormalization;

use crate::error::ApiError;

pub const NAME_MAX: usize = 200;
pub const SHORT_TEXT_MAX: usize = 500;
pub const NOTES_MAX: usize = 20_000;

/// Trims `value`; an empty result is `None`. Fails when longer than `max` characters.
pub fn text(field: &str, value: Option<String>, max: usize) -> Result<Option<String>, ApiError> {
    let Some(value) = value else { return Ok(None) };
    let trimmed = value.trim();
    if trimmed.chars().count() > max {
        return Err(ApiError::bad_input(
            field,
            format!("{field} is longer than {max} characters"),
        ));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(ApiError::bad_input(
            field,
            format!("{field} contains control characters"),
        ));
    }
    Ok((!trimmed.is_empty()).then(|| trimmed.to_owned()))
}

/// Like [`text`], but the value must not be empty.
pub fn required_text(field: &str, value: String, max: usize) -> Result<String, ApiError> {
    text(field, Some(value), max)?
        .ok_or_else(|| ApiError::bad_input(field, format!("{field} must not be empty")))
}

/// Checks a partial date in the subset of EDTF (ISO 8601-2) that records need: `1962`,
/// `1962-05`, `1962-05-17`, each optionally followed by `~` (approximate), `?`
/// (uncertain) or `%` (both).
pub fn edtf(field: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(value) = text(field, value, 16)? else {
        return Ok(None);
    };
    if is_edtf_date(&value) {
        Ok(Some(value))
    } else {
        Err(ApiError::bad_input(
            field,
            format!(
                "{field} must be a date such as 1962, 1962-05, 1962-05-17 or 1962~ (approximate)"
            ),
        ))
    }
}

fn is_edtf_date(value: &str) -> bool {
    graph::PartialDate::parse(value).is_some()
}

/// A date that must not be in the future (a search made, a person found, a child's entry
/// into care): `BAD_USER_INPUT` naming `field` otherwise.
pub fn not_future(
    field: &str,
    date: Option<chrono::NaiveDate>,
) -> Result<Option<chrono::NaiveDate>, ApiError> {
    match date {
        Some(date) if date > chrono::Utc::now().date_naive() => Err(ApiError::bad_input(
            field,
            format!("{field} is in the future"),
        )),
        other => Ok(other),
    }
}

/// A name reduced for matching: accents removed, lower case, one space between words.
pub fn name_key(name: &str) -> String {
    let folded: String = name
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A field of an update, as the domain has it: left out (keep the stored value), cleared,
/// or set to a new value. Left out and cleared stay distinct from the client to the row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Patch<T> {
    #[default]
    Keep,
    Clear,
    Set(T),
}

impl<T> Patch<T> {
    /// What the update does to the field: `None` keeps the stored value, `Some(value)`
    /// replaces it (`Some(None)` clears it).
    pub fn update(self) -> Option<Option<T>> {
        match self {
            Self::Keep => None,
            Self::Clear => Some(None),
            Self::Set(value) => Some(Some(value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_of_each_precision_are_accepted() {
        for good in [
            "1962",
            "1962-05",
            "1962-05-17",
            "1962~",
            "1962-05?",
            "2000-02-29%",
        ] {
            assert!(is_edtf_date(good), "{good}");
        }
    }

    #[test]
    fn impossible_or_malformed_dates_are_refused() {
        for bad in [
            "62",
            "1962-5",
            "1962-13",
            "1962-02-30",
            "1900-02-29",
            "1962-05-17-01",
            "about 1962",
            "",
            "1962~~",
            "-1962",
            "１９６２",
        ] {
            assert!(!is_edtf_date(bad), "{bad}");
        }
    }

    #[test]
    fn name_keys_ignore_case_accents_and_punctuation() {
        assert_eq!(name_key("  Zoë  O'Brien-Núñez "), "zoe o brien nunez");
        assert_eq!(name_key("ÅSA"), "asa");
    }
}
