//! Demo and synthetic data. Every person here is fictional.
//!
//! The demo organisation is a sibling group of three children in care who share one birth
//! family: four generations on both sides, with every connection status, a no-contact
//! restriction, a location that must not be disclosed, friends, a teacher and a former
//! foster carer. [`synthetic`] builds a network of any size for tests and benchmarks.

mod family;
mod peers;
mod rows;
mod synthetic;

use entity::person;
use sea_orm::{EntityTrait, PaginatorTrait};

pub use peers::{Loaded, LoadedChild, peers};
pub use synthetic::synthetic;

use crate::{db::Db, error::ApiError, service::identity};

pub const ORGANISATION: &str = "demo";
pub const COORDINATOR: &str = "demo-coordinator";
pub const MANAGER: &str = "demo-manager";

/// Loads the demo organisation when the database holds no people yet. Returns whether it
/// loaded anything.
pub async fn seed_if_empty(db: &Db) -> Result<bool, ApiError> {
    let txn = db.begin_write().await?;
    if person::Entity::find().count(txn.conn()).await? > 0 {
        return Ok(false);
    }
    let coordinator = rows::author(
        txn.conn(),
        ORGANISATION,
        COORDINATOR,
        Some("Demo Coordinator"),
    )
    .await?;
    identity::ensure_user(
        txn.conn(),
        coordinator.organisation_id,
        MANAGER,
        Some("Demo Manager"),
    )
    .await?;
    let rows = family::rows(coordinator.user_id).map_err(ApiError::internal)?;
    rows.write(txn.conn(), &coordinator, "demo").await?;
    txn.commit().await?;
    Ok(true)
}
