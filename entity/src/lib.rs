//! sea-orm entities for kinmap: one module per table, in the shape sea-orm-cli writes.
//!
//! These types are the database's shape only. The GraphQL API has its own types and maps
//! between them, because the stored shape and the published shape change for different
//! reasons.

pub mod prelude;

pub mod app_user;
pub mod assignment;
pub mod audit_event;
pub mod child;
pub mod conference;
pub mod conference_offer;
pub mod conference_review;
pub mod consent;
pub mod emergency_access;
pub mod enums;
pub mod idempotency_key;
pub mod imported_record;
pub mod invitation;
pub mod network_event;
pub mod network_event_counter;
pub mod network_member;
pub mod organisation;
pub mod person;
pub mod person_merge;
pub mod person_name;
pub mod plan_action;
pub mod relationship;
pub mod revision;
pub mod search_activity;
pub mod view;
