//! The order a conference moves in. A referral is offered (or, by a best-interests decision,
//! not offered: DECLINED); an offer accepted by anyone with parental responsibility makes it
//! ACCEPTED; then it is prepared, scheduled, held and reviewed, and closed. A conference can
//! be closed from any stage and rescheduled while not yet held; nothing goes back to
//! preparing once held.

use entity::enums::ConferenceStatus::{self, *};

use crate::error::ApiError;

/// The stages `from` may move to.
fn next(from: ConferenceStatus) -> &'static [ConferenceStatus] {
    match from {
        Referred => &[Offered, Accepted, Declined, Closed],
        Offered => &[Accepted, Declined, Closed],
        Declined => &[Offered, Accepted, Closed],
        Accepted => &[Preparing, Closed],
        Preparing => &[Scheduled, Closed],
        Scheduled => &[Preparing, Held, Closed],
        Held => &[Reviewed, Closed],
        Reviewed => &[Closed],
        Closed => &[],
    }
}

/// The name a stage has in the API.
pub fn name(status: ConferenceStatus) -> &'static str {
    match status {
        Referred => "REFERRED",
        Offered => "OFFERED",
        Accepted => "ACCEPTED",
        Declined => "DECLINED",
        Preparing => "PREPARING",
        Scheduled => "SCHEDULED",
        Held => "HELD",
        Reviewed => "REVIEWED",
        Closed => "CLOSED",
    }
}

/// `BAD_USER_INPUT` naming both stages unless a conference at `from` may move to `to`.
pub fn check(from: ConferenceStatus, to: ConferenceStatus) -> Result<(), ApiError> {
    if from == to || next(from).contains(&to) {
        Ok(())
    } else {
        Err(ApiError::bad_input(
            "status",
            format!("a conference cannot go from {} to {}", name(from), name(to)),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;

    #[test]
    fn the_cycle_runs_forward_and_never_back_to_preparing_once_held() {
        for (from, to) in [
            (Referred, Offered),
            (Offered, Accepted),
            (Accepted, Preparing),
            (Preparing, Scheduled),
            (Scheduled, Held),
            (Held, Reviewed),
            (Reviewed, Closed),
            (Scheduled, Preparing),
        ] {
            assert!(check(from, to).is_ok(), "{from:?} to {to:?}");
        }
        for (from, to) in [
            (Referred, Held),
            (Preparing, Held),
            (Offered, Scheduled),
            (Held, Preparing),
            (Reviewed, Preparing),
            (Closed, Referred),
        ] {
            let refused = check(from, to).map_err(|error| error.to_string());
            assert_eq!(
                refused,
                Err(format!(
                    "a conference cannot go from {} to {}",
                    name(from),
                    name(to)
                ))
            );
        }
        for status in ConferenceStatus::iter() {
            assert!(
                status == Closed || next(status).contains(&Closed),
                "{status:?}"
            );
        }
    }
}
