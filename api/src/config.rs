//! Configuration: every setting is a flag and an environment variable (`KINMAP_*`,
//! `DATABASE_URL`); `kinmap --help` lists them.

use std::{fmt, net::SocketAddr, path::PathBuf, time::Duration};

use clap::{ArgAction, Args, ValueEnum, builder::BoolishValueParser};

/// A secret read from the environment or a flag; never printed.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Secrets published in this repository's samples: anyone may sign tokens with them.
/// `serve` refuses them except with `--demo`.
pub const SAMPLE_SECRETS: &[&str] = &["local-development-secret-change-me"];

impl Secret {
    /// Whether this is one of the published sample secrets.
    pub fn is_sample(&self) -> bool {
        SAMPLE_SECRETS.contains(&self.0.as_str())
    }
}

fn parse_origin(value: &str) -> Result<String, String> {
    let value = value.trim();
    let scheme_ok = value.starts_with("https://") || value.starts_with("http://");
    let bare = scheme_ok
        && !value
            .trim_start_matches("http://")
            .trim_start_matches("https://")
            .contains('/');
    if value == "*" || bare {
        Ok(value.to_owned())
    } else {
        Err(format!(
            "`{value}` is not an origin: give scheme and host (and port), as https://app.example.gov.uk, or *"
        ))
    }
}

fn parse_secret(value: &str) -> Result<Secret, String> {
    if value.len() < 16 {
        return Err("a JWT secret needs at least 16 characters".into());
    }
    Ok(Secret::new(value))
}

