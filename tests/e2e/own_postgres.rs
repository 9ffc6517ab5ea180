//! A PostgreSQL server of a test's own, started with `.ci/postgres`, for tests that do to
//! the server what must not happen to the one every other test shares: stop it, make it
//! read-only.

use std::{path::PathBuf, process::Command};

use tests::POSTGRES_ENV;

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.ci/postgres")
}

fn run(args: &[&str]) -> String {
    attempt(args).unwrap_or_else(|error| panic!("{error}"))
}

/// The script's output, or what it said on failing.
fn attempt(args: &[&str]) -> Result<String, String> {
    let output = Command::new("bash")
        .arg(script())
        .args(args)
        .output()
        .map_err(|error| error.to_string())?;
    match output.status.success() {
        true => Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned()),
        false => Err(String::from_utf8_lossy(&output.stderr).into_owned()),
    }
}

/// A port free a moment ago. PostgreSQL cannot be told to choose one, so another process
/// may take it before the server binds it: starting is tried again on another.
fn free_port() -> String {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port().to_string())
        .unwrap_or_else(|error| panic!("{error}"))
}

/// A running server; stopped when dropped.
pub struct OwnPostgres {
    pub url: String,
    data: String,
    port: String,
    _dir: tempfile::TempDir,
}

impl OwnPostgres {
    /// Starts one where the machine has PostgreSQL, which `KINMAP_TEST_POSTGRES_URL` says
    /// (CI always sets it); `None` elsewhere.
    pub fn start() -> Option<Self> {
        std::env::var(POSTGRES_ENV).ok()?;
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let data = dir.path().join("pg").to_string_lossy().into_owned();
        // The temporary directory must be reachable by the postgres user.
        let _ = Command::new("chmod")
            .args(["755", &dir.path().to_string_lossy()])
            .status();
        let mut failures = Vec::new();
        let (url, port) = loop {
            let port = free_port();
            match attempt(&["start", &data, &port]) {
                Ok(url) => break (url, port),
                Err(error) if failures.len() < 4 => failures.push(error),
                Err(error) => panic!("{}\n{error}", failures.join("\n")),
            }
        };
        Some(Self {
            url,
            data,
            port,
            _dir: dir,
        })
    }

    /// Stops the server, keeping its data.
    pub fn pause(&self) {
        run(&["pause", &self.data]);
    }

    /// Starts it again after [`Self::pause`].
    pub fn resume(&self) {
        run(&["resume", &self.data, &self.port]);
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(script())
            .args(["stop", &self.data])
            .output();
    }
}
