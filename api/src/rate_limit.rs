//! Rate limits: a burst, then a steady rate, per signed-in user (their token's organisation
//! and subject) and, for a request with no valid token, per address. Past it, `429 Too Many
//! Requests` with `Retry-After`. Health probes are never limited.

use std::{
    net::{IpAddr, Ipv4Addr, SocketAddr},
    sync::Arc,
    time::Duration,
};

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{HeaderValue, Request, Response, StatusCode, header},
};
use tower_governor::{
    GovernorError, GovernorLayer, governor::GovernorConfigBuilder, key_extractor::KeyExtractor,
};

use crate::{auth::Verifier, error::error_body};

/// Whose allowance a request spends.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Caller {
    /// A valid token's organisation and subject.
    User(String, String),
    /// Anyone without one, by the address they connect from.
    Address(IpAddr),
}

/// Tells callers apart by their token, verified as every route verifies it.
#[derive(Clone)]
pub struct ByCaller {
    verifier: Arc<Verifier>,
}

impl KeyExtractor for ByCaller {
    type Key = Caller;

    fn extract<T>(&self, request: &Request<T>) -> Result<Caller, GovernorError> {
        let token = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(crate::auth::bearer);
        if let Some(claims) = token.and_then(|token| self.verifier.verify(token).ok()) {
            return Ok(Caller::User(claims.org, claims.sub));
        }
        let address = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
        Ok(Caller::Address(address))
    }
}

/// The limit layer for `per_second` requests a second after a burst of `burst`; `None` when
/// `per_second` is 0 (limits off).
pub fn layer(
    verifier: Arc<Verifier>,
    per_second: u32,
    burst: u32,
) -> Option<GovernorLayer<ByCaller, governor::middleware::NoOpMiddleware, Body>> {
    if per_second == 0 {
        return None;
    }
    let period = Duration::from_secs(1) / per_second;
    let config = GovernorConfigBuilder::default()
        .period(period)
        .burst_size(burst.max(1))
        .key_extractor(ByCaller { verifier })
        .finish()?;
    let config = Arc::new(config);
    let limiter = config.limiter().clone();
    // Forget callers whose allowance is full again, so the table does not grow without end.
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            limiter.retain_recent();
        }
    });
    Some(GovernorLayer::new(config).error_handler(too_many))
}

fn too_many(error: GovernorError) -> Response<Body> {
    let (wait, headers) = match error {
        GovernorError::TooManyRequests { wait_time, headers } => (wait_time, headers),
        _ => (1, None),
    };
    let body = error_body(
        "RATE_LIMITED",
        format!("too many requests; try again in {} s", wait.max(1)),
    );
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    let answer = response.headers_mut();
    if let Some(headers) = headers {
        answer.extend(headers);
    }
    answer.insert(header::RETRY_AFTER, HeaderValue::from(wait.max(1)));
    answer.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
