//! The end-to-end harness: starts the real app on a fresh database and a free port, mints
//! real JWTs, and speaks GraphQL over HTTP.
//!
//! Every test runs on SQLite, then again on PostgreSQL when `KINMAP_TEST_POSTGRES_URL`
//! names a server (a URL whose user may create databases): see [`each_database`].

pub mod ws;

use std::{future::Future, net::SocketAddr, path::PathBuf};

use api::{
    AppState,
    auth::{self, Claims},
    config::{Config, Secret},
};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};
use tokio::{sync::oneshot, task::JoinHandle};

/// The HS256 secret the test servers use. Test-only.
pub const TEST_SECRET: &str = "test-only-secret-not-for-any-real-server";

/// The environment variable naming a PostgreSQL server for the tests.
pub const POSTGRES_ENV: &str = "KINMAP_TEST_POSTGRES_URL";

/// Where a test's database lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    /// A server URL; each test creates a database of its own on it.
    Postgres(String),
}

/// SQLite always; PostgreSQL too when the environment names one.
pub fn backends() -> Vec<Backend> {
    let mut backends = vec![Backend::Sqlite];
    if let Ok(url) = std::env::var(POSTGRES_ENV)
        && !url.trim().is_empty()
    {
        backends.push(Backend::Postgres(url));
    }
    backends
}

/// Runs `test` against a fresh server on each backend in turn.
pub async fn each_database<F, Fut>(test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    each_database_with(|_| {}, test).await;
}

/// Like [`each_database`], with the server's configuration adjusted first.
pub async fn each_database_with<C, F, Fut>(configure: C, test: F)
where
    C: Fn(&mut Config),
    F: Fn(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    for backend in backends() {
        let app = TestApp::spawn(backend, &configure).await;
        test(app).await;
    }
}

/// A database made for one test and dropped after it.
pub struct TestDatabase {
    url: String,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    /// A fresh, empty database on `backend`, dropped with the value.
    pub async fn create(backend: &Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("tempdir: {error}"));
                let path = dir.path().join("kinmap.db");
                Self {
                    url: format!("sqlite://{}?mode=rwc", path.display()),
                    _dir: Some(dir),
                    postgres: None,
                }
            }
            Backend::Postgres(server) => {
                let name = format!("kinmap_test_{}", uuid::Uuid::now_v7().simple());
                let admin = Database::connect(server.as_str())
                    .await
                    .unwrap_or_else(|error| panic!("cannot reach {POSTGRES_ENV}: {error}"));
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .unwrap_or_else(|error| panic!("create database: {error}"));
                admin.close().await.ok();
                Self {
                    url: with_database(server, &name),
                    _dir: None,
                    postgres: Some((server.clone(), name)),
                }
            }
        }
    }
}

impl TestDatabase {
    /// Where to connect to it.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((server, name)) = self.postgres.take() else {
            return;
        };
        // Drop is synchronous: drop the database from a thread with a runtime of its own.
        let dropper = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async move {
                if let Ok(admin) = Database::connect(server.as_str()).await {
                    let _ = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                    let _ = admin.close().await;
                }
            });
        });
        let _ = dropper.join();
    }
}

