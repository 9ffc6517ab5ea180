//! The `Node` interface and `node(id:)`, which fetches any record by its id.

use async_graphql::{Context, ID, Interface, Object};

use crate::{
    error::ApiError,
    schema::{
        assignments::{Assignment, User},
        children::Child,
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
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any record you may see, by id.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> Result<Node, ApiError> {
        let request = request(ctx)?;
        let id = ids::parse("id", &id)?;
        Ok(
            match service::nodes::find(&request.db.conn, &request.viewer, id).await? {
                Found::Child(child) => Node::Child(Child(child)),
                Found::Person(person) => {
                    service::reads::account(
                        &request.db,
                        &request.viewer,
                        "person.read",
                        [(person.id, None)],
                    )
                    .await?;
                    Node::Person(Person::new(person))
                }
                Found::NetworkMember(member) => Node::NetworkMember(NetworkMember::new(member)),
                Found::Relationship(relationship) => {
                    Node::Relationship(Relationship::new(relationship))
                }
                Found::SearchActivity(activity) => Node::SearchActivity(SearchActivity(activity)),
                Found::Assignment(assignment) => Node::Assignment(Assignment(assignment)),
                Found::User(user) => Node::User(User(user)),
            },
        )
    }
}
