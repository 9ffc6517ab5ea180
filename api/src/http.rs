//! The HTTP surface: `POST /graphql` (JSON, or multipart with an import's files), GraphiQL
//! on `GET /graphql`, health, readiness and metrics, behind the body, time and concurrency
//! limits.

use std::{any::Any, time::Duration};

use axum::{
    Extension, Json, Router,
    body::{Body, Bytes},
    extract::{
        DefaultBodyLimit, State,
        ws::{WebSocketUpgrade, rejection::WebSocketUpgradeRejection},
    },
    http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, Uri, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
};
use tower::limit::ConcurrencyLimitLayer;
use tower_http::{
    LatencyUnit,
    catch_panic::CatchPanicLayer,
    cors::{AllowOrigin, CorsLayer},
    sensitive_headers::SetSensitiveRequestHeadersLayer,
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;
use uuid::Uuid;

use crate::{
    AppState,
    error::{ApiError, error_body, http_response, mask_response},
    parsed::ParsedQueries,
    schema::{MAX_ALIASES, context::RequestContext, inline::Shapes, limits},
    service::{idempotency, identity},
};

/// Largest request body accepted.
pub const BODY_LIMIT: usize = 256 * 1024;
/// Room for an answer before its buffer grows: most answers fit, and a whole network's
/// grows from here by doubling.
const ANSWER_BUFFER: usize = 8 * 1024;
/// Longest query text accepted.
pub const QUERY_LIMIT: usize = 32 * 1024;

/// The header that names a request, in the response and in every log line of it.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// This server's id for one request. A client's own `x-request-id` is not taken: it would
/// be untrusted text in every log line.
#[derive(Clone, Copy, Debug)]
pub struct RequestId(pub Uuid);

async fn assign_request_id(mut request: Request<Body>, next: Next) -> Response {
    let id = Uuid::now_v7();
    request.extensions_mut().insert(RequestId(id));
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&id.to_string()) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// The router with every route and limit.
pub fn router(state: AppState) -> Router {
    let timeout = state.request_timeout;
    let concurrency = state.max_concurrent_requests;
    let cors = cors(&state.cors_origins);
    let mut router = Router::new()
        .route("/", get(crate::page::index))
        .route("/page/{file}", get(crate::page::asset))
        .route("/graphql", get(graphql_get).post(graphql))
        .route(
            "/conferences/{id}/invitations.csv",
            get(crate::documents::invitations_csv),
        )
        .route(
            "/conferences/{id}/plan.html",
            get(crate::documents::plan_html),
        )
        .route(
            "/children/{id}/ecomap.svg",
            get(crate::pictures::ecomap_svg),
        )
        .route(
            "/children/{id}/genogram.svg",
            get(crate::pictures::genogram_svg),
        )
        .route("/children/{id}/{file}", get(crate::exports::network_file))
        .route(
            "/people/{id}/subject-access",
            get(crate::subject_access::subject_access),
        );
    if state.graphiql {
        router = router.route("/graphiql/{file}", get(crate::graphiql::asset));
    }
    if state.metrics_beside_api {
        router = router.route("/metrics", get(metrics_with_token));
    }
    if let Some(limit) = crate::rate_limit::layer(
        state.verifier.clone(),
        state.rate_limit_per_second,
        state.rate_limit_burst,
    ) {
        router = router.layer(limit);
    }
    // Probes are never limited: a load balancer asks often, from one address.
    let probes = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz));
    router
        .merge(probes)
        .with_state(state)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(ConcurrencyLimitLayer::new(concurrency))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            timeout,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<Body>| {
                    let id = request
                        .extensions()
                        .get::<RequestId>()
                        .map(|id| id.0)
                        .unwrap_or_default();
                    // The path only: a query string could carry a token or a name.
                    tracing::info_span!(
                        "request",
                        id = %id,
                        method = %request.method(),
                        path = %request.uri().path(),
                    )
                })
                // One line per request, with its status and latency; no query, no data.
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Millis),
                ),
        )
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(SetSensitiveRequestHeadersLayer::new([
            header::AUTHORIZATION,
            header::COOKIE,
        ]))
        .layer(middleware::from_fn(assign_request_id))
        .layer(cors)
}

