//! The entities under short names, as sea-orm-cli writes them.

pub use super::app_user::Entity as AppUser;
pub use super::assignment::Entity as Assignment;
pub use super::audit_event::Entity as AuditEvent;
pub use super::child::Entity as Child;
pub use super::network_member::Entity as NetworkMember;
pub use super::organisation::Entity as Organisation;
pub use super::person::Entity as Person;
pub use super::person_merge::Entity as PersonMerge;
pub use super::person_name::Entity as PersonName;
pub use super::relationship::Entity as Relationship;
pub use super::revision::Entity as Revision;
pub use super::search_activity::Entity as SearchActivity;
