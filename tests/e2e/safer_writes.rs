//! Safer writes: a mutation retried with its `Idempotency-Key` writes once and answers as
//! the first time did, however many retries arrive at once.

use serde_json::{Value, json};
use tests::{TestApp, each_database};

use crate::support::{CREATE_CHILD, coordinator};

/// POSTs a GraphQL operation with an `Idempotency-Key`: (status, replayed, body).
async fn with_key(
    app: &TestApp,
    token: &str,
    key: &str,
    query: &str,
    variables: Value,
) -> (u16, bool, Value) {
    let response = reqwest::Client::new()
        .post(app.url("/graphql"))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let status = response.status().as_u16();
    let replayed = response.headers().get("idempotent-replay").is_some();
    (
        status,
        replayed,
        response.json().await.unwrap_or(Value::Null),
    )
}

fn child(reference: &str) -> Value {
    json!({ "input": { "person": { "givenName": "Ada", "familyName": "Mills" }, "caseReference": reference } })
}

#[tokio::test]
async fn a_mutation_retried_with_its_key_writes_once_and_answers_the_same() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let count = |reference: &str| {
            format!("SELECT COUNT(*) FROM child WHERE case_reference = '{reference}'")
        };
        let (status, replayed, first) =
            with_key(&app, &token, "create-idem-1", CREATE_CHILD, child("IDEM-1")).await;
        assert_eq!((status, replayed), (200, false), "{first}");
        let (status, replayed, again) =
            with_key(&app, &token, "create-idem-1", CREATE_CHILD, child("IDEM-1")).await;
        assert_eq!((status, replayed), (200, true));
        assert_eq!(again, first);
        assert_eq!(app.count(&count("IDEM-1")).await, 1);

        // The same key with another request is refused, and writes nothing.
        let (status, _, other) =
            with_key(&app, &token, "create-idem-1", CREATE_CHILD, child("IDEM-2")).await;
        assert_eq!(status, 400, "{other}");
        assert_eq!(other["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
        assert_eq!(app.count(&count("IDEM-2")).await, 0);
        // Another user's key is theirs alone.
        let colleague = app.token(crate::support::ORG, "coordinator-2", &["coordinator"]);
        let (status, replayed, theirs) = with_key(
            &app,
            &colleague,
            "create-idem-1",
            CREATE_CHILD,
            child("IDEM-3"),
        )
        .await;
        assert_eq!((status, replayed), (200, false), "{theirs}");
        // A key that is no key is refused.
        let (status, _, _) = with_key(&app, &token, "", CREATE_CHILD, child("IDEM-4")).await;
        assert_eq!(status, 400);

        // Twenty retries at once: one child, and every answer names it.
        let retries =
            (0..20).map(|_| with_key(&app, &token, "create-idem-5", CREATE_CHILD, child("IDEM-5")));
        let answers = futures_util::future::join_all(retries).await;
        let ids: std::collections::BTreeSet<String> = answers
            .iter()
            .map(|(status, _, body)| {
                assert_eq!(*status, 200, "{body}");
                body["data"]["createChild"]["child"]["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        assert_eq!(ids.len(), 1, "{ids:?}");
        assert_eq!(
            answers.iter().filter(|(_, replayed, _)| !replayed).count(),
            1
        );
        assert_eq!(app.count(&count("IDEM-5")).await, 1);

        // A key past its day is new again; and a user's keys that old go as a new one comes.
        let yesterday = chrono::Utc::now() - chrono::Duration::hours(25);
        let backend = sea_orm::ConnectionTrait::get_database_backend(app.db());
        let age = |key: &str| {
            let sql = format!(
                "UPDATE idempotency_key SET created_at = '{}' WHERE key = '{key}'",
                yesterday.format("%Y-%m-%d %H:%M:%S%.6f+00:00")
            );
            sea_orm::ConnectionTrait::execute_raw(
                app.db(),
                sea_orm::Statement::from_string(backend, sql),
            )
        };
        age("create-idem-1")
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        let (status, replayed, fresh) =
            with_key(&app, &token, "create-idem-1", CREATE_CHILD, child("IDEM-6")).await;
        assert_eq!((status, replayed), (200, false), "{fresh}");
        assert_eq!(app.count(&count("IDEM-6")).await, 1);
        age("create-idem-5")
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        with_key(&app, &token, "create-idem-7", CREATE_CHILD, child("IDEM-7")).await;
        let old = "SELECT COUNT(*) FROM idempotency_key WHERE key = 'create-idem-5'";
        assert_eq!(
            app.count(old).await,
            0,
            "a key past its day goes as a new one comes"
        );
    })
    .await;
}

#[tokio::test]
async fn a_burst_past_the_limit_is_answered_429_with_retry_after_per_user_and_per_address() {
    tests::each_database_with(
        |config| {
            config.rate_limit_per_second = 1;
            config.rate_limit_burst = 5;
        },
        |app| async move {
            let token = coordinator(&app);
            let ask = |token: Option<String>| {
                let mut request = reqwest::Client::new()
                    .post(app.url("/graphql"))
                    .json(&json!({ "query": "{ me { organisation } }" }));
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                async move {
                    request
                        .send()
                        .await
                        .unwrap_or_else(|error| panic!("{error}"))
                }
            };
            for _ in 0..5 {
                assert_eq!(ask(Some(token.clone())).await.status(), 200);
            }
            let refused = ask(Some(token.clone())).await;
            assert_eq!(refused.status(), 429);
            let wait: u64 = refused
                .headers()
                .get("retry-after")
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.parse().ok())
                .unwrap_or_default();
            assert!((1..=2).contains(&wait), "{wait}");
            let body: Value = refused.json().await.unwrap_or_default();
            assert_eq!(body["errors"][0]["extensions"]["code"], "RATE_LIMITED");

            // Someone else's allowance is their own; probes are never limited.
            let colleague = app.token(crate::support::ORG, "coordinator-2", &["coordinator"]);
            assert_eq!(ask(Some(colleague)).await.status(), 200);
            for _ in 0..10 {
                let probe = reqwest::get(app.url("/healthz"))
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(probe.status(), 200);
            }
            // Without a valid token, the address's allowance: five refusals, then 429.
            for _ in 0..5 {
                assert_eq!(ask(Some("not-a-token".into())).await.status(), 401);
            }
            assert_eq!(ask(None).await.status(), 429);

            // A second on, the user may ask again.
            tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
            assert_eq!(ask(Some(token.clone())).await.status(), 200);
        },
    )
    .await;
}
