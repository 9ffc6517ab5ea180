//! A record's history and its restore: `history(id:)` and `restore`. The rules are in
//! `service::history`.

use async_graphql::{Context, ID, InputObject, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};

use crate::{
    error::ApiError,
    schema::{
        assignments::User,
        consents::Consent,
        context::request,
        ids,
        network::NetworkMember,
        pages::{connection, keyset_page},
        people::{self, Person},
        relationships::Relationship,
        searches::SearchActivity,
    },
    service::{self, history::Restored},
};

/// One field a change changed.
#[derive(SimpleObject, Clone)]
pub struct FieldChange {
    /// The field, as stored (`connection_status`, `restriction`, `given_name`).
    pub field: String,
    /// Its value before; null when it had none, or is withheld.
    pub before: Option<Json<serde_json::Value>>,
    /// Its value after; null when it has none, or is withheld.
    pub after: Option<Json<serde_json::Value>>,
    /// You may not read this field of this record (a protected whereabouts, notes hidden
    /// from your role): both values are left out.
    pub withheld: bool,
}

/// One change of a record.
#[derive(Clone)]
pub struct Revision(pub service::history::Entry);

/// One change of a record: who, when, what, and the fields changed.
#[Object]
impl Revision {
    /// Unique id.
    async fn id(&self) -> ID {
        ids::id(self.0.revision_id)
    }

    /// The record's version after the change (for a removal, its last version).
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// What was done, as `table.verb`: `network_member.update`, `relationship.remove`,
    /// `consent.restore`, ...
    async fn action(&self) -> &str {
        &self.0.action
    }

    /// When.
    async fn changed_at(&self) -> DateTime<Utc> {
        self.0.changed_at
    }

    /// Who.
    async fn changed_by(&self, ctx: &Context<'_>) -> Result<Option<User>, ApiError> {
        let Some(id) = self.0.changed_by else {
            return Ok(None);
        };
        Ok(request(ctx)?.loaders.users.load_one(id).await?.map(User))
    }

    /// The fields changed, before and after, as far as you may read them.
    async fn changes(&self) -> Vec<FieldChange> {
        self.0
            .changes
            .iter()
            .map(|change| FieldChange {
                field: change.field.clone(),
                before: change.before.clone().map(Json),
                after: change.after.clone().map(Json),
                withheld: change.withheld,
            })
            .collect()
    }
}

connection!(
    RevisionConnection,
    RevisionEdge,
    Revision,
    "A page of a record's changes, newest first.",
    "A change, with its cursor."
);

#[derive(Default)]
pub struct HistoryQuery;

#[Object]
impl HistoryQuery {
    /// Every change of a record you may read (a child, a person, a place in a network, a
    /// relationship, a search, a consent, a conference's records), newest first, removed
    /// records too. Each field shows only as far as the record itself would show it to you.
    #[graphql(complexity = "crate::schema::limits::first(first, 20) * child_complexity")]
    async fn history(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record's id.")] id: ID,
        #[graphql(desc = "How many, at most 100.")] first: Option<i32>,
        #[graphql(desc = "The cursor of the last one of the previous page.")] after: Option<String>,
    ) -> Result<RevisionConnection, ApiError> {
        let request = request(ctx)?;
        let limit = people::first(first, 20)?;
        let after: Option<uuid::Uuid> = after
            .map(|cursor| ids::parse("after", &ID(cursor)))
            .transpose()?;
        let rows = service::history::history(
            &request.db,
            &request.viewer(),
            ids::parse("id", &id)?,
            after,
            limit + 1,
        )
        .await?;
        Ok(RevisionConnection::new(keyset_page(
            rows,
            limit as usize,
            after.is_some(),
            |entry| (entry.revision_id, Revision(entry)),
        )))
    }
}

/// A record to bring back to an earlier version, or back from removal.
#[derive(InputObject)]
pub struct RestoreInput {
    /// The record: a place in a network, a relationship, a search, a consent, a person.
    pub id: ID,
    /// The version to bring back (see `history`).
    pub to_version: i32,
    /// The version you read; CONFLICT if it changed since.
    pub version: i32,
}

/// The record as restored, as a new version; the field of its kind is set.
#[derive(SimpleObject, Default)]
pub struct RestorePayload {
    /// A place in a network, back with its searches and consents.
    pub network_member: Option<NetworkMember>,
    /// A relationship.
    pub relationship: Option<Relationship>,
    /// A search or contact attempt.
    pub search_activity: Option<SearchActivity>,
    /// A consent.
    pub consent: Option<Consent>,
    /// A person.
    pub person: Option<Person>,
}

#[derive(Default)]
pub struct HistoryMutation;

#[Object]
impl HistoryMutation {
    /// Brings a record back to an earlier version, or back from removal, as a new version:
    /// nothing is rewritten, and the restore is itself a change in the history. Its child
    /// and its people stay as they are now (a merge since is undone with `unmergePeople`).
    async fn restore(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to restore.")] input: RestoreInput,
    ) -> Result<RestorePayload, ApiError> {
        let request = request(ctx)?;
        let restored = service::history::restore(
            &request.db,
            &request.viewer(),
            service::history::Restore {
                id: ids::parse("id", &input.id)?,
                to_version: input.to_version,
                version: input.version,
            },
        )
        .await?;
        Ok(match restored {
            Restored::NetworkMember(model) => RestorePayload {
                network_member: Some(NetworkMember::new(model)),
                ..Default::default()
            },
            Restored::Relationship(model) => RestorePayload {
                relationship: Some(Relationship::new(model)),
                ..Default::default()
            },
            Restored::SearchActivity(model) => RestorePayload {
                search_activity: Some(SearchActivity(model)),
                ..Default::default()
            },
            Restored::Consent(model) => RestorePayload {
                consent: Some(Consent(model)),
                ..Default::default()
            },
            Restored::Person(model) => RestorePayload {
                person: Some(Person::new(model)),
                ..Default::default()
            },
        })
    }
}
