//! The server's clock: the system's time, which a test may move on to see a time-limited
//! grant run out without waiting for it.

use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

use chrono::{DateTime, Duration, Utc};

/// Cheap to clone; every clone reads the same time.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Seconds added to the system's time; zero unless a test moved the clock.
    ahead: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.ahead.load(Ordering::Relaxed))
    }

    /// Moves the clock on by `by`, for every clone.
    pub fn advance(&self, by: Duration) {
        self.ahead.fetch_add(by.num_seconds(), Ordering::Relaxed);
    }
}
