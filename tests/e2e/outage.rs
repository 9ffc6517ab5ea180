//! A database outage: requests fail with SERVICE_UNAVAILABLE, /readyz says 503 while
//! /healthz stays 200, and the server recovers by itself when the database is back.
//!
//! This needs a PostgreSQL server of its own to stop and start, so it runs where the
//! machine has one (CI always does: `KINMAP_TEST_POSTGRES_URL` is set there).

use std::time::Duration;

use serde_json::json;
use tests::{Backend, TestApp};

use crate::own_postgres::OwnPostgres;

pub async fn status(app: &TestApp, path: &str) -> u16 {
    app.http()
        .get(app.url(path))
        .send()
        .await
        .map(|response| response.status().as_u16())
        .unwrap_or(0)
}

#[tokio::test]
async fn a_database_outage_is_reported_and_recovered_from_without_a_restart() {
    // SQLite cannot be taken away from a running server; this is a PostgreSQL test.
    let Some(server) = OwnPostgres::start() else {
        return;
    };
    let app = TestApp::spawn(Backend::Postgres(server.url.clone()), |config| {
        config.db_acquire_timeout_secs = 1;
    })
    .await;
    let token = app.token("north", "coordinator-1", &["coordinator"]);
    const ME: &str = "{ me { roles } }";
    app.gql(&token, ME, json!({})).await.ok();
    assert_eq!(status(&app, "/readyz").await, 200);

    server.pause();
    let answer = app
        .gql(
            &token,
            "{ children(first: 1) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    answer.error("SERVICE_UNAVAILABLE");
    assert_eq!(status(&app, "/readyz").await, 503);
    assert_eq!(status(&app, "/healthz").await, 200);

    server.resume();
    let mut recovered = false;
    for _ in 0..40 {
        if status(&app, "/readyz").await == 200 {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(recovered, "the server did not see the database come back");
    app.gql(
        &token,
        "{ children(first: 1) { edges { node { id } } } }",
        json!({}),
    )
    .await
    .ok();
    app.stop().await;
}
