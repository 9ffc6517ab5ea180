//! What each request carries into the resolvers: the viewer, the database, the loaders.

use std::sync::{Arc, Mutex, PoisonError};

use async_graphql::Context;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    loaders::Loaders,
    service::{self, Viewer},
};

/// Request-scoped data, built fresh for every request so no cache is shared between users.
/// A subscription holds one for as long as it runs and renews it before each event
/// ([`RequestContext::renew`]), so that an event is read as a new request would read it.
pub struct RequestContext {
    viewer: Mutex<Arc<Viewer>>,
    pub db: Db,
    pub loaders: Loaders,
    /// How long an emergency grant of access to a child lasts, as configured.
    pub emergency_access: chrono::Duration,
    caseload: tokio::sync::Mutex<Option<Arc<Vec<Uuid>>>>,
}

impl RequestContext {
    pub fn new(viewer: Viewer, db: Db, emergency_access: chrono::Duration) -> Self {
        let loaders = Loaders::new(db.clone(), viewer.organisation_id);
        Self {
            viewer: Mutex::new(Arc::new(viewer)),
            db,
            loaders,
            emergency_access,
            caseload: tokio::sync::Mutex::new(None),
        }
    }

    /// Who is asking, and when.
    pub fn viewer(&self) -> Arc<Viewer> {
        self.viewer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Starts afresh at `at`: nothing read before (a record, the caseload) is used again,
    /// and a time-limited grant is measured against `at`.
    pub async fn renew(&self, at: DateTime<Utc>) {
        {
            let mut viewer = self.viewer.lock().unwrap_or_else(PoisonError::into_inner);
            let mut renewed = Viewer::clone(&viewer);
            renewed.at = at;
            *viewer = Arc::new(renewed);
        }
        self.loaders.forget();
        *self.caseload.lock().await = None;
    }

    /// The children the viewer is assigned to, read once per request.
    pub async fn caseload(&self) -> Result<Arc<Vec<Uuid>>, ApiError> {
        let mut caseload = self.caseload.lock().await;
        if let Some(ids) = caseload.as_ref() {
            return Ok(ids.clone());
        }
        let ids = Arc::new(service::access::caseload(&self.db.conn, &self.viewer()).await?);
        *caseload = Some(ids.clone());
        Ok(ids)
    }
}

/// The request context of a resolver.
pub fn request<'a>(ctx: &Context<'a>) -> Result<&'a RequestContext, ApiError> {
    ctx.data::<RequestContext>()
        .map_err(|_| ApiError::internal(std::io::Error::other("request context missing")))
}
