//! Dates known in part, as records keep them: the EDTF forms kinmap stores, read by one
//! parser for the API's checks and the graph's comparisons alike.

/// A date as recorded: a year, perhaps a month and day, perhaps approximate or uncertain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
    /// "About 1962", or uncertain: compatible with a year either side.
    pub approximate: bool,
}

impl PartialDate {
    /// Reads the EDTF (ISO 8601-2) forms kinmap stores: `1962`, `1962-05`, `1962-05-17`,
    /// each optionally followed by `~` (approximate), `?` (uncertain) or `%` (both); a
    /// four-digit year, a two-digit month and day, and a day that exists. Anything else
    /// is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let date = text.strip_suffix(['~', '?', '%']).unwrap_or(text);
        let approximate = date.len() != text.len();
        let parts: Vec<&str> = date.split('-').collect();
        let widths = parts
            .iter()
            .enumerate()
            .all(|(i, part)| part.len() == if i == 0 { 4 } else { 2 });
        let digits = parts
            .iter()
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()));
        if !widths || !digits || parts.len() > 3 {
            return None;
        }
        let year: i32 = parts[0].parse().ok()?;
        let month: Option<u32> = parts.get(1).map(|m| m.parse()).transpose().ok()?;
        let day: Option<u32> = parts.get(2).map(|d| d.parse()).transpose().ok()?;
        if let Some(month) = month
            && !(1..=12).contains(&month)
        {
            return None;
        }
        if let (Some(month), Some(day)) = (month, day)
            && !(1..=days_in_month(year, month)).contains(&day)
        {
            return None;
        }
        Some(Self {
            year,
            month,
            day,
            approximate,
        })
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::PartialDate;

    #[test]
    fn each_precision_and_mark_is_read() {
        let read = |text| PartialDate::parse(text).map(|d| (d.year, d.month, d.day, d.approximate));
        assert_eq!(read("1962"), Some((1962, None, None, false)));
        assert_eq!(read("1962-05"), Some((1962, Some(5), None, false)));
        assert_eq!(read("1962-05-17~"), Some((1962, Some(5), Some(17), true)));
        assert_eq!(read("2000-02-29"), Some((2000, Some(2), Some(29), false)));
    }

    #[test]
    fn what_is_no_such_date_is_refused() {
        for bad in [
            "62",
            "1962-5",
            "1962-13",
            "1900-02-29",
            "1962-04-31",
            "1962~~",
            "abcd",
            "1962-05-17-01",
            "",
        ] {
            assert_eq!(PartialDate::parse(bad), None, "{bad}");
        }
    }
}
