//! The one error type of the API, and how it becomes a GraphQL error with a stable code.
//!
//! Services return [`ApiError`]. Its `Display` text is what a client may read, so it never
//! carries database text; the detail of an internal error goes to the log under an error id
//! that the client is given. [`mask_response`] runs over every response and gives each
//! error its `extensions.code`, so an error that reaches the client without going through
//! here (a stray `?` on a database error) is masked as `INTERNAL` as well.

use std::fmt;

use async_graphql::{ErrorExtensionValues, Response, ServerError};
use sea_orm::{DbErr, SqlErr};
use uuid::Uuid;

use crate::storage;

/// An error a client can act on, or an internal one it cannot.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("authentication required")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{message}")]
    Conflict {
        message: String,
        current_version: Option<i32>,
    },
    #[error("{message}")]
    BadUserInput { field: String, message: String },
    #[error("{0}")]
    Safeguarding(String),
    /// The database cannot answer or cannot take a write (down, full, read-only, locked):
    /// a retry later will do. The cause, when there is one, is for the log only.
    #[error("the database is unavailable; try again shortly")]
    Unavailable(#[source] Option<Box<dyn std::error::Error + Send + Sync>>),
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl ApiError {
    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::BadUserInput {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden(message.into())
    }

    pub fn stale(entity: &str, current_version: i32) -> Self {
        Self::Conflict {
            message: format!(
                "the {entity} was changed by someone else (now at version {current_version})"
            ),
            current_version: Some(current_version),
        }
    }

    pub fn internal(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Internal(Box::new(error))
    }

    pub fn unavailable(cause: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Unavailable(Some(Box::new(cause)))
    }

    /// What went wrong underneath, for the log: the chain of causes, each made safe to
    /// print on one line. Never for a client.
    pub fn cause(&self) -> String {
        let mut text = String::new();
        let mut next = std::error::Error::source(self);
        while let Some(error) = next {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&error.to_string());
            next = error.source();
        }
        crate::untrusted::for_log(&text)
    }

    /// The stable `extensions.code` a client switches on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::NotFound(_) => "NOT_FOUND",
            Self::Conflict { .. } => "CONFLICT",
            Self::BadUserInput { .. } => "BAD_USER_INPUT",
            Self::Safeguarding(_) => "SAFEGUARDING",
            Self::Unavailable(_) => "SERVICE_UNAVAILABLE",
            Self::Internal(_) => "INTERNAL",
        }
    }
}

impl From<DbErr> for ApiError {
    fn from(error: DbErr) -> Self {
        match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                return Self::Conflict {
                    message: "a record with the same key already exists".into(),
                    current_version: None,
                };
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
                return Self::bad_input("id", "a referenced record does not exist");
            }
            _ => {}
        }
        if storage::is_unavailable(&error) {
            Self::unavailable(error)
        } else {
            Self::internal(error)
        }
    }
}

/// Gives every error in `response` a code, and replaces the text of internal ones with an
/// error id whose detail is logged; internal errors carry the request's id as well, which
/// the response's `x-request-id` header and every log line of the request also carry.
pub fn mask_response(response: &mut Response, request_id: Uuid) {
    for error in &mut response.errors {
        mask_error(error, request_id);
    }
}

/// Makes `error` an INTERNAL one: its text becomes a reference, and `cause` goes to the log
/// under it.
fn hide_as_internal(
    error: &mut ServerError,
    extensions: &mut ErrorExtensionValues,
    request_id: Uuid,
    cause: &str,
    what: &str,
) {
    let id = Uuid::now_v7();
    tracing::error!(error_id = %id, cause = %cause, "{what}");
    error.message = internal_message(id);
    extensions.set("code", "INTERNAL");
    extensions.set("errorId", id.to_string());
    extensions.set("requestId", request_id.to_string());
}

/// How async-graphql words the errors it finds in what the client sent, when it finds
/// them during execution rather than validation: an argument or a variable that is missing
/// or of the wrong type.
const INPUT_ERRORS: &[&str] = &[
    "Failed to parse",
    "Variable ",
    "Invalid value for argument",
    "Expected input type",
];