/// Which browser pages may call the API: none unless configured. A preflight is answered
/// before authentication, which a browser does not send with it.
fn cors(origins: &[String]) -> CorsLayer {
    let allow = if origins.iter().any(|origin| origin == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|origin| HeaderValue::from_str(origin).ok()),
        )
    };
    CorsLayer::new()
        .allow_origin(allow)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
        .expose_headers([REQUEST_ID])
        .allow_credentials(false)
        .max_age(Duration::from_secs(600))
}

fn panic_response(_: Box<dyn Any + Send + 'static>) -> Response {
    let id = Uuid::now_v7();
    tracing::error!(error_id = %id, "request handler panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(error_body(
            "INTERNAL",
            format!("internal error (reference {id})"),
        )),
    )
        .into_response()
}

fn refuse(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(error_body(code, message))).into_response()
}

fn unauthenticated() -> Response {
    let mut response = refuse(
        StatusCode::UNAUTHORIZED,
        "UNAUTHENTICATED",
        "a valid bearer token is required",
    );
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    crate::auth::bearer(headers.get(header::AUTHORIZATION)?.to_str().ok()?)
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

/// The viewer a request's bearer token names, or the answer that refuses it: a token in the
/// URL, none, a bad one, or an organisation not configured is 401; a database that cannot
/// say who the viewer is, 503 or 500. Every route that serves personal data starts here.
pub async fn authenticate(
    state: &AppState,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<crate::service::Viewer, Response> {
    let claims = verify(state, uri, headers)?;
    viewer_of(state, &claims).await
}

/// The claims of a request's bearer token, checked without the database.
// A refusal is the whole answer, made at most once a request: boxing it buys nothing.
#[allow(clippy::result_large_err)]
fn verify(
    state: &AppState,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<crate::auth::Claims, Response> {
    // Tokens in URLs end up in logs and browser history: refuse them outright.
    if uri
        .query()
        .is_some_and(|query| query.contains("access_token"))
    {
        return Err(unauthenticated());
    }
    let Some(token) = bearer(headers) else {
        return Err(unauthenticated());
    };
    let claims = match state.verifier.verify(token) {
        Ok(claims) => claims,
        Err(reason) => {
            // The reason may quote the token (its `kid`, a claim's value).
            tracing::info!(reason = %crate::untrusted::for_log(&reason.to_string()), "token refused");
            return Err(unauthenticated());
        }
    };
    Ok(claims)
}

/// The viewer the claims name, from the database (created on first sight).
pub(crate) async fn viewer_of(
    state: &AppState,
    claims: &crate::auth::Claims,
) -> Result<crate::service::Viewer, Response> {
    let resolved = identity::resolve(
        &state.db.conn,
        &state.identities,
        claims,
        state.open_organisations,
    )
    .await;
    let viewer = match resolved {
        Ok(mut viewer) => {
            viewer.at = state.clock.now();
            viewer
        }
        Err(ApiError::Unauthenticated) => {
            tracing::info!(
                org = %crate::untrusted::for_log(&claims.org),
                "token refused: the organisation is not configured"
            );
            return Err(unauthenticated());
        }
        Err(error @ ApiError::Unavailable(_)) => {
            tracing::warn!(cause = %error.cause(), "could not resolve the viewer");
            return Err(refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "SERVICE_UNAVAILABLE",
                "the database is unavailable; try again shortly",
            ));
        }
        Err(error) => {
            let id = Uuid::now_v7();
            tracing::error!(error_id = %id, cause = %error.cause(), "could not resolve the viewer");
            return Err(refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                &format!("internal error (reference {id})"),
            ));
        }
    };
    Ok(viewer)
}

async fn graphql(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    // The token is checked first, the viewer read only once the request is one to run.
    let claims = match verify(&state, &uri, &headers) {
        Ok(claims) => claims,
        Err(refusal) => return refusal,
    };
    let request = match read_request(&headers, body).await {
        Ok(request) => request,
        Err(refusal) => return refusal,
    };
    let document = match screen(&state.queries, &request.query) {
        Ok(document) => document,
        Err(refusal) => return refuse(StatusCode::BAD_REQUEST, "BAD_USER_INPUT", &refusal),
    };
    // A question about the schema alone goes to the schema built for it (where
    // introspection is on), whose depth limit the standard introspection query fits.
    let introspection = match (&state.introspection, &document) {
        (Some(schema), Some(document)) if limits::is_introspection(document) => {
            if limits::introspection_lists(document) > limits::MAX_INTROSPECTION_LISTS {
                return refuse(
                    StatusCode::BAD_REQUEST,
                    "BAD_USER_INPUT",
                    &format!(
                        "introspection may nest at most {} lists (types, fields, args)",
                        limits::MAX_INTROSPECTION_LISTS
                    ),
                );
            }
            Some(schema)
        }
        _ => None,
    };
    let viewer = match viewer_of(&state, &claims).await {
        Ok(viewer) => viewer,
        Err(refusal) => return refusal,
    };
    let graphql_response = accepts_graphql_response(&headers);
    let claim =
        match idempotency_claim(&state, &viewer, &headers, document.as_ref(), &request).await {
            Ok(Some(idempotency::Claim::Replay(answer))) => {
                state.metrics.count_request();
                return replay(&answer, graphql_response);
            }
            Ok(Some(idempotency::Claim::Run(claim))) => Some(claim),
            Ok(None) => None,
            Err(error) => return http_response(error),
        };
    let context = RequestContext::new(viewer, state.db.clone(), state.emergency_access);
    let schema = introspection.unwrap_or(&state.schema);
    let mut request = request.data(context).data(Shapes::default());
    // Parsed once: the executor takes the screened document rather than parsing again.
    if let Some(document) = document {
        request.set_parsed_query(document);
    }
    let mut response = schema.execute(request).await;
    mask_response(&mut response, request_id.0);
    state.metrics.count_request();
    if let Some(claim) = claim {
        // An answer the database could not give is not kept: a retry runs again.
        let passing = response.errors.iter().any(|error| {
            let code = error.extensions.as_ref().and_then(|found| found.get("code"));
            matches!(code, Some(async_graphql::Value::String(code)) if code == "UNAVAILABLE" || code == "INTERNAL")
        });
        let answer = (!passing)
            .then(|| serde_json::to_string(&response).ok())
            .flatten();
        if let Err(error) = idempotency::finish(&state.db, claim, answer).await {
            tracing::warn!(cause = %error.cause(), "could not keep the answer for its Idempotency-Key");
        }
    }
    respond(response, graphql_response)
}

/// Refuses a query too long, or with too many aliases, before it runs; returns the
/// parsed query, or `None` for one that does not parse, which is left for the executor to
/// say why. For every way in (POST, and operations over the WebSocket).
pub fn screen(
    queries: &ParsedQueries,
    query: &str,
) -> Result<Option<async_graphql::parser::types::ExecutableDocument>, String> {
    if query.len() > QUERY_LIMIT {
        return Err("the query text is too long".into());
    }
    let document = queries.parse(query);
    if let Some(document) = &document
        && limits::aliases_in(document) > MAX_ALIASES
    {
        return Err(format!("the query uses more than {MAX_ALIASES} aliases"));
    }
    Ok(document)
}

/// The claim on the request's `Idempotency-Key`, for a mutation that carries one; `None`
/// for a request without one, and for queries, which change nothing to repeat.
async fn idempotency_claim(
    state: &AppState,
    viewer: &crate::service::Viewer,
    headers: &HeaderMap,
    document: Option<&async_graphql::parser::types::ExecutableDocument>,
    request: &async_graphql::Request,
) -> Result<Option<idempotency::Claim>, ApiError> {
    let Some(key) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let is_mutation = document.is_some_and(|document| {
        document.operations.iter().any(|(_, operation)| {
            operation.node.ty == async_graphql::parser::types::OperationType::Mutation
        })
    });
    if !is_mutation {
        return Ok(None);
    }
    let key = idempotency::checked(key.to_str().unwrap_or_default())?;
    let variables = serde_json::to_value(&request.variables).unwrap_or_default();
    let fingerprint = idempotency::fingerprint(
        &request.query,
        request.operation_name.as_deref(),
        &variables,
    );
    idempotency::claim(&state.db, viewer, key, &fingerprint, state.request_timeout)
        .await
        .map(Some)
}

/// The first answer to a request sent again with its `Idempotency-Key`, as it was given.
fn replay(answer: &str, graphql_response: bool) -> Response {
    let value: serde_json::Value = serde_json::from_str(answer).unwrap_or_default();
    let executed = !value["data"].is_null()
        || value["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|error| error.get("path").is_some());
    let status = if executed || !graphql_response {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let mut answer = (status, Json(value)).into_response();
    answer
        .headers_mut()
        .insert("idempotent-replay", HeaderValue::from_static("true"));
    if graphql_response {
        answer.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(GRAPHQL_RESPONSE),
        );
    }
    answer
}

/// The largest upload a multipart request may carry (an import's file, or its two).
pub const UPLOAD_LIMIT: usize = crate::imports::gedcom::MAX_FILE + 1024 * 1024;

/// The body, read up to `limit` bytes: `413` past it, refused before it is read where the
/// client says its length.
async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, Response> {
    let too_large = || {
        refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "BAD_USER_INPUT",
            &format!("the request is larger than {} KB", limit / 1024),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| too_large())
}

/// One GraphQL request: JSON, or a multipart request carrying files (the GraphQL multipart
/// request convention), each within its own size limit. A JSON array (a batch) does not
/// parse as one request, nor does a multipart request whose operations are a batch.
async fn read_request(headers: &HeaderMap, body: Body) -> Result<async_graphql::Request, Response> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let one_request = || {
        refuse(
            StatusCode::BAD_REQUEST,
            "BAD_USER_INPUT",
            "the body must be one GraphQL request: {\"query\": ..., \"variables\": ...}",
        )
    };
    if is_json(headers) {
        let body = read_body(headers, body, BODY_LIMIT).await?;
        return serde_json::from_slice(&body).map_err(|_| one_request());
    }
    let multipart = content_type
        .split(';')
        .next()
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("multipart/form-data"));
    if !multipart {
        return Err(refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "BAD_USER_INPUT",
            "send the request as application/json, or as multipart/form-data with a file",
        ));
    }
    let body = read_body(headers, body, UPLOAD_LIMIT).await?;
    let options = async_graphql::http::MultipartOptions::default()
        .max_file_size(crate::imports::gedcom::MAX_FILE)
        .max_num_files(2);
    async_graphql::http::receive_body(Some(content_type), &body[..], options)
        .await
        .map_err(|error| match error {
            async_graphql::ParseRequestError::PayloadTooLarge => refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                "BAD_USER_INPUT",
                &format!(
                    "a file may be at most {} MB",
                    crate::imports::gedcom::MAX_FILE / 1024 / 1024
                ),
            ),
            async_graphql::ParseRequestError::UnsupportedBatch => one_request(),
            _ => refuse(
                StatusCode::BAD_REQUEST,
                "BAD_USER_INPUT",
                "the multipart request does not follow the GraphQL multipart request \
                 convention (operations, map, then the files)",
            ),
        })
}

