//! Typed ids for the domain's commands: a child's id cannot be handed where a person's is
//! wanted. Stored rows keep plain UUIDs; an id becomes typed where an interface parses it.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
            #[serde(transparent)]
            pub struct $name(Uuid);

            impl $name {
                pub fn uuid(self) -> Uuid {
                    self.0
                }
            }

            impl From<Uuid> for $name {
                fn from(id: Uuid) -> Self {
                    Self(id)
                }
            }

            impl From<$name> for Uuid {
                fn from(id: $name) -> Self {
                    id.0
                }
            }

            impl fmt::Display for $name {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    self.0.fmt(f)
                }
            }
        )*
    };
}

typed_ids! {
    /// A child in care.
    ChildId;
    /// A person: the child's own record, a relative, a supportive adult.
    PersonId;
    /// A practitioner's user record.
    UserId;
    /// A person's place in one child's network.
    MemberId;
    /// A recorded relationship between two people.
    RelationshipId;
    /// A Family Group Conference.
    ConferenceId;
    /// One person's invitation to a conference.
    InvitationId;
    /// One action of a conference's plan.
    ActionId;
    /// One recorded consent.
    ConsentId;
}
