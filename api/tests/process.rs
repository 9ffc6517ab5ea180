//! The `kinmap` binary as a process: what only a real process can show.

use std::{
    net::TcpListener,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

const SECRET: &str = "test-only-secret-not-for-any-real-server";

fn kinmap(dir: &std::path::Path, port: u16) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kinmap"));
    command
        .env_clear()
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/k.db?mode=rwc", dir.display()),
        )
        .env("KINMAP_JWT_SECRET", SECRET)
        .env("KINMAP_LISTEN", format!("127.0.0.1:{port}"))
        .env("KINMAP_LOG", "warn");
    command
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .unwrap_or_else(|error| panic!("no free port: {error}"))
}

/// Waits for a server started on `port` to accept connections.
fn wait_until_up(port: u16) {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn output(command: &mut Command) -> String {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("cannot run kinmap: {error}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

#[test]
fn sigterm_lets_the_request_in_flight_finish_and_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let port = free_port();
    let child_id = output(kinmap(dir.path(), port).args(["seed-demo", "--synthetic", "2000"]));
    let token = output(kinmap(dir.path(), port).args([
        "token",
        "--sub",
        "demo-coordinator",
        "--org",
        "demo",
        "--role",
        "coordinator",
    ]));
    let mut server = kinmap(dir.path(), port)
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start kinmap: {error}"));
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|error| panic!("{error}"));
    runtime.block_on(async {
        let client = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        wait_until_up(port);
        let query = serde_json::json!({
            "query": "query($id: ID!) { child(id: $id) { network { members { person { otherNames area } } relationships { from { id } to { id } } } } }",
            "variables": { "id": child_id },
        });
        let in_flight = tokio::spawn({
            let client = client.clone();
            let url = format!("{base}/graphql");
            async move { client.post(url).bearer_auth(token).json(&query).send().await }
        });
        tokio::time::sleep(Duration::from_millis(30)).await;
        let killed = Command::new("kill")
            .args(["-TERM", &server.id().to_string()])
            .status()
            .unwrap_or_else(|error| panic!("kill: {error}"));
        assert!(killed.success());
        let response = in_flight
            .await
            .unwrap_or_else(|error| panic!("{error}"))
            .unwrap_or_else(|error| panic!("the request in flight was cut off: {error}"));
        assert_eq!(response.status(), 200);
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        assert_eq!(
            body["data"]["child"]["network"]["members"].as_array().map(Vec::len),
            Some(1999),
            "{body}"
        );
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.try_wait().unwrap_or_else(|error| panic!("{error}")) {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "kinmap did not exit"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "kinmap exited with {status}");
}

#[test]
fn plain_serve_refuses_to_start_without_a_key() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let output = kinmap(dir.path(), free_port())
        .env_remove("KINMAP_JWT_SECRET")
        .arg("serve")
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no JWT key configured"));
}

/// Starts `kinmap serve` with `envs`, waits for it to answer, sends `token` to `/graphql`,
/// stops it, and returns what it logged.
fn log_of_a_request(envs: &[(&str, &str)], token: &str) -> String {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let port = free_port();
    let mut command = kinmap(dir.path(), port);
    command
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (name, value) in envs {
        command.env(name, value);
    }
    let server = command
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start kinmap: {error}"));
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|error| panic!("{error}"));
    runtime.block_on(async {
        let client = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        wait_until_up(port);
        let response = client
            .post(format!("{base}/graphql"))
            .bearer_auth(token)
            .json(&serde_json::json!({ "query": "{ me { roles } }" }))
            .send()
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(response.status(), 401);
    });
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap_or_else(|error| panic!("kill: {error}"));
    assert!(killed.success());
    let output = server
        .wait_with_output()
        .unwrap_or_else(|error| panic!("{error}"));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_token_header_cannot_forge_a_log_line() {
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some("k2\n2026-12-01T00:00:00Z  INFO FORGED: admin logged in".into());
    let claims =
        serde_json::json!({ "sub": "x", "org": "demo", "roles": [], "exp": 4102444800u64 });
    let token = jsonwebtoken::encode(
        &header,
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(b"not the server's secret"),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    for format in ["text", "json"] {
        let log = log_of_a_request(
            &[
                ("KINMAP_JWT_KEY_ID", "k1"),
                ("KINMAP_LOG", "info"),
                ("KINMAP_LOG_FORMAT", format),
            ],
            &token,
        );
        assert!(log.contains("token refused"), "{format} log:\n{log}");
        for line in log.lines() {
            assert!(
                !line.contains("INFO FORGED") || line.contains("token refused"),
                "{line}"
            );
            if format == "json" {
                assert!(
                    serde_json::from_str::<serde_json::Value>(line).is_ok(),
                    "not one JSON object: {line}"
                );
            }
        }
    }
}

#[test]
fn plain_serve_refuses_the_published_sample_secret() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let output = kinmap(dir.path(), free_port())
        .env("KINMAP_JWT_SECRET", "local-development-secret-change-me")
        .arg("serve")
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("published sample secret"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Where the browser checks live, and whether their tools are here: Node with
/// `tests/browser`'s packages (`npm ci --prefix tests/browser`), and Debian's Chromium.
/// `.ci/run` installs both; CI must have them.
fn browser_tools() -> Option<std::path::PathBuf> {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/browser");
    let ready = dir.join("node_modules/playwright-core").exists()
        && std::path::Path::new("/usr/bin/chromium").exists()
        && Command::new("node").arg("--version").output().is_ok();
    if ready {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").is_err(),
        "CI must have node, tests/browser's packages and /usr/bin/chromium"
    );
    eprintln!(
        "skipped: no Chromium or browser test packages here (.ci/run installs them); CI runs this test"
    );
    None
}

/// `kinmap serve --demo` on `port`, up and answering, its output discarded.
fn demo_server(dir: &std::path::Path, port: u16) -> std::process::Child {
    let server = kinmap(dir, port)
        .args(["serve", "--demo"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start kinmap: {error}"));
    wait_until_up(port);
    server
}

/// A token for the demo coordinator with `role`, minted by `kinmap token`.
fn demo_token(dir: &std::path::Path, port: u16, role: &str) -> String {
    output(kinmap(dir, port).args([
        "token",
        "--sub",
        "demo-coordinator",
        "--org",
        "demo",
        "--role",
        role,
    ]))
}

/// Runs the browser check `script` of `tests/browser` with `args`, stops `server`, and
/// fails with what the check printed unless it passed.
fn run_browser_check(
    browser: &std::path::Path,
    script: &str,
    args: &[&str],
    server: &mut std::process::Child,
) {
    let output = Command::new("node")
        .arg(browser.join(script))
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("cannot run node: {error}"));
    let _ = server.kill();
    let _ = server.wait();
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_newcomer_runs_a_first_query_in_graphiql_offline_with_the_demo_token() {
    let Some(browser) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let port = free_port();
    let mut server = kinmap(dir.path(), port)
        .env_remove("KINMAP_JWT_SECRET")
        .args(["serve", "--demo"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start kinmap: {error}"));
    wait_until_up(port);
    let screenshot = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("graphiql.png");
    let url = format!("http://127.0.0.1:{port}/graphql");
    let screenshot_arg = screenshot.to_string_lossy();
    run_browser_check(
        &browser,
        "graphiql.js",
        &[&url, &screenshot_arg],
        &mut server,
    );
    assert!(screenshot.exists());
}

#[test]
fn a_conference_plan_prints_on_a4_in_a_browser_with_nothing_loaded_from_elsewhere() {
    let Some(browser) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let port = free_port();
    let mut server = demo_server(dir.path(), port);
    let token = demo_token(dir.path(), port, "coordinator");
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|error| panic!("{error}"));
    let conference = runtime.block_on(async {
        let answer: serde_json::Value = reqwest::Client::new()
            .post(format!("http://127.0.0.1:{port}/graphql"))
            .bearer_auth(&token)
            .json(&serde_json::json!({ "query": r#"{ children(first: 1, filter: { caseReference: "DEMO-001" }) { edges { node { conferences { id } } } } }"# }))
            .send()
            .await
            .unwrap_or_else(|error| panic!("{error}"))
            .json()
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        answer["data"]["children"]["edges"][0]["node"]["conferences"][0]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no demo conference: {answer}"))
            .to_owned()
    });
    let pdf = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plan.pdf");
    let url = format!("http://127.0.0.1:{port}/conferences/{conference}/plan.html");
    let pdf_arg = pdf.to_string_lossy();
    run_browser_check(&browser, "plan.js", &[&url, &token, &pdf_arg], &mut server);
    let printed = std::fs::read(&pdf).unwrap_or_default();
    assert!(printed.starts_with(b"%PDF"), "no PDF was printed");
}

#[test]
fn a_coordinator_works_through_the_page_and_a_viewer_finds_no_phone_number() {
    let Some(browser) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let port = free_port();
    let mut server = demo_server(dir.path(), port);
    // The demo coordinator, then the same person with only a viewer's role.
    let coordinator = demo_token(dir.path(), port, "coordinator");
    let viewer = demo_token(dir.path(), port, "viewer");
    // The screenshots stay beside the build for a person to look at.
    let shots = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("page");
    std::fs::create_dir_all(&shots).unwrap_or_else(|error| panic!("{error}"));
    let url = format!("http://127.0.0.1:{port}/");
    let shots_arg = shots.to_string_lossy();
    run_browser_check(
        &browser,
        "page.js",
        &[&url, &coordinator, &viewer, &shots_arg],
        &mut server,
    );
    for shot in ["page-ecomap", "page-panel", "page-genogram", "page-viewer"] {
        assert!(shots.join(format!("{shot}.png")).exists(), "no {shot}.png");
    }
}