/// The media type of the GraphQL-over-HTTP specification.
const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// Whether the client asked for `application/graphql-response+json` (a client that did
/// not, or that asked for `application/json` too, gets `application/json` as before).
fn accepts_graphql_response(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let media = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|parameter| {
                parameter
                    .trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            media.eq_ignore_ascii_case(GRAPHQL_RESPONSE) && !refused
        })
}

/// The response in the media type the client asked for. As `application/json`, every
/// GraphQL answer is 200. As `application/graphql-response+json`, a request that never
/// reached execution (it did not parse, or failed validation or a limit) is 400, as the
/// GraphQL-over-HTTP specification says; an executed one is 200, errors and all.
fn respond(response: async_graphql::Response, graphql_response: bool) -> Response {
    let (status, content_type) = match graphql_response {
        false => (StatusCode::OK, "application/json"),
        true => {
            let executed = response.data != async_graphql::Value::Null
                || response.errors.iter().any(|error| !error.path.is_empty());
            let status = match executed {
                true => StatusCode::OK,
                false => StatusCode::BAD_REQUEST,
            };
            (status, GRAPHQL_RESPONSE)
        }
    };
    json_answer(status, content_type, &response)
}

/// An answer written as JSON into one growing buffer, by sonic-rs. axum's `Json` writes
/// through a `BytesMut` writer, and a 60-person network's answer is some 20,000 small
/// writes: with it, writing the answer was a seventh of the server's instructions for that
/// read; into a `Vec` by serde_json, a fifth of what was left, most of it escaping strings
/// a byte at a time, which sonic-rs does sixteen bytes at a time.
fn json_answer(
    status: StatusCode,
    content_type: &'static str,
    answer: &async_graphql::Response,
) -> Response {
    let body = match json(answer) {
        Ok(body) => body,
        Err(error) => return http_response(ApiError::internal(error)),
    };
    let mut answer = (status, body).into_response();
    answer
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    answer
}

