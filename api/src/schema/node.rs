//! The `Node` interface and `node(id:)`, which fetches any record by its id.

use async_graphql::{Context, ID, Interface, Object};

use crate::{
    error::ApiError,
    schema::{
        assignments::{Assignment, User},
        children::Child,
        conferences::Conference,
        context::request,
        ids,
        network::NetworkMember,
        people::Person,
        relationships::Relationship,
        searches::SearchActivity,
    },
    service::{self, nodes::Found},
};

/// Any record with a globally unique id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Unique id."))]
pub enum Node {
    Child(Child),
    Person(Person),
    NetworkMember(NetworkMember),
    Relationship(Relationship),
    SearchActivity(SearchActivity),
    Assignment(Assignment),
    User(User),
    Conference(Conference),
}

#[derive(Default)]
pub struct NodeQuery;

/// Most ids `nodes(ids:)` takes at once.
pub const NODES_MAX: usize = 100;

/// The record with this id, or `None` when there is none the viewer may see.
async fn resolve(ctx: &Context<'_>, id: &ID, field: &str) -> Result<Option<Node>, ApiError> {
    by_id(ctx, ids::parse(field, id)?, None).await
}

/// The record with this id (of `table`, when the caller knows it), or `None` when there is
/// none the viewer may see.
pub async fn by_id(
    ctx: &Context<'_>,
    id: uuid::Uuid,
    table: Option<&str>,
) -> Result<Option<Node>, ApiError> {
    let request = request(ctx)?;
    let Some(found) = service::reads::node(&request.db, &request.viewer(), id, table).await? else {
        return Ok(None);
    };
    Ok(Some(match found {
        Found::Child(child) => Node::Child(Child::from(child)),
        Found::Person(person) => Node::Person(Person::new(person)),
        Found::NetworkMember(member) => Node::NetworkMember(NetworkMember::new(member)),
        Found::Relationship(relationship) => Node::Relationship(Relationship::new(relationship)),
        Found::SearchActivity(activity) => Node::SearchActivity(SearchActivity(activity)),
        Found::Assignment(assignment) => Node::Assignment(Assignment(assignment)),
        Found::User(user) => Node::User(User(user)),
        Found::Conference(conference) => Node::Conference(Conference(conference)),
    }))
}

#[Object]
impl NodeQuery {
    /// Any record you may see, by id; null when there is none you may see (a record of
    /// another organisation, or of a child not assigned to you, is null as a missing one
    /// is), as the Relay specification has it.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record's id.")] id: ID,
    ) -> Result<Option<Node>, ApiError> {
        resolve(ctx, &id, "id").await
    }

    /// The records with these ids, in the same order, each null where there is none you
    /// may see. At most 100 ids.
    #[graphql(complexity = "ids.len() * child_complexity")]
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The records' ids.")] ids: Vec<ID>,
    ) -> Result<Vec<Option<Node>>, ApiError> {
        if ids.len() > NODES_MAX {
            return Err(ApiError::bad_input(
                "ids",
                format!("nodes takes at most {NODES_MAX} ids"),
            ));
        }
        let mut found = Vec::with_capacity(ids.len());
        for id in &ids {
            found.push(resolve(ctx, id, "ids").await?);
        }
        Ok(found)
    }
}
