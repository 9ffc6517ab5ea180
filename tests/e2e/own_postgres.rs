//! A PostgreSQL server of a test's own, started with `.ci/postgres`, for tests that do to
//! the server what must not happen to the one every other test shares: stop it, make it
//! read-only.

use std::{path::PathBuf, process::Command};

use tests::POSTGRES_ENV;

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.ci/postgres")
}

fn run(args: &[&str]) -> String {
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
        let url = run(&["start", &data, &port]);
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