/// `value` as JSON, byte for byte as serde_json writes it.
fn json(value: &impl serde::Serialize) -> Result<Vec<u8>, sonic_rs::Error> {
    let mut body = Vec::with_capacity(ANSWER_BUFFER);
    sonic_rs::to_writer(&mut body, value)?;
    Ok(body)
}

/// GraphiQL for people; operations are only ever run by POST, so that a link cannot make a
/// browser change anything.
/// `GET /graphql`: a WebSocket for subscriptions (graphql-transport-ws), or GraphiQL.
async fn graphql_get(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    match upgrade {
        Ok(upgrade) => crate::live::ws::upgrade(state, upgrade),
        Err(rejection) if headers.contains_key(header::UPGRADE) => rejection.into_response(),
        Err(_) => graphiql(state, uri),
    }
}

fn graphiql(state: AppState, uri: Uri) -> Response {
    if uri.query().is_some_and(|query| !query.is_empty()) {
        let mut response = refuse(
            StatusCode::METHOD_NOT_ALLOWED,
            "BAD_USER_INPUT",
            "send GraphQL operations by POST",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    if !state.graphiql {
        return refuse(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "GraphiQL is off in production",
        );
    }
    crate::graphiql::page(state.graphiql_headers.as_deref())
}

async fn healthz() -> &'static str {
    "ok"
}

/// Ready when the database takes a write: a database that answers reads but is full or
/// read-only would otherwise be sent traffic it can only refuse.
async fn readyz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(2), state.db.probe_write()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready").into_response(),
        Ok(Err(error)) => {
            tracing::warn!(cause = %error.cause(), "not ready: the database takes no write");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    }
}

