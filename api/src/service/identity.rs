//! Who is asking: a verified token becomes a [`Viewer`], creating the user the first time
//! they are seen, and the organisation too where organisations are open (the demo);
//! otherwise a token naming an organisation not configured with `kinmap org add` is refused. Ids are cached, since they never change; roles come
//! from the token and caseloads from the database, on every request.

use std::{collections::HashMap, sync::RwLock};

use chrono::Utc;
use entity::{app_user, organisation};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{auth::Claims, error::ApiError, service::Viewer};

/// Bounded so that a flood of distinct subjects cannot grow memory without end.
const CACHE_LIMIT: usize = 50_000;

/// Maps (organisation slug, subject) to (organisation id, user id).
#[derive(Debug, Default)]
pub struct IdentityCache {
    ids: RwLock<HashMap<(String, String), (Uuid, Uuid)>>,
}

impl IdentityCache {
    fn get(&self, org: &str, sub: &str) -> Option<(Uuid, Uuid)> {
        let ids = self.ids.read().ok()?;
        ids.get(&(org.to_owned(), sub.to_owned())).copied()
    }

    fn put(&self, org: &str, sub: &str, value: (Uuid, Uuid)) {
        if let Ok(mut ids) = self.ids.write() {
            if ids.len() >= CACHE_LIMIT {
                ids.clear();
            }
            ids.insert((org.to_owned(), sub.to_owned()), value);
        }
    }
}

/// Resolves the claims of a verified token to a viewer; `UNAUTHENTICATED` when the token
/// names an organisation that is not configured and organisations are not `open`.
pub async fn resolve(
    db: &impl ConnectionTrait,
    cache: &IdentityCache,
    claims: &Claims,
    open: bool,
) -> Result<Viewer, ApiError> {
    let (organisation_id, user_id) = match cache.get(&claims.org, &claims.sub) {
        Some(ids) => ids,
        None => {
            let organisation_id = if open {
                ensure_organisation(db, &claims.org).await?
            } else {
                match organisation_id(db, &claims.org).await {
                    Err(ApiError::NotFound(_)) => Err(ApiError::Unauthenticated),
                    found => found,
                }?
            };
            let user_id =
                ensure_user(db, organisation_id, &claims.sub, claims.name.as_deref()).await?;
            cache.put(&claims.org, &claims.sub, (organisation_id, user_id));
            (organisation_id, user_id)
        }
    };
    Ok(Viewer {
        user_id,
        organisation_id,
        organisation: claims.org.clone(),
        subject: claims.sub.clone(),
        name: claims.name.clone(),
        roles: claims.known_roles(),
        via: crate::service::access::Via::Graphql,
        at: Utc::now(),
    })
}

/// The id of the organisation with this slug, created if it is new.
pub async fn ensure_organisation(db: &impl ConnectionTrait, slug: &str) -> Result<Uuid, ApiError> {
    let insert = organisation::Entity::insert(organisation::ActiveModel {
        id: Set(Uuid::now_v7()),
        slug: Set(slug.to_owned()),
        name: Set(slug.to_owned()),
        created_at: Set(Utc::now()),
        required_consents: Set(String::new()),
    })
    .on_conflict_do_nothing_on([organisation::Column::Slug])
    .exec(db)
    .await;
    insert?;
    organisation_id(db, slug).await
}

/// Configures an organisation (`kinmap org add`): creates it, or renames it if it exists.
pub async fn configure_organisation(
    db: &impl ConnectionTrait,
    slug: &str,
    name: &str,
) -> Result<Uuid, ApiError> {
    let valid = (1..=64).contains(&slug.len())
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        return Err(ApiError::bad_input(
            "slug",
            "a slug is 1 to 64 lower-case letters, digits and hyphens, as tokens name it in `org`",
        ));
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::bad_input("name", "a name is 1 to 200 characters"));
    }
    organisation::Entity::insert(organisation::ActiveModel {
        id: Set(Uuid::now_v7()),
        slug: Set(slug.to_owned()),
        name: Set(name.to_owned()),
        created_at: Set(Utc::now()),
        required_consents: Set(String::new()),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::column(organisation::Column::Slug)
            .update_column(organisation::Column::Name)
            .to_owned(),
    )
    .exec(db)
    .await?;
    organisation_id(db, slug).await
}

async fn organisation_id(db: &impl ConnectionTrait, slug: &str) -> Result<Uuid, ApiError> {
    let found = organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(slug))
        .one(db)
        .await?;
    found
        .map(|organisation| organisation.id)
        .ok_or(ApiError::NotFound("organisation"))
}

/// The id of the user with this subject in the organisation, created if new.
pub async fn ensure_user(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    subject: &str,
    display_name: Option<&str>,
) -> Result<Uuid, ApiError> {
    app_user::Entity::insert(app_user::ActiveModel {
        id: Set(Uuid::now_v7()),
        organisation_id: Set(organisation_id),
        subject: Set(subject.to_owned()),
        display_name: Set(display_name.map(str::to_owned)),
        created_at: Set(Utc::now()),
    })
    .on_conflict_do_nothing_on([app_user::Column::OrganisationId, app_user::Column::Subject])
    .exec(db)
    .await?;
    let found = app_user::Entity::find()
        .filter(app_user::Column::OrganisationId.eq(organisation_id))
        .filter(app_user::Column::Subject.eq(subject))
        .one(db)
        .await?;
    found.map(|user| user.id).ok_or(ApiError::NotFound("user"))
}

/// The practitioner `subject` of the organisation `org`, acting from the command line as a
/// coordinator: what they may change is what their caseload allows, as with a token. They
/// must be known already (have signed in once), so a mistyped name is refused rather than
/// made a new user.
pub async fn practitioner(
    db: &impl ConnectionTrait,
    org: &str,
    subject: &str,
) -> Result<Viewer, ApiError> {
    let organisation_id = organisation_id(db, org).await?;
    let user = app_user::Entity::find()
        .filter(app_user::Column::OrganisationId.eq(organisation_id))
        .filter(app_user::Column::Subject.eq(subject))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("user"))?;
    Ok(Viewer {
        user_id: user.id,
        organisation_id,
        organisation: org.to_owned(),
        subject: subject.to_owned(),
        name: user.display_name,
        roles: vec![crate::auth::Role::Coordinator],
        via: crate::service::access::Via::Command,
        at: Utc::now(),
    })
}
