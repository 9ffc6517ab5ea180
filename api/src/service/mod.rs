//! The domain layer: access checks, validation, transactions, revisions and audit.
//! Only services and loaders touch sea-orm; resolvers call in here.

pub mod access;
pub mod access_events;
pub mod access_log;
pub mod analysis;
pub mod assignments;
pub mod audit;
pub mod batches;
pub mod children;
pub mod conferences;
pub mod consents;
pub mod emergency;
pub mod exports;
pub mod history;
pub mod idempotency;
pub mod identity;
pub mod ids;
pub mod imports;
pub mod merges;
pub mod network;
pub mod network_cache;
pub mod network_events;
pub mod network_read;
pub mod nodes;
pub mod people;
pub mod pictures;
pub mod reads;
pub mod relationships;
pub mod retention;
pub mod searches;
pub mod seen_network;
pub mod subject_access;
pub mod validate;
pub mod versioned;

pub use access::Viewer;