/// The server URL with its database replaced by `name`.
fn with_database(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (server, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |index| index + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    format!("{base}/{name}{query}")
}

/// A uuid as an SQL literal of `backend`: 16 bytes on SQLite, text on PostgreSQL.
pub fn uuid_literal(backend: sea_orm::DatabaseBackend, id: &str) -> String {
    match backend {
        sea_orm::DatabaseBackend::Postgres => format!("'{id}'"),
        _ => format!("X'{}'", id.replace('-', "")),
    }
}

/// A running server and the means to talk to it.
pub struct TestApp {
    pub address: SocketAddr,
    pub backend: Backend,
    pub state: AppState,
    client: reqwest::Client,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
    /// Shared with the replicas on it; dropped with the last of them.
    _database: std::sync::Arc<TestDatabase>,
}

/// What a GraphQL request came back with.
#[derive(Debug)]
pub struct Gql {
    pub status: u16,
    pub body: Value,
}

impl Gql {
    /// The `data` of a response that must have no errors.
    #[track_caller]
    pub fn ok(&self) -> &Value {
        assert!(
            self.status == 200 && self.body.get("errors").is_none(),
            "expected success, got {} {}",
            self.status,
            self.body
        );
        &self.body["data"]
    }

    /// The `extensions.code` of the first error.
    pub fn code(&self) -> Option<&str> {
        self.body["errors"][0]["extensions"]["code"].as_str()
    }

    /// The first error, which must carry `code`.
    #[track_caller]
    pub fn error(&self, code: &str) -> &Value {
        assert_eq!(
            self.code(),
            Some(code),
            "unexpected answer: {} {}",
            self.status,
            self.body
        );
        &self.body["errors"][0]
    }
}

/// The path of a file under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

impl TestApp {
    /// Starts a server on a fresh database of `backend`.
    pub async fn spawn(backend: Backend, configure: impl Fn(&mut Config)) -> Self {
        let database = TestDatabase::create(&backend).await;
        Self::start(backend, std::sync::Arc::new(database), configure).await
    }

    /// Another server on this one's database, as a second replica behind a load balancer.
    pub async fn replica(&self) -> Self {
        self.replica_with(|_| {}).await
    }

    /// Another server on this one's database, configured by `configure`.
    pub async fn replica_with(&self, configure: impl Fn(&mut Config)) -> Self {
        Self::start(self.backend.clone(), self._database.clone(), configure).await
    }

    async fn start(
        backend: Backend,
        database: std::sync::Arc<TestDatabase>,
        configure: impl Fn(&mut Config),
    ) -> Self {
        let mut config = Config::for_database(database.url.clone());
        config.jwt_secret = Some(Secret::new(TEST_SECRET));
        config.db_max_connections = Some(5);
        config.log = "warn".into();
        // Tests name organisations freely; one test closes them.
        config.open_organisations = Some(true);
        // Tests send many requests as one user; the limit test sets its own.
        config.rate_limit_per_second = 0;
        configure(&mut config);
        let secret = config.jwt_secret.clone();
        let state = AppState::new(&config, secret.as_ref())
            .await
            .unwrap_or_else(|error| panic!("server failed to start: {error:#}"));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|error| panic!("bind: {error}"));
        let address = listener
            .local_addr()
            .unwrap_or_else(|error| panic!("local address: {error}"));
        let (shutdown, on_shutdown) = oneshot::channel::<()>();
        let router = api::app(state.clone());
        let server = tokio::spawn(async move {
            let router = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
            let _ = axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = on_shutdown.await;
                })
                .await;
        });
        Self {
            address,
            backend,
            state,
            client: reqwest::Client::new(),
            shutdown: Some(shutdown),
            server: Some(server),
            _database: database,
        }
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// The URL of this server's database.
    pub fn database_url(&self) -> &str {
        &self._database.url
    }

    /// The raw database connection, for checking what was (not) written.
    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db.conn
    }

    /// Claims valid for an hour.
    pub fn claims(org: &str, sub: &str, roles: &[&str]) -> Claims {
        let now = jsonwebtoken::get_current_timestamp();
        Claims {
            sub: sub.into(),
            org: org.into(),
            roles: roles.iter().map(|role| (*role).to_owned()).collect(),
            name: Some(format!("Test {sub}")),
            exp: now + 3600,
            nbf: None,
            iat: Some(now),
            iss: None,
            aud: None,
        }
    }

    /// A valid HS256 token for `sub` in `org` with `roles`.
    pub fn token(&self, org: &str, sub: &str, roles: &[&str]) -> String {
        auth::mint(&Secret::new(TEST_SECRET), &Self::claims(org, sub, roles))
            .unwrap_or_else(|error| panic!("mint: {error}"))
    }

    /// Signs arbitrary claims with the test secret (for malformed-claim tests).
    pub fn sign(claims: &Value) -> String {
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            claims,
            &jsonwebtoken::EncodingKey::from_secret(TEST_SECRET.as_bytes()),
        )
        .unwrap_or_else(|error| panic!("sign: {error}"))
    }

    /// Sends one GraphQL operation with a bearer token.
    pub async fn gql(&self, token: &str, query: &str, variables: Value) -> Gql {
        let request = self
            .client
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        Self::send(request, token).await
    }

    /// Sends a request to `/graphql` with a bearer token and reads its answer.
    async fn send(request: reqwest::RequestBuilder, token: &str) -> Gql {
        let response = request
            .bearer_auth(token)
            .send()
            .await
            .unwrap_or_else(|error| panic!("request failed: {error}"));
        let status = response.status().as_u16();
        let body = response.json().await.unwrap_or(Value::Null);
        Gql { status, body }
    }

    /// Sends one GraphQL operation with files, as the GraphQL multipart request convention
    /// says: `operations`, then `map` (each part's variable path), then the parts. Each file
    /// is (variable path such as `variables.input.file`, file name, contents).
    pub async fn upload(
        &self,
        token: &str,
        query: &str,
        variables: Value,
        files: Vec<(&str, &str, Vec<u8>)>,
    ) -> Gql {
        let map: serde_json::Map<String, Value> = files
            .iter()
            .enumerate()
            .map(|(index, (path, _, _))| (index.to_string(), json!([path])))
            .collect();
        let mut form = reqwest::multipart::Form::new()
            .text(
                "operations",
                json!({ "query": query, "variables": variables }).to_string(),
            )
            .text("map", Value::Object(map).to_string());
        for (index, (_, name, bytes)) in files.into_iter().enumerate() {
            form = form.part(
                index.to_string(),
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
            );
        }
        let request = self.client.post(self.url("/graphql")).multipart(form);
        Self::send(request, token).await
    }

    /// A request builder for anything `gql` does not cover.
    pub fn http(&self) -> &reqwest::Client {
        &self.client
    }

    /// The server's count of SQL statements so far, read from `/metrics`.
    pub async fn statements(&self) -> u64 {
        self.metric("kinmap_db_statements_total").await
    }

    /// A counter's value, read from `/metrics`.
    pub async fn metric(&self, name: &str) -> u64 {
        let text = self
            .client
            .get(self.url("/metrics"))
            .bearer_auth(self.token("metrics", "scraper", &["service"]))
            .send()
            .await
            .unwrap_or_else(|error| panic!("metrics: {error}"))
            .text()
            .await
            .unwrap_or_default();
        text.lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} in /metrics:\n{text}"))
    }

    /// Runs a scalar count query.
    pub async fn count(&self, sql: &str) -> i64 {
        let backend = self.db().get_database_backend();
        let row = self
            .db()
            .query_one_raw(sea_orm::Statement::from_string(backend, sql.to_owned()))
            .await
            .unwrap_or_else(|error| panic!("{sql}: {error}"))
            .unwrap_or_else(|| panic!("{sql}: no row"));
        row.try_get_by_index::<i64>(0)
            .unwrap_or_else(|error| panic!("{sql}: {error}"))
    }

    /// Stops the server, letting requests in flight finish and closing its WebSockets.
    pub async fn stop(mut self) {
        self.state.sockets.close_all();
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn a_test_database_replaces_the_server_database_in_the_url() {
        assert_eq!(
            with_database("postgres://u@127.0.0.1:5/postgres?sslmode=disable", "t1"),
            "postgres://u@127.0.0.1:5/t1?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://u@127.0.0.1:5", "t1"),
            "postgres://u@127.0.0.1:5/t1"
        );
    }
}