fn mask_error(error: &mut ServerError, request_id: Uuid) {
    if let Some(api_error) = error.source::<ApiError>() {
        let mut extensions = ErrorExtensionValues::default();
        extensions.set("code", api_error.code());
        match api_error {
            ApiError::BadUserInput { field, .. } => extensions.set("field", field.as_str()),
            ApiError::Conflict {
                current_version: Some(version),
                ..
            } => extensions.set("currentVersion", *version),
            ApiError::Internal(_) => {
                let cause = api_error.cause();
                hide_as_internal(error, &mut extensions, request_id, &cause, "internal error");
            }
            ApiError::Unavailable(Some(_)) => {
                tracing::warn!(cause = %api_error.cause(), "database unavailable");
            }
            _ => {}
        }
        error.extensions = Some(extensions);
        return;
    }
    let has_code = error
        .extensions
        .as_ref()
        .is_some_and(|extensions| extensions.get("code").is_some());
    if has_code {
        return;
    }
    // Parse, validation and limit errors carry no path and no source: they are about the
    // query text the client sent. So is a failure to coerce an argument or a variable.
    let about_input = (error.path.is_empty() && error.source.is_none())
        || (error.source.is_none()
            && INPUT_ERRORS
                .iter()
                .any(|prefix| error.message.starts_with(prefix)));
    let mut extensions = ErrorExtensionValues::default();
    if about_input {
        extensions.set("code", "BAD_USER_INPUT");
    } else {
        let cause = crate::untrusted::for_log(&error.message);
        hide_as_internal(
            error,
            &mut extensions,
            request_id,
            &cause,
            "unclassified error",
        );
    }
    error.extensions = Some(extensions);
}

fn internal_message(id: Uuid) -> String {
    format!("internal error (reference {id})")
}

/// The answer to a route outside GraphQL (a document) that failed: the status its code
/// calls for, and the same body a GraphQL error has; an internal error's detail goes to
/// the log under a reference, never to the client.
pub fn http_response(error: ApiError) -> axum::response::Response {
    use axum::{http::StatusCode, response::IntoResponse};
    let status = match &error {
        ApiError::Unauthenticated => StatusCode::UNAUTHORIZED,
        ApiError::Forbidden(_) | ApiError::Safeguarding(_) => StatusCode::FORBIDDEN,
        ApiError::NotFound(_) => StatusCode::NOT_FOUND,
        ApiError::Conflict { .. } => StatusCode::CONFLICT,
        ApiError::BadUserInput { .. } => StatusCode::BAD_REQUEST,
        ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let message = match &error {
        ApiError::Internal(_) => {
            let id = Uuid::now_v7();
            tracing::error!(error_id = %id, cause = %error.cause(), "internal error");
            internal_message(id)
        }
        ApiError::Unavailable(Some(_)) => {
            tracing::warn!(cause = %error.cause(), "database unavailable");
            error.to_string()
        }
        _ => error.to_string(),
    };
    (status, axum::Json(error_body(error.code(), message))).into_response()
}

/// A GraphQL error body for failures before execution (authentication, bad requests).
pub fn error_body(code: &str, message: impl fmt::Display) -> serde_json::Value {
    serde_json::json!({
        "errors": [{ "message": message.to_string(), "extensions": { "code": code } }]
    })
}

impl From<std::sync::Arc<DbErr>> for ApiError {
    fn from(error: std::sync::Arc<DbErr>) -> Self {
        let cause = std::io::Error::other(error.to_string());
        if storage::is_unavailable(&error) {
            Self::unavailable(cause)
        } else {
            Self::internal(cause)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn response_with(error: ServerError) -> Response {
        let mut response = Response::default();
        response.errors.push(error);
        response
    }

    fn code(response: &Response) -> Option<String> {
        response.errors[0]
            .extensions
            .as_ref()
            .and_then(|extensions| extensions.get("code"))
            .map(ToString::to_string)
    }

    #[test]
    fn an_internal_error_names_its_request_and_hides_its_cause() {
        let mut error = ServerError::new("should not be seen", None);
        error.source = Some(Arc::new(ApiError::internal(std::io::Error::other(
            "disk on fire",
        ))));
        let mut response = response_with(error);
        let request = Uuid::now_v7();
        mask_response(&mut response, request);
        assert_eq!(code(&response).as_deref(), Some("\"INTERNAL\""));
        let extensions = response.errors[0].extensions.as_ref();
        assert_eq!(
            extensions
                .and_then(|e| e.get("requestId"))
                .map(ToString::to_string),
            Some(format!("\"{request}\""))
        );
        assert!(!response.errors[0].message.contains("fire"));
    }

    #[test]
    fn a_missing_or_mistyped_variable_is_the_clients_mistake() {
        for message in [
            "Variable id is not defined.",
            "Failed to parse \"ID\": Invalid number",
            "Invalid value for argument \"first\", expected type \"Int\"",
        ] {
            let mut error = ServerError::new(message, None);
            error.path = vec![async_graphql::PathSegment::Field("child".into())];
            let mut response = response_with(error);
            mask_response(&mut response, Uuid::now_v7());
            assert_eq!(
                code(&response).as_deref(),
                Some("\"BAD_USER_INPUT\""),
                "{message}"
            );
        }
        let mut unknown = ServerError::new("Data `Foo` does not exist.", None);
        unknown.path = vec![async_graphql::PathSegment::Field("child".into())];
        let mut response = response_with(unknown);
        mask_response(&mut response, Uuid::now_v7());
        assert_eq!(code(&response).as_deref(), Some("\"INTERNAL\""));
    }
}
