//! The GraphQL schema, split by domain area; each area has its own query and mutation
//! objects, merged here.

pub mod access;
pub mod analysis;
pub mod assignments;
pub mod children;
pub mod conferences;
pub mod consents;
pub mod context;
pub mod dates;
pub mod enums;
pub mod history;
pub mod ids;
pub mod imports;
pub mod inline;
pub mod limits;
pub mod network;
pub mod node;
pub mod pages;
pub mod patch;
pub mod people;
pub mod relationships;
pub mod searches;
pub mod subscriptions;

use async_graphql::{MergedObject, MergedSubscription, Schema};

/// Deeper than any real query (the network query is six levels), shallow enough that a
/// family graph cannot be walked without end.
pub const MAX_DEPTH: usize = 12;
/// Each field costs one, and a list field its items' cost times its length: `first`, or
/// for a list with no cap its usual length (`limits::NETWORK_SIZE`, `limits::SHORT_LIST`).
/// A whole network with the fields a picture needs costs about 1,000.
pub const MAX_COMPLEXITY: usize = 10_000;
pub const MAX_ALIASES: usize = 30;
pub const MAX_DIRECTIVES_PER_FIELD: usize = 4;

/// Every query field.
#[derive(MergedObject, Default)]
pub struct Query(
    assignments::MeQuery,
    node::NodeQuery,
    children::ChildQuery,
    people::PersonQuery,
    analysis::AnalysisQuery,
    conferences::ConferenceQuery,
    consents::ConsentQuery,
    access::AccessQuery,
    history::HistoryQuery,
);

/// Every mutation.
#[derive(MergedObject, Default)]
pub struct Mutation(
    children::ChildMutation,
    network::NetworkMutation,
    people::PersonMutation,
    relationships::RelationshipMutation,
    searches::SearchMutation,
    assignments::AssignmentMutation,
    conferences::ConferenceMutation,
    imports::ImportMutation,
    consents::ConsentMutation,
    access::AccessMutation,
    history::HistoryMutation,
);

/// Every subscription, served over the WebSocket at `/graphql`.
#[derive(MergedSubscription, Default)]
pub struct Subscription(subscriptions::NetworkSubscription);

pub type KinmapSchema = Schema<Query, Mutation, Subscription>;

/// Deep enough for the standard introspection query (its type references nest nine
/// levels of `ofType`); its breadth is bounded by `limits::MAX_INTROSPECTION_LISTS`.
pub const MAX_INTROSPECTION_DEPTH: usize = 24;

/// Builds the schema with its limits. In production, introspection and "did you mean"
/// suggestions are off, so the schema is not handed to whoever asks. No extension is
/// registered: the network's objects are answered in place ([`inline::Inline`]), past the
/// hooks an extension would put around each field.
pub fn build(production: bool) -> KinmapSchema {
    let mut builder = Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    )
    .limit_depth(MAX_DEPTH)
    .limit_complexity(MAX_COMPLEXITY)
    .limit_directives(MAX_DIRECTIVES_PER_FIELD);
    if production {
        builder = builder.disable_introspection().disable_suggestions();
    }
    builder.finish()
}

/// The schema for queries that ask only about the schema (`__schema`, `__type`): the
/// same schema, with a depth limit that the introspection query of GraphiQL and the
/// client libraries fits within. The HTTP handler sends only such queries here.
pub fn build_for_introspection() -> KinmapSchema {
    Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    )
    .limit_depth(MAX_INTROSPECTION_DEPTH)
    .limit_complexity(MAX_COMPLEXITY)
    .limit_directives(MAX_DIRECTIVES_PER_FIELD)
    .finish()
}

/// The schema in SDL, as checked in at `api/schema.graphql`.
pub fn sdl() -> String {
    build(false).sdl()
}

#[cfg(test)]
mod tests {
    /// The published schema lives in the repository so that front-ends can review changes
    /// to it; this fails when the code and the file disagree.
    #[test]
    fn the_checked_in_schema_matches_the_code() {
        let checked_in = include_str!("../../schema.graphql");
        assert!(
            super::sdl() == checked_in,
            "api/schema.graphql is out of date: run `cargo run -- print-schema > api/schema.graphql` \
             and review the difference"
        );
    }
}

#[cfg(test)]
mod descriptions {
    /// Every type, field, argument and enum value a client reads about in GraphiQL or an
    /// IDE, and that this server defines, says what it is.
    #[tokio::test]
    async fn everything_in_the_schema_is_described() {
        const QUERY: &str = "{ __schema { types { name description
            fields { name description args { name description } }
            inputFields { name description }
            enumValues { name description } } } }";
        let response = super::build(false).execute(QUERY).await;
        assert!(response.errors.is_empty(), "{:?}", response.errors);
        let data = response.data.into_json().unwrap_or_default();
        let builtin = ["String", "Int", "Float", "Boolean", "ID"];
        let mut missing = Vec::new();
        let blank =
            |value: &serde_json::Value| value.as_str().is_none_or(|text| text.trim().is_empty());
        for ty in data["__schema"]["types"].as_array().into_iter().flatten() {
            let name = ty["name"].as_str().unwrap_or_default();
            if name.starts_with("__") || builtin.contains(&name) {
                continue;
            }
            if blank(&ty["description"]) {
                missing.push(format!("type {name}"));
            }
            for field in ty["fields"].as_array().into_iter().flatten() {
                let field_name = field["name"].as_str().unwrap_or_default();
                if blank(&field["description"]) {
                    missing.push(format!("field {name}.{field_name}"));
                }
                for arg in field["args"].as_array().into_iter().flatten() {
                    if blank(&arg["description"]) {
                        missing.push(format!(
                            "argument {name}.{field_name}({})",
                            arg["name"].as_str().unwrap_or_default()
                        ));
                    }
                }
            }
            for input in ty["inputFields"].as_array().into_iter().flatten() {
                if blank(&input["description"]) {
                    missing.push(format!(
                        "input field {name}.{}",
                        input["name"].as_str().unwrap_or_default()
                    ));
                }
            }
            for value in ty["enumValues"].as_array().into_iter().flatten() {
                if blank(&value["description"]) {
                    missing.push(format!(
                        "enum value {name}.{}",
                        value["name"].as_str().unwrap_or_default()
                    ));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "{} undescribed:\n{}",
            missing.len(),
            missing.join("\n")
        );
    }
}
