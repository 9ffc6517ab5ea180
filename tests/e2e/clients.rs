//! What standard GraphQL clients and front-ends expect of a server: input mistakes are the
//! client's, every response names its request, browsers on allowed origins may call it.

use serde_json::json;
use tests::each_database;

use crate::support::coordinator;

#[tokio::test]
async fn a_missing_or_mistyped_variable_is_bad_user_input_not_internal() {
    each_database(|app| async move {
        let token = coordinator(&app);
        const CHILD: &str = "query($id: ID!) { child(id: $id) { caseReference } }";
        let missing = app.gql(&token, CHILD, json!({})).await;
        missing.error("BAD_USER_INPUT");
        let mistyped = app.gql(&token, CHILD, json!({ "id": [1, 2] })).await;
        mistyped.error("BAD_USER_INPUT");
        let first = app
            .gql(
                &token,
                "query($n: Int) { children(first: $n) { edges { node { id } } } }",
                json!({ "n": "ten" }),
            )
            .await;
        first.error("BAD_USER_INPUT");
    })
    .await;
}

#[tokio::test]
async fn every_response_names_its_request() {
    each_database(|app| async move {
        let mut seen = Vec::new();
        for path in ["/healthz", "/graphql", "/readyz"] {
            let response = app
                .http()
                .get(app.url(path))
                .header("x-request-id", "client-chosen\\nvalue")
                .send()
                .await
                .unwrap_or_else(|error| panic!("{error}"));
            let id = response
                .headers()
                .get("x-request-id")
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
                .unwrap_or_else(|| panic!("{path} has no x-request-id"));
            assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
            seen.push(id);
        }
        seen.dedup();
        assert_eq!(seen.len(), 3, "each request has an id of its own");
    })
    .await;
}
