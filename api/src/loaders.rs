//! Per-request DataLoaders over the domain's batched reads ([`crate::service::batches`]):
//! each key is fetched once per request, and keys asked for together in one statement.

use std::{collections::HashMap, sync::Arc};

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use entity::{app_user, assignment, child, consent, person, person_name, search_activity};
use sea_orm::DbErr;
use uuid::Uuid;

use crate::{
    db::Db,
    service::batches::{
        assignments, children, consents, location_restrictions, other_names, people, searches,
        users,
    },
};

/// Keys per statement. Far above any network, well below the bind-parameter limits of
/// SQLite (32,766) and PostgreSQL (65,535).
const MAX_BATCH: usize = 10_000;

pub type LoadError = Arc<DbErr>;

/// Everything the loaders need.
#[derive(Clone)]
pub struct Scope {
    db: Db,
    organisation_id: Uuid,
}

/// Declares the loaders of a request: for each, the field of [`Loaders`], the loader's
/// type, its key and its value. Each module named by a field holds the one `fetch` that
/// answers a batch of keys, which network loads also call directly.
macro_rules! loaders {
    ($($name:ident: $loader:ident, $key:ty => $value:ty;)*) => {
        $(
            #[doc = concat!("Loads `", stringify!($name), "::fetch` in batches.")]
            pub struct $loader(Scope);

            impl Loader<$key> for $loader {
                type Value = $value;
                type Error = LoadError;

                async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, $value>, LoadError> {
                    Ok($name::fetch(&self.0.db, self.0.organisation_id, keys).await?)
                }
            }
        )*

        /// The loaders of one request.
        pub struct Loaders {
            $(pub $name: DataLoader<$loader, HashMapCache>,)*
        }

        impl Loaders {
            pub fn new(db: Db, organisation_id: Uuid) -> Self {
                let scope = Scope { db, organisation_id };
                Self {
                    $($name: DataLoader::with_cache(
                        $loader(scope.clone()),
                        tokio::spawn,
                        HashMapCache::default(),
                    )
                    .max_batch_size(MAX_BATCH),)*
                }
            }

            /// Forgets everything loaded, so that the next load reads the database again.
            pub fn forget(&self) {
                $(self.$name.clear::<$key>();)*
            }
        }
    };
}

loaders! {
    people: PeopleLoader, Uuid => person::View;
    other_names: OtherNamesLoader, Uuid => Vec<person_name::View>;
    users: UsersLoader, Uuid => app_user::Model;
    children: ChildrenLoader, Uuid => child::Model;
    assignments: AssignmentsLoader, Uuid => Vec<assignment::Model>;
    location_restrictions: LocationRestrictionsLoader, Uuid => Vec<Uuid>;
    searches: SearchesLoader, (Uuid, Uuid) => Vec<search_activity::Model>;
    consents: ConsentsLoader, (Uuid, Uuid) => Vec<consent::Model>;
}
