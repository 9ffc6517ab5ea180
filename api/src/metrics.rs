//! Prometheus metrics, served at `/metrics`. Each server instance has its own registry, so
//! that tests running several servers in one process read their own figures.

use std::time::Duration;

use prometheus_client::{
    encoding::text::encode,
    metrics::{counter::Counter, gauge::Gauge, histogram::Histogram},
    registry::Registry,
};

/// The server's counters.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    statements: Counter,
    failed_statements: Counter,
    statement_seconds: Histogram,
    requests: Counter,
    network_cache_hits: Counter,
    network_cache_misses: Counter,
    network_cache_bytes: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("kinmap");
        let statements = Counter::default();
        let failed_statements = Counter::default();
        let statement_seconds = Histogram::new([
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
        ]);
        let requests = Counter::default();
        registry.register(
            "db_statements",
            "SQL statements sent to the database",
            statements.clone(),
        );
        registry.register(
            "db_statement_failures",
            "SQL statements that failed",
            failed_statements.clone(),
        );
        registry.register(
            "db_statement_seconds",
            "Time taken by SQL statements",
            statement_seconds.clone(),
        );
        registry.register(
            "graphql_requests",
            "GraphQL requests executed",
            requests.clone(),
        );
        let network_cache_hits = Counter::default();
        let network_cache_misses = Counter::default();
        let network_cache_bytes = Gauge::default();
        registry.register(
            "network_cache_hits",
            "Network reads answered from the rows kept of an unchanged network",
            network_cache_hits.clone(),
        );
        registry.register(
            "network_cache_misses",
            "Network reads that found nothing kept, or a network changed since",
            network_cache_misses.clone(),
        );
        registry.register(
            "network_cache_bytes",
            "About how many bytes of networks' rows are kept",
            network_cache_bytes.clone(),
        );
        Self {
            registry,
            statements,
            failed_statements,
            statement_seconds,
            requests,
            network_cache_hits,
            network_cache_misses,
            network_cache_bytes,
        }
    }

    pub fn observe_statement(&self, elapsed: Duration, failed: bool) {
        self.statements.inc();
        if failed {
            self.failed_statements.inc();
        }
        self.statement_seconds.observe(elapsed.as_secs_f64());
    }

    pub fn count_request(&self) {
        self.requests.inc();
    }

    /// A network read found its rows kept (`hit`), or not.
    pub fn count_network_read(&self, hit: bool) {
        match hit {
            true => self.network_cache_hits.inc(),
            false => self.network_cache_misses.inc(),
        };
    }

    /// About how many bytes the network cache holds now.
    pub fn set_network_cache_bytes(&self, bytes: usize) {
        self.network_cache_bytes
            .set(i64::try_from(bytes).unwrap_or(i64::MAX));
    }

    /// The statements sent so far.
    pub fn statements(&self) -> u64 {
        self.statements.get()
    }

    /// The registry in Prometheus text format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}
