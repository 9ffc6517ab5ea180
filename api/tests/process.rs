//! The `kinmap` binary as a process: what only a real process can show.

use std::{
    io::{BufRead, BufReader},
    net::SocketAddr,
    process::{Child, Command, ExitStatus, Stdio},
    sync::{Arc, Mutex, mpsc},
    time::{Duration, Instant},
};

const SECRET: &str = "test-only-secret-not-for-any-real-server";

/// What `kinmap serve` writes to stderr once it listens, before the address.
const LISTENING: &str = "kinmap is listening: GraphiQL at http://";

/// `kinmap` on a database in `dir`, listening on a port the system chooses when it binds.
fn kinmap(dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kinmap"));
    command
        .env_clear()
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/k.db?mode=rwc", dir.display()),
        )
        .env("KINMAP_JWT_SECRET", SECRET)
        .env("KINMAP_LISTEN", "127.0.0.1:0")
        .env("KINMAP_LOG", "warn");
    command
}

/// A running `kinmap serve`, found at the address it announced, with what it wrote to stderr
/// kept for the test. The server binds port 0 itself: a port chosen beforehand by the test
/// could be taken by another process before the server binds it, and a wait that connects
/// until something answers can be answered by its own socket (TCP's self-connect) before
/// the server is up.
struct Server {
    child: Child,
    address: SocketAddr,
    log: Arc<Mutex<String>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(command: &mut Command) -> Self {
        let mut child = command
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start kinmap: {error}"));
        let stderr = child
            .stderr
            .take()
            .unwrap_or_else(|| panic!("kinmap's stderr was not piped"));
        let log = Arc::new(Mutex::new(String::new()));
        let (announced, address) = mpsc::channel();
        let reader = std::thread::spawn({
            let log = Arc::clone(&log);
            move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    if let Some(address) = line
                        .split_once(LISTENING)
                        .and_then(|(_, rest)| rest.split_once("/graphql"))
                        .and_then(|(address, _)| address.parse::<SocketAddr>().ok())
                    {
                        let _ = announced.send(address);
                    }
                    let mut log = log.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                    log.push_str(&line);
                    log.push('\n');
                }
            }
        });
        let mut server = Self {
            child,
            address: SocketAddr::from(([127, 0, 0, 1], 0)),
            log,
            reader: Some(reader),
        };
        let started = Instant::now();
        server.address = loop {
            match address.recv_timeout(Duration::from_millis(100)) {
                Ok(address) => break address,
                Err(mpsc::RecvTimeoutError::Timeout)
                    if started.elapsed() < Duration::from_secs(120) => {}
                Err(_) => {
                    let status = server.child.try_wait().ok().flatten();
                    panic!(
                        "kinmap did not announce its address (exit: {status:?}):\n{}",
                        server.stop_reading()
                    );
                }
            }
        };
        server
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Asks the server to stop as an orchestrator would (SIGTERM).
    fn terminate(&self) {
        let killed = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap_or_else(|error| panic!("kill: {error}"));
        assert!(killed.success());
    }

    /// Waits for the server to exit, at most `limit`, and returns how it exited with all it
    /// wrote to stderr.
    fn exit(mut self, limit: Duration) -> (ExitStatus, String) {
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self
                .child
                .try_wait()
                .unwrap_or_else(|error| panic!("{error}"))
            {
                break status;
            }
            assert!(
                started.elapsed() < limit,
                "kinmap did not exit:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        (status, self.stop_reading())
    }

    fn log(&self) -> String {
        self.log
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Stops the process if it still runs and returns all it wrote to stderr.
    fn stop_reading(&mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        self.log()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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
    let child_id = output(kinmap(dir.path()).args(["seed-demo", "--synthetic", "2000"]));
    let token = output(kinmap(dir.path()).args([
        "token",
        "--sub",
        "demo-coordinator",
        "--org",
        "demo",
        "--role",
        "coordinator",
    ]));
    let server = Server::start(kinmap(dir.path()).arg("serve"));
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|error| panic!("{error}"));
    runtime.block_on(async {
        let client = reqwest::Client::new();
        let query = serde_json::json!({
            "query": "query($id: ID!) { child(id: $id) { network { members { person { otherNames area } } relationships { from { id } to { id } } } } }",
            "variables": { "id": child_id },
        });
        let in_flight = tokio::spawn({
            let client = client.clone();
            let url = server.url("/graphql");
            async move { client.post(url).bearer_auth(token).json(&query).send().await }
        });
        tokio::time::sleep(Duration::from_millis(30)).await;
        server.terminate();
        let response = in_flight
            .await
            .unwrap_or_else(|error| panic!("{error}"))
            .unwrap_or_else(|error| panic!("the request in flight was cut off: {error:?}"));
        assert_eq!(response.status(), 200);
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        assert_eq!(
            body["data"]["child"]["network"]["members"].as_array().map(Vec::len),
            Some(1999),
            "{body}"
        );
    });
    let (status, log) = server.exit(Duration::from_secs(15));
    assert!(status.success(), "kinmap exited with {status}:\n{log}");
}

#[test]
fn plain_serve_refuses_to_start_without_a_key() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let output = kinmap(dir.path())
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
    let mut command = kinmap(dir.path());
    command.arg("serve").envs(envs.iter().copied());
    let server = Server::start(&mut command);
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|error| panic!("{error}"));
    runtime.block_on(async {
        let response = reqwest::Client::new()
            .post(server.url("/graphql"))
            .bearer_auth(token)
            .json(&serde_json::json!({ "query": "{ me { roles } }" }))
            .send()
            .await
            .unwrap_or_else(|error| panic!("{error:?}"));
        assert_eq!(response.status(), 401);
    });
    server.terminate();
    server.exit(Duration::from_secs(15)).1
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
    let output = kinmap(dir.path())
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

