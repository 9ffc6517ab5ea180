//! A database outage: requests fail with SERVICE_UNAVAILABLE, /readyz says 503 while
//! /healthz stays 200, and the server recovers by itself when the database is back.
//!
//! This needs a PostgreSQL server of its own to stop and start, so it runs where the
//! machine has one (CI always does: `KINMAP_TEST_POSTGRES_URL` is set there).

use std::{path::PathBuf, process::Command, time::Duration};

use serde_json::json;
use tests::{Backend, POSTGRES_ENV, TestApp};

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.ci/postgres")
}

fn postgres(args: &[&str]) -> String {
    let output = Command::new("bash")
        .arg(script())
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

async fn status(app: &TestApp, path: &str) -> u16 {
    app.http()
        .get(app.url(path))
        .send()
        .await
        .map(|response| response.status().as_u16())
        .unwrap_or(0)
}

#[tokio::test]
async fn a_database_outage_is_reported_and_recovered_from_without_a_restart() {
    if std::env::var(POSTGRES_ENV).is_err() {
        // SQLite cannot be taken away from a running server; this is a PostgreSQL test.
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let data = dir.path().join("pg");
    let data = data.to_string_lossy().into_owned();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let port = listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or(0)
        .to_string();
    drop(listener);
    // The temporary directory must be reachable by the postgres user.
    let _ = Command::new("chmod")
        .args(["755", &dir.path().to_string_lossy()])
        .status();
    let url = postgres(&["start", &data, &port]);
    let app = TestApp::spawn(Backend::Postgres(url), |config| {
        config.db_acquire_timeout_secs = 1;
    })
    .await;
    let token = app.token("north", "coordinator-1", &["coordinator"]);
    const ME: &str = "{ me { roles } }";
    app.gql(&token, ME, json!({})).await.ok();
    assert_eq!(status(&app, "/readyz").await, 200);

    postgres(&["pause", &data]);
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

    postgres(&["resume", &data, &port]);
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
    postgres(&["stop", &data]);
}
