//! Structured logs. Spans carry ids only: no child's or relative's personal data.

use tracing_subscriber::{EnvFilter, fmt};

use crate::config::{Config, LogFormat};

/// Installs the global subscriber; a second call (as in tests) is a no-op.
pub fn init(config: &Config) {
    let filter = EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match config.log_format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// Tells the person starting the server something (where it listens, a demo token), on
/// standard error whatever the log filter. In the JSON format it is a JSON line like every
/// other, so that a log shipper reading the stream does not choke on it.
pub fn announce(config: &Config, message: &str) {
    match config.log_format {
        LogFormat::Text => eprintln!("{message}"),
        LogFormat::Json => eprintln!(
            "{}",
            serde_json::json!({
                "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                "level": "INFO",
                "fields": { "message": message },
                "target": "kinmap",
            })
        ),
    }
}
