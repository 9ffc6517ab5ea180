//! The two kinds of date in the schema: a calendar date (`Date`, ISO 8601), and a date
//! that may be known only in part (`PartialDate`, EDTF), as a grandmother's birth often is.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::NaiveDate;

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub NaiveDate);

/// A calendar date, ISO 8601: `2026-11-01`.
#[Scalar(
    name = "Date",
    specified_by_url = "https://www.iso.org/iso-8601-date-and-time-format.html"
)]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        NaiveDate::parse(value)
            .map(Date)
            .map_err(InputValueError::propagate)
    }

    fn to_value(&self) -> Value {
        self.0.to_value()
    }
}

impl From<Date> for NaiveDate {
    fn from(date: Date) -> Self {
        date.0
    }
}

/// A date that may be known only in part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartialDate(pub String);

/// A date known in whole or in part, in the Extended Date/Time Format (EDTF, ISO 8601-2):
/// a year, a month or a day (`1962`, `1962-05`, `1962-05-17`), optionally marked `~`
/// (approximate), `?` (uncertain) or `%` (both): `1962~`. A value that is no such date is
/// refused as BAD_USER_INPUT naming the field.
#[Scalar(
    name = "PartialDate",
    specified_by_url = "https://www.loc.gov/standards/datetime/"
)]
impl ScalarType for PartialDate {
    fn parse(value: Value) -> InputValueResult<Self> {
        // Checked by the service, which names the field in its error.
        String::parse(value)
            .map(PartialDate)
            .map_err(InputValueError::propagate)
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.clone())
    }
}

impl From<PartialDate> for String {
    fn from(date: PartialDate) -> Self {
        date.0
    }
}
