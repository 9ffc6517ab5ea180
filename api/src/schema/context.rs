//! What each request carries into the resolvers: the viewer, the database, the loaders.

use async_graphql::Context;
use tokio::sync::OnceCell;
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    loaders::Loaders,
    service::{self, Viewer},
};

/// Request-scoped data, built fresh for every request so no cache is shared between users.
pub struct RequestContext {
    pub viewer: Viewer,
    pub db: Db,
    pub loaders: Loaders,
    /// How long an emergency grant of access lasts, as configured.
    pub emergency_access: chrono::Duration,
    caseload: OnceCell<Vec<Uuid>>,
}

impl RequestContext {
    pub fn new(viewer: Viewer, db: Db, emergency_access: chrono::Duration) -> Self {
        let loaders = Loaders::new(db.clone(), viewer.organisation_id);
        Self {
            viewer,
            db,
            loaders,
            emergency_access,
            caseload: OnceCell::new(),
        }
    }

    /// The children the viewer is assigned to, read once per request.
    pub async fn caseload(&self) -> Result<&[Uuid], ApiError> {
        let ids = self
            .caseload
            .get_or_try_init(|| service::access::caseload(&self.db.conn, &self.viewer))
            .await?;
        Ok(ids)
    }
}

/// The request context of a resolver.
pub fn request<'a>(ctx: &Context<'a>) -> Result<&'a RequestContext, ApiError> {
    ctx.data::<RequestContext>()
        .map_err(|_| ApiError::internal(std::io::Error::other("request context missing")))
}