/// How logs are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Settings shared by every subcommand.
#[derive(Clone, Debug, Args)]
pub struct Config {
    /// Database to use: `sqlite://FILE?mode=rwc` (created when missing) or `postgres://...`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://kinmap.db?mode=rwc",
        global = true
    )]
    pub database_url: String,

    /// Address the server listens on.
    #[arg(
        long,
        env = "KINMAP_LISTEN",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub listen: SocketAddr,

    /// Shared secret for HS256 tokens (local use). `serve` refuses to start without a
    /// secret or a public key, except with `--demo`, which makes a development secret.
    #[arg(long, env = "KINMAP_JWT_SECRET", value_parser = parse_secret, hide_env_values = true, global = true)]
    pub jwt_secret: Option<Secret>,

    /// PEM file with the identity provider's RSA (RS256) or EC P-256 (ES256) public key.
    /// When set, only tokens signed with that key are accepted.
    #[arg(long, env = "KINMAP_JWT_PUBLIC_KEY_FILE", global = true)]
    pub jwt_public_key_file: Option<PathBuf>,

    /// JSON Web Key Set file with the identity provider's public keys, each chosen by the
    /// `kid` a token names; read again when it changes, so a key rotates without a restart.
    #[arg(long, env = "KINMAP_JWT_JWKS_FILE", global = true)]
    pub jwt_jwks_file: Option<PathBuf>,

    /// Key id (`kid`) of the configured key; when set, a token naming another key is refused.
    #[arg(long, env = "KINMAP_JWT_KEY_ID", global = true)]
    pub jwt_key_id: Option<String>,

    /// Required `iss` claim, when set.
    #[arg(long, env = "KINMAP_JWT_ISSUER", global = true)]
    pub jwt_issuer: Option<String>,

    /// Required `aud` claim, when set.
    #[arg(long, env = "KINMAP_JWT_AUDIENCE", global = true)]
    pub jwt_audience: Option<String>,

    /// Log filter, in `tracing` env-filter syntax (`info`, `api=debug,sqlx=warn`).
    #[arg(long, env = "KINMAP_LOG", default_value = "info", global = true)]
    pub log: String,

    /// Log line format.
    #[arg(
        long,
        env = "KINMAP_LOG_FORMAT",
        value_enum,
        default_value_t,
        global = true
    )]
    pub log_format: LogFormat,

    /// Production mode: introspection and GraphiQL are off. Takes `true`/`false`, `1`/`0`,
    /// `yes`/`no`, `on`/`off`.
    #[arg(
        long,
        env = "KINMAP_PRODUCTION",
        action = ArgAction::Set,
        value_parser = BoolishValueParser::new(),
        num_args = 0..=1,
        default_value_t = false,
        default_missing_value = "true",
        global = true
    )]
    pub production: bool,

    /// Longest lifetime a token may have, in hours (from `iat`, or from now when it has
    /// none, to `exp`); a longer-lived token is refused.
    #[arg(
        long,
        env = "KINMAP_JWT_MAX_LIFETIME_HOURS",
        default_value_t = 12,
        global = true
    )]
    pub jwt_max_lifetime_hours: u64,

    /// Whether a token may name an organisation not yet configured (with `kinmap org
    /// add`), creating it on first sight. Off unless set, and on by default with `--demo`.
    #[arg(
        long,
        env = "KINMAP_OPEN_ORGANISATIONS",
        action = ArgAction::Set,
        value_parser = BoolishValueParser::new(),
        num_args = 0..=1,
        default_missing_value = "true",
        global = true
    )]
    pub open_organisations: Option<bool>,

    /// Serve `/metrics` on this address of its own, without a token (for a scraper on a
    /// private network). When unset, `/metrics` is served beside the API and needs a token
    /// with the `admin` or `service` role.
    #[arg(long, env = "KINMAP_METRICS_LISTEN", global = true)]
    pub metrics_listen: Option<SocketAddr>,

    /// Origins whose pages may call the API from a browser, comma-separated
    /// (`https://app.example.gov.uk`), or `*` for any. None by default. Cookies and other
    /// credentials are never allowed: the API takes a bearer token.
    #[arg(
        long,
        env = "KINMAP_CORS_ORIGINS",
        value_delimiter = ',',
        value_parser = parse_origin,
        global = true
    )]
    pub cors_origins: Vec<String>,

    /// Seconds before a request is abandoned with 503 and its transaction rolled back.
    #[arg(
        long,
        env = "KINMAP_REQUEST_TIMEOUT_SECS",
        default_value_t = 30,
        global = true
    )]
    pub request_timeout_secs: u64,

    /// Requests served at once; more wait their turn (within the timeout).
    #[arg(
        long,
        env = "KINMAP_MAX_CONCURRENT_REQUESTS",
        default_value_t = 256,
        global = true
    )]
    pub max_concurrent_requests: usize,

    /// Size of the database connection pool: 16 on PostgreSQL unless set; on SQLite,
    /// twice the machine's cores (4 to 16).
    #[arg(long, env = "KINMAP_DB_MAX_CONNECTIONS", global = true)]
    pub db_max_connections: Option<u32>,

    /// Seconds to wait for a database connection before answering SERVICE_UNAVAILABLE.
    #[arg(
        long,
        env = "KINMAP_DB_ACQUIRE_TIMEOUT_SECS",
        default_value_t = 5,
        global = true
    )]
    pub db_acquire_timeout_secs: u64,

    /// Megabytes (about) of recently read networks' rows kept between requests, checked
    /// against each network's last change on every read; 0 keeps none.
    #[arg(
        long,
        env = "KINMAP_NETWORK_CACHE_MB",
        default_value_t = 64,
        global = true
    )]
    pub network_cache_mb: usize,

    /// Minutes an emergency grant of access to a child lasts (`requestEmergencyAccess`, for
    /// out-of-hours duty workers); it ends by itself.
    #[arg(
        long,
        env = "KINMAP_EMERGENCY_ACCESS_MINUTES",
        default_value_t = 240,
        value_parser = clap::value_parser!(u32).range(1..=24 * 60),
        global = true
    )]
    pub emergency_access_minutes: u32,

    /// Requests a second each signed-in user (and, without a valid token, each address) may
    /// make once their burst is spent; past it, 429 with Retry-After. 0 turns limits off.
    #[arg(
        long,
        env = "KINMAP_RATE_LIMIT_PER_SECOND",
        default_value_t = 50,
        global = true
    )]
    pub rate_limit_per_second: u32,

    /// Requests a caller may make at once before the rate above applies.
    #[arg(
        long,
        env = "KINMAP_RATE_LIMIT_BURST",
        default_value_t = 200,
        global = true
    )]
    pub rate_limit_burst: u32,

    /// Seconds a WebSocket at `/graphql` may wait before its `connection_init`; past it the
    /// server closes it (4408).
    #[arg(
        long,
        env = "KINMAP_WS_INIT_TIMEOUT_SECS",
        default_value_t = 10,
        global = true
    )]
    pub ws_init_timeout_secs: u64,

    /// Seconds between the server's pings on a WebSocket; a connection that answers nothing
    /// for two of them is closed.
    #[arg(
        long,
        env = "KINMAP_WS_KEEPALIVE_SECS",
        default_value_t = 15,
        global = true
    )]
    pub ws_keepalive_secs: u64,

    /// Subscriptions one WebSocket may run at once.
    #[arg(
        long,
        env = "KINMAP_WS_MAX_SUBSCRIPTIONS",
        default_value_t = 32,
        global = true
    )]
    pub ws_max_subscriptions: usize,

    /// WebSockets one user may hold open at once, on this server.
    #[arg(
        long,
        env = "KINMAP_WS_MAX_CONNECTIONS_PER_USER",
        default_value_t = 16,
        global = true
    )]
    pub ws_max_connections_per_user: usize,

    /// Messages a WebSocket may have waiting to be sent; a client that lets more pile up
    /// for `KINMAP_WS_SLOW_CONSUMER_SECS` is disconnected rather than buffered without end.
    #[arg(
        long,
        env = "KINMAP_WS_SEND_BUFFER",
        default_value_t = 256,
        global = true
    )]
    pub ws_send_buffer: usize,

    /// Seconds a full send buffer may stay full before the WebSocket is closed.
    #[arg(
        long,
        env = "KINMAP_WS_SLOW_CONSUMER_SECS",
        default_value_t = 5,
        global = true
    )]
    pub ws_slow_consumer_secs: u64,
}