/// `kinmap serve --demo`, up and answering.
fn demo_server(dir: &std::path::Path) -> Server {
    Server::start(kinmap(dir).args(["serve", "--demo"]))
}

/// A token for the demo coordinator with `role`, minted by `kinmap token`.
fn demo_token(dir: &std::path::Path, role: &str) -> String {
    output(kinmap(dir).args([
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
/// fails with what the check and the server printed unless it passed.
fn run_browser_check(browser: &std::path::Path, script: &str, args: &[&str], mut server: Server) {
    let output = Command::new("node")
        .arg(browser.join(script))
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("cannot run node: {error}"));
    let log = server.stop_reading();
    assert!(
        output.status.success(),
        "{}{}\nkinmap's log:\n{log}",
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
    let server = Server::start(
        kinmap(dir.path())
            .env_remove("KINMAP_JWT_SECRET")
            .args(["serve", "--demo"]),
    );
    let screenshot = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("graphiql.png");
    let url = server.url("/graphql");
    let screenshot_arg = screenshot.to_string_lossy();
    run_browser_check(&browser, "graphiql.js", &[&url, &screenshot_arg], server);
    assert!(screenshot.exists());
}

#[test]
fn a_conference_plan_prints_on_a4_in_a_browser_with_nothing_loaded_from_elsewhere() {
    let Some(browser) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let server = demo_server(dir.path());
    let token = demo_token(dir.path(), "coordinator");
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|error| panic!("{error}"));
    let conference = runtime.block_on(async {
        let answer: serde_json::Value = reqwest::Client::new()
            .post(server.url("/graphql"))
            .bearer_auth(&token)
            .json(&serde_json::json!({ "query": r#"{ children(first: 1, filter: { caseReference: "DEMO-001" }) { edges { node { conferences { id } } } } }"# }))
            .send()
            .await
            .unwrap_or_else(|error| panic!("{error:?}\nkinmap's log:\n{}", server.log()))
            .json()
            .await
            .unwrap_or_else(|error| panic!("{error:?}\nkinmap's log:\n{}", server.log()));
        answer["data"]["children"]["edges"][0]["node"]["conferences"][0]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no demo conference: {answer}"))
            .to_owned()
    });
    let pdf = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plan.pdf");
    let url = server.url(&format!("/conferences/{conference}/plan.html"));
    let pdf_arg = pdf.to_string_lossy();
    run_browser_check(&browser, "plan.js", &[&url, &token, &pdf_arg], server);
    let printed = std::fs::read(&pdf).unwrap_or_default();
    assert!(printed.starts_with(b"%PDF"), "no PDF was printed");
}

#[test]
fn a_coordinator_works_through_the_page_and_a_viewer_finds_no_phone_number() {
    let Some(browser) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let server = demo_server(dir.path());
    // The demo coordinator, then the same person with only a viewer's role.
    let coordinator = demo_token(dir.path(), "coordinator");
    let viewer = demo_token(dir.path(), "viewer");
    // The screenshots stay beside the build for a person to look at.
    let shots = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("page");
    std::fs::create_dir_all(&shots).unwrap_or_else(|error| panic!("{error}"));
    let url = server.url("/");
    let shots_arg = shots.to_string_lossy();
    run_browser_check(
        &browser,
        "page.js",
        &[&url, &coordinator, &viewer, &shots_arg],
        server,
    );
    for shot in ["page-ecomap", "page-panel", "page-genogram", "page-viewer"] {
        assert!(shots.join(format!("{shot}.png")).exists(), "no {shot}.png");
    }
}
