//! Abuse of GraphQL and HTTP: depth, breadth, aliases, size, batching, GET mutations,
//! and what production mode hides.

use serde_json::json;
use tests::{each_database, each_database_with};

use crate::support::{coordinator, create_child};

#[tokio::test]
async fn a_query_nested_past_the_depth_limit_is_refused_before_any_sql() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "N-1").await;
        let deep = "query($id: ID!) { child(id: $id) { network { members { person { networks { child { network { members { person { networks { child { network { members { id } } } } } } } } } } } } } }";
        let before = app.statements().await;
        let answer = app.gql(&token, deep, json!({ "id": child })).await;
        answer.error("BAD_USER_INPUT");
        assert!(answer.body["data"].is_null());
        assert_eq!(app.statements().await, before, "no SQL ran");
    })
    .await;
}

#[tokio::test]
async fn many_networks_read_at_once_are_refused_before_any_sql() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "N-2").await;
        // Thirty networks inside the members of a network: each list counts by its size.
        let nested = "members { person { networks { child { network { members { person { displayName area } connectionStatus } } } } } }";
        let aliases: String = (0..30).map(|n| format!(" n{n}: network {{ {nested} }}")).collect();
        let query = format!("query($id: ID!) {{ child(id: $id) {{ {aliases} }} }}");
        let before = app.statements().await;
        let answer = app.gql(&token, &query, json!({ "id": child })).await;
        let error = answer.error("BAD_USER_INPUT");
        assert!(error["message"].as_str().is_some_and(|m| m.contains("complex")), "{error}");
        assert!(answer.body["data"].is_null());
        assert_eq!(app.statements().await, before, "no SQL ran");
        // One network, with everything a picture of it needs, is fine.
        let whole = "query($id: ID!) { child(id: $id) { network {
            members { id person { id displayName otherNames area sex birthDate deceased } connectionStatus
                      side circle roles knownToChildAs restriction kinship { label side } }
            relationships { id kind parentKind quality startedOn endedOn from { id } to { id } } } } }";
        app.gql(&token, whole, json!({ "id": child })).await.ok();
    })
    .await;
}

#[tokio::test]
async fn first_is_capped() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let answer = app
            .gql(
                &token,
                "{ children(first: 100000) { edges { node { id } } } }",
                json!({}),
            )
            .await;
        assert_eq!(
            answer.error("BAD_USER_INPUT")["extensions"]["field"],
            "first"
        );
        let answer = app
            .gql(
                &token,
                r#"{ searchPeople(query: "ab", first: 0) { id } }"#,
                json!({}),
            )
            .await;
        answer.error("BAD_USER_INPUT");
    })
    .await;
}

#[tokio::test]
async fn fifty_aliases_of_one_field_are_refused() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "N-1").await;
        let fields: String = (0..50)
            .map(|i| format!(" c{i}: child(id: \"{child}\") {{ id }}"))
            .collect();
        let answer = app.gql(&token, &format!("{{{fields} }}"), json!({})).await;
        answer.error("BAD_USER_INPUT");
        assert!(answer.body["data"].is_null());
    })
    .await;
}

#[tokio::test]
async fn oversized_bodies_batches_and_wrong_methods_are_refused() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let huge = "x".repeat(5 * 1024 * 1024);
        let response = app
            .http()
            .post(app.url("/graphql"))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(format!("{{\"query\": \"{huge}\"}}"))
            .send()
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(response.status(), 413);

        let batch = app
            .http()
            .post(app.url("/graphql"))
            .bearer_auth(&token)
            .json(&json!([{ "query": "{ me { roles } }" }, { "query": "{ me { roles } }" }]))
            .send()
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(batch.status(), 400);

        let long_query = format!("{{ me {{ roles }} }} #{}", "x".repeat(40 * 1024));
        let answer = app.gql(&token, &long_query, json!({})).await;
        assert_eq!(answer.status, 400);

        let mutation = r#"mutation { createChild(input: { person: { givenName: "M" }, caseReference: "G-1" }) { child { id } } }"#;
        let by_get = app
            .http()
            .get(app.url("/graphql"))
            .bearer_auth(&token)
            .query(&[("query", mutation)])
            .send()
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(by_get.status(), 405);
        assert_eq!(app.count("SELECT COUNT(*) FROM child").await, 0);

        let form = app
            .http()
            .post(app.url("/graphql"))
            .bearer_auth(&token)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("query={me{roles}}")
            .send()
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(form.status(), 415);
    })
    .await;
}

#[tokio::test]
async fn production_mode_turns_off_introspection_and_graphiql() {
    each_database_with(
        |config| config.production = true,
        |app| async move {
            let token = coordinator(&app);
            let answer = app
                .gql(&token, "{ __schema { types { name } } }", json!({}))
                .await;
            assert_eq!(
                answer.body["data"]["__schema"],
                serde_json::Value::Null,
                "{}",
                answer.body
            );
            assert!(!answer.body.to_string().contains("Person"));
            let page = app
                .http()
                .get(app.url("/graphql"))
                .send()
                .await
                .unwrap_or_else(|error| panic!("{error}"));
            assert_eq!(page.status(), 404);
        },
    )
    .await;
}

#[tokio::test]
async fn health_readiness_and_graphiql_answer() {
    each_database(|app| async move {
        for (path, status) in [
            ("/healthz", 200),
            ("/readyz", 200),
            ("/graphql", 200),
            // The counts are for operators: a token is needed (see the auth tests).
            ("/metrics", 401),
        ] {
            let response = app
                .http()
                .get(app.url(path))
                .send()
                .await
                .unwrap_or_else(|error| panic!("{error}"));
            assert_eq!(response.status(), status, "{path}");
        }
    })
    .await;
}
