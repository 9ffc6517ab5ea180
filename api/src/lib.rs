//! kinmap: a GraphQL server for the family and supportive-adult networks of children in
//! care. `main.rs` is a thin shim over [`cli::run`]; tests build the app with
//! [`AppState::new`] and [`http::router`] and serve it on a port of their own.

pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod documents;
pub mod error;
pub mod exports;
pub mod graphiql;
pub mod http;
pub mod imports;
pub mod jwks;
pub mod live;
pub mod loaders;
pub mod metrics;
pub mod page;
pub mod parsed;
pub mod pictures;
pub mod policy;
pub mod rate_limit;
pub mod schema;
pub mod service;
pub mod storage;
pub mod subject_access;
pub mod telemetry;
pub mod untrusted;

use std::{sync::Arc, time::Duration};

use auth::Verifier;
use config::{Config, Secret};
use db::Db;
use metrics::Metrics;
use schema::KinmapSchema;
use service::identity::IdentityCache;

/// Everything a request handler needs, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub schema: KinmapSchema,
    /// The same schema for introspection queries, where introspection is on.
    pub introspection: Option<KinmapSchema>,
    pub verifier: Arc<Verifier>,
    pub metrics: Arc<Metrics>,
    pub identities: Arc<IdentityCache>,
    /// Queries already parsed, by their text.
    pub queries: Arc<parsed::ParsedQueries>,
    pub graphiql: bool,
    /// The request headers GraphiQL starts with: the demo's token, with `serve --demo`.
    pub graphiql_headers: Option<String>,
    pub request_timeout: Duration,
    pub max_concurrent_requests: usize,
    /// Whether a token may name an organisation not configured yet.
    pub open_organisations: bool,
    /// Whether `/metrics` is served beside the API (behind a token) rather than on an
    /// address of its own.
    pub metrics_beside_api: bool,
    /// Origins allowed to call the API from a browser; `*` for any.
    pub cors_origins: Vec<String>,
    /// What a request's time is read from.
    pub clock: clock::Clock,
    /// How long an emergency grant of access to a child lasts.
    pub emergency_access: chrono::Duration,
    /// Requests a second per caller after a burst of `rate_limit_burst`; 0 for no limit.
    pub rate_limit_per_second: u32,
    pub rate_limit_burst: u32,
    /// Carries committed network events to this process's subscribers.
    pub hub: live::hub::Hub,
    /// The WebSockets' limits and counts.
    pub sockets: Arc<live::ws::Sockets>,
}

impl AppState {
    /// Connects to and migrates the database and builds the schema. `secret` is the HS256
    /// secret in force (the configured one, or a generated development one).
    pub async fn new(config: &Config, secret: Option<&Secret>) -> anyhow::Result<Self> {
        let verifier = Verifier::from_config(config, secret)?;
        let metrics = Arc::new(Metrics::new());
        let db = Db::connect(config, metrics.clone()).await?;
        db.migrate().await?;
        let hub = live::hub::Hub::start(db.clone());
        Ok(Self {
            hub,
            sockets: Arc::new(live::ws::Sockets::new(config)),
            db,
            schema: schema::build(config.production),
            introspection: (!config.production).then(schema::build_for_introspection),
            verifier: Arc::new(verifier),
            metrics,
            identities: Arc::new(IdentityCache::default()),
            queries: Arc::default(),
            graphiql: !config.production,
            graphiql_headers: None,
            request_timeout: config.request_timeout(),
            max_concurrent_requests: config.max_concurrent_requests,
            open_organisations: config.open_organisations.unwrap_or(false),
            metrics_beside_api: config.metrics_listen.is_none(),
            cors_origins: config.cors_origins.clone(),
            clock: clock::Clock::default(),
            emergency_access: chrono::Duration::minutes(config.emergency_access_minutes.into()),
            rate_limit_per_second: config.rate_limit_per_second,
            rate_limit_burst: config.rate_limit_burst,
        })
    }
}

/// The application router.
pub fn app(state: AppState) -> axum::Router {
    http::router(state)
}

#[cfg(test)]
mod domain_boundary {
    use std::path::{Path, PathBuf};

    fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                found.push(path);
            }
        }
    }

    /// The domain serves every interface, GraphQL being one: nothing in it may name
    /// GraphQL's types or the schema's.
    #[test]
    fn the_domain_imports_neither_async_graphql_nor_the_schema() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&root.join("service"), &mut files);
        files.push(root.join("policy.rs"));
        assert!(files.len() > 15, "found only {files:?}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for forbidden in ["async_graphql", "crate::schema", "schema::"] {
                assert!(
                    !text.contains(forbidden),
                    "{} mentions {forbidden}",
                    file.display()
                );
            }
        }
    }

    /// What of a person a viewer may see is decided once, in `policy`, and handed out as a
    /// `VisiblePerson`: no interface may weigh the rule's inputs itself or read a
    /// person's whereabouts or contact details from the stored record.
    #[test]
    fn no_interface_decides_what_of_a_person_is_hidden() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&root, &mut files);
        files
            .retain(|file| !file.starts_with(root.join("service")) && !file.ends_with("policy.rs"));
        assert!(files.len() > 20, "found only {files:?}");
        let rule = ["Sight", "Field::", "sees_contact", "sees_location", "show("];
        let record = ["model.area", "model.phone", "model.email", "model.address"];
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            // This test's own words are not a use.
            let text = text.split("mod domain_boundary").next().unwrap_or_default();
            for forbidden in rule.iter().chain(&record) {
                assert!(
                    !text.contains(forbidden),
                    "{} mentions {forbidden}",
                    file.display()
                );
            }
        }
    }
}
