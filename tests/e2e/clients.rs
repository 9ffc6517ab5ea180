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

async fn preflight(app: &tests::TestApp, origin: &str) -> (u16, Option<String>) {
    let response = app
        .http()
        .request(reqwest::Method::OPTIONS, app.url("/graphql"))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type",
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let allowed = response
        .headers()
        .get("access-control-allow-origin")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    assert!(
        response
            .headers()
            .get("access-control-allow-credentials")
            .is_none(),
        "credentials are never allowed"
    );
    (response.status().as_u16(), allowed)
}

#[tokio::test]
async fn a_front_end_on_an_allowed_origin_may_call_the_api_and_no_other() {
    tests::each_database_with(
        |config| config.cors_origins = vec!["https://app.example.gov.uk".into()],
        |app| async move {
            let (status, allowed) = preflight(&app, "https://app.example.gov.uk").await;
            assert_eq!(status, 200);
            assert_eq!(allowed.as_deref(), Some("https://app.example.gov.uk"));
            let (_, allowed) = preflight(&app, "https://elsewhere.example.com").await;
            assert_eq!(allowed, None);
            let response = app
                .http()
                .post(app.url("/graphql"))
                .header("origin", "https://app.example.gov.uk")
                .bearer_auth(coordinator(&app))
                .json(&json!({ "query": "{ me { roles } }" }))
                .send()
                .await
                .unwrap_or_else(|error| panic!("{error}"));
            assert_eq!(
                response
                    .headers()
                    .get("access-control-allow-origin")
                    .and_then(|v| v.to_str().ok()),
                Some("https://app.example.gov.uk")
            );
        },
    )
    .await;
}

#[tokio::test]
async fn no_origin_is_allowed_unless_configured() {
    each_database(|app| async move {
        let (_, allowed) = preflight(&app, "https://app.example.gov.uk").await;
        assert_eq!(allowed, None);
    })
    .await;
}