impl Config {
    /// The defaults, as `kinmap` with no flags and no environment would have them.
    pub fn for_database(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            jwt_secret: None,
            jwt_public_key_file: None,
            jwt_jwks_file: None,
            jwt_key_id: None,
            jwt_issuer: None,
            jwt_audience: None,
            log: "info".into(),
            log_format: LogFormat::Text,
            production: false,
            jwt_max_lifetime_hours: 12,
            open_organisations: None,
            metrics_listen: None,
            cors_origins: Vec::new(),
            request_timeout_secs: 30,
            max_concurrent_requests: 256,
            db_max_connections: None,
            db_acquire_timeout_secs: 5,
            network_cache_mb: 64,
            emergency_access_minutes: 240,
            rate_limit_per_second: 50,
            rate_limit_burst: 200,
            ws_init_timeout_secs: 10,
            ws_keepalive_secs: 15,
            ws_max_subscriptions: 32,
            ws_max_connections_per_user: 16,
            ws_send_buffer: 256,
            ws_slow_consumer_secs: 5,
        }
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::Config;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        config: Config,
    }

    fn parse(args: &[&str]) -> Result<Config, clap::Error> {
        Cli::try_parse_from(std::iter::once("kinmap").chain(args.iter().copied()))
            .map(|cli| cli.config)
    }

    #[test]
    fn production_takes_the_usual_spellings_of_yes_and_no() {
        for yes in ["true", "1", "yes", "on", "TRUE"] {
            let config = parse(&[&format!("--production={yes}")]).unwrap_or_else(|e| panic!("{e}"));
            assert!(config.production, "{yes}");
        }
        for no in ["false", "0", "no", "off"] {
            let config = parse(&[&format!("--production={no}")]).unwrap_or_else(|e| panic!("{e}"));
            assert!(!config.production, "{no}");
        }
        assert!(parse(&["--production"]).is_ok_and(|config| config.production));
        assert!(parse(&[]).is_ok_and(|config| !config.production));
        assert!(parse(&["--production=maybe"]).is_err());
    }

    #[test]
    fn the_sample_secret_is_known_as_one() {
        let sample = super::Secret::new(super::SAMPLE_SECRETS[0]);
        assert!(sample.is_sample());
        assert!(!super::Secret::new("a-secret-of-our-own-making-1234").is_sample());
        let env_sample = include_str!("../../.env.sample");
        assert!(
            env_sample.contains(&format!("KINMAP_JWT_SECRET={}", super::SAMPLE_SECRETS[0])),
            ".env.sample's secret must be in SAMPLE_SECRETS"
        );
    }
}
