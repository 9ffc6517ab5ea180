//! Database migrations for kinmap, run on start by `kinmap serve` and by `kinmap migrate`.
//!
//! Migrations are frozen history: they name their tables, columns and allowed values
//! themselves rather than borrowing them from `entity`, so that a later change to the
//! entities cannot rewrite what an old migration did.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_create_tables;
mod m20261122_000002_person_merge;
mod m20261201_000001_write_probe;
mod m20261201_000002_conferences;
mod m20261201_000003_imported_records;
mod m20261201_000004_append_only;
mod m20261201_000005_consent;
mod m20261201_000006_emergency_access;
mod m20261201_000007_idempotency;
mod m20261201_000008_network_events;
mod shape;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_tables::Migration),
            Box::new(m20261122_000002_person_merge::Migration),
            Box::new(m20261201_000001_write_probe::Migration),
            Box::new(m20261201_000002_conferences::Migration),
            Box::new(m20261201_000003_imported_records::Migration),
            Box::new(m20261201_000004_append_only::Migration),
            Box::new(m20261201_000005_consent::Migration),
            Box::new(m20261201_000006_emergency_access::Migration),
            Box::new(m20261201_000007_idempotency::Migration),
            Box::new(m20261201_000008_network_events::Migration),
        ]
    }
}
