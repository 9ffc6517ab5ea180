//! How long a child's records are kept: until the 75th anniversary of the child's birth,
//! and then only listed for an administrator's review. Nothing here removes anything.

use chrono::{Datelike, Months, NaiveDate};
use entity::{child, person};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::{auth::Role, error::ApiError, service::Viewer};

/// Years after a child's birth that their records are kept.
pub const RETAINED_YEARS: u32 = 75;

/// A child whose records have reached the end of their retention.
#[derive(Clone, Debug)]
pub struct Due {
    pub child: child::Model,
    /// The child's birth date as recorded (EDTF).
    pub born: String,
    pub retain_until: NaiveDate,
}

/// The day a child's records are kept until, from their recorded (partial) birth date: the
/// 75th anniversary of the latest day the date could be, a year later for an approximate
/// one, so that a record is never listed before its time. `None` for no usable date.
pub fn retain_until(born: &str) -> Option<NaiveDate> {
    let date = graph::PartialDate::parse(born)?;
    let year = date.year + i32::from(date.approximate);
    let latest = match (date.month, date.day) {
        (Some(month), Some(day)) if !date.approximate => NaiveDate::from_ymd_opt(year, month, day)?,
        (Some(month), None) if !date.approximate => NaiveDate::from_ymd_opt(year, month, 1)?
            .checked_add_months(Months::new(1))?
            .pred_opt()?,
        _ => NaiveDate::from_ymd_opt(year, 12, 31)?,
    };
    let anniversary = latest.checked_add_months(Months::new(RETAINED_YEARS * 12))?;
    // Born on 29 February: the anniversary in a common year is 1 March, not 28 February.
    if latest.month() == 2 && latest.day() == 29 && anniversary.day() == 28 {
        return anniversary.succ_opt();
    }
    Some(anniversary)
}

/// The children of the administrator's organisation whose records are kept until before
/// `before`, earliest first, `limit` of them after the child `after`. A child removed from
/// the caseload still has records and is listed; one with no birth date recorded cannot be
/// due and is not. Listing only: `FORBIDDEN` for anyone but an administrator.
pub async fn due(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    before: NaiveDate,
    after: Option<Uuid>,
    limit: usize,
) -> Result<Vec<Due>, ApiError> {
    if !viewer.has(Role::Admin) {
        return Err(ApiError::forbidden(
            "only an administrator reviews what is due for retention",
        ));
    }
    let births: Vec<(Uuid, Option<String>)> = person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .column(person::Column::BirthDate)
        .filter(person::Column::OrganisationId.eq(viewer.organisation_id))
        .filter(
            person::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(child::Column::PersonId)
                    .from(child::Entity)
                    .and_where(child::Column::OrganisationId.eq(viewer.organisation_id))
                    .to_owned(),
            ),
        )
        .into_tuple()
        .all(db)
        .await?;
    let born: std::collections::HashMap<Uuid, String> = births
        .into_iter()
        .filter_map(|(id, date)| Some((id, date?)))
        .collect();
    let children = child::Entity::find()
        .filter(child::Column::OrganisationId.eq(viewer.organisation_id))
        .all(db)
        .await?;
    let mut due: Vec<Due> = children
        .into_iter()
        .filter_map(|child| {
            let born = born.get(&child.person_id)?.clone();
            let retain_until = retain_until(&born)?;
            (retain_until < before).then_some(Due {
                child,
                born,
                retain_until,
            })
        })
        .collect();
    due.sort_by_key(|due| (due.retain_until, due.child.id));
    let start = match after {
        Some(after) => due
            .iter()
            .position(|due| due.child.id == after)
            .map_or(due.len(), |at| at + 1),
        None => 0,
    };
    Ok(due.into_iter().skip(start).take(limit).collect())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::retain_until;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn records_are_kept_to_the_75th_anniversary_of_the_latest_day_of_birth() {
        assert_eq!(retain_until("2012-03-14"), day(2087, 3, 14));
        // February 2012 could end on the 29th, whose anniversary in 2087 is 1 March.
        assert_eq!(retain_until("2012-02"), day(2087, 3, 1));
        assert_eq!(retain_until("2013-02"), day(2088, 2, 28));
        assert_eq!(retain_until("2012"), day(2087, 12, 31));
        assert_eq!(retain_until("2012~"), day(2088, 12, 31));
        assert_eq!(retain_until("2012-05-17%"), day(2088, 12, 31));
        assert_eq!(retain_until("2012-02-29"), day(2087, 3, 1));
        assert_eq!(retain_until("soon"), None);
    }
}