/// `/metrics` alone, without a token, for an address of its own (`KINMAP_METRICS_LISTEN`).
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .with_state(state)
}

/// `/metrics` beside the API: the counts say how busy each part of the service is, which is
/// for its operators, so a token with the `admin` or `service` role is needed.
async fn metrics_with_token(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let allowed = bearer(&headers)
        .and_then(|token| state.verifier.verify(token).ok())
        .is_some_and(|claims| {
            let roles = claims.known_roles();
            roles.contains(&crate::auth::Role::Admin) || roles.contains(&crate::auth::Role::Service)
        });
    if !allowed {
        return unauthenticated();
    }
    metrics(State(state)).await
}

async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.render(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use async_graphql::{Name, Number, Value, indexmap::IndexMap};
    use proptest::prelude::*;

    /// A string of the characters that JSON must escape or that writers get wrong.
    fn awkward() -> impl Strategy<Value = String> {
        let characters = prop_oneof![
            any::<char>(),
            prop::sample::select(vec![
                '"', '\\', '/', '\n', '\r', '\t', '\u{8}', '\u{c}', '\0', '\u{1f}', '\u{7f}',
                '\u{2028}', '\u{2029}', '\u{feff}', 'é', '😀',
            ]),
        ];
        prop::collection::vec(characters, 0..40).prop_map(|chars| chars.into_iter().collect())
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Boolean),
            any::<i64>().prop_map(|n| Value::Number(n.into())),
            any::<u64>().prop_map(|n| Value::Number(n.into())),
            any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
            awkward().prop_map(Value::String),
            "[A-Z_]{1,12}".prop_map(|name| Value::Enum(Name::new(name))),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Value::List),
                prop::collection::vec((awkward(), inner), 0..8).prop_map(|fields| {
                    let object: IndexMap<Name, Value> = fields
                        .into_iter()
                        .map(|(key, value)| (Name::new(key), value))
                        .collect();
                    Value::Object(object)
                }),
            ]
        })
    }

    proptest! {
        /// The answer's bytes are serde_json's, whatever the answer holds.
        #[test]
        fn answers_are_written_as_serde_json_writes_them(data in value()) {
            let mut answer = async_graphql::Response::new(data);
            answer.errors.push(async_graphql::ServerError::new("a \"quoted\"\nerror", None));
            let written = super::json(&answer).map_err(|error| TestCaseError::fail(error.to_string()))?;
            let expected = serde_json::to_vec(&answer).map_err(|error| TestCaseError::fail(error.to_string()))?;
            prop_assert_eq!(&written, &expected, "{}", String::from_utf8_lossy(&written));
        }
    }
}
