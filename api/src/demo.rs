//! The demo organisation.

use crate::{db::Db, error::ApiError};

pub const ORGANISATION: &str = "demo";
pub const COORDINATOR: &str = "demo-coordinator";

pub async fn seed_if_empty(_db: &Db) -> Result<bool, ApiError> {
    Ok(false)
}
