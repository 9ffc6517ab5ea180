//! Writing a planned import: every row through the bulk path with its audit event and
//! revision, then each link as a merge, all in the caller's transaction.

use chrono::Utc;
use entity::{child, imported_record};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::{Report, plan::Plan};
use crate::{
    error::ApiError,
    service::{
        Viewer, audit, merges,
        versioned::{self, Write},
    },
};

/// Writes `plan` into `child`'s network; returns its report with the records merged.
pub async fn write(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    child: &child::Model,
    plan: Plan,
) -> Result<Report, ApiError> {
    fn filed<A>(rows: Vec<A>, child: &child::Model) -> Vec<(A, Option<uuid::Uuid>)> {
        rows.into_iter().map(|row| (row, Some(child.id))).collect()
    }
    versioned::create_many(db, viewer, filed(plan.people, child)).await?;
    versioned::create_parts(db, viewer, plan.names).await?;
    versioned::create_many(db, viewer, filed(plan.relationships, child)).await?;
    versioned::create_many(db, viewer, filed(plan.members, child)).await?;
    for (before, change) in plan.person_updates {
        versioned::save(db, viewer, Write::Update, change, &before, Some(child.id)).await?;
    }
    for (before, change) in plan.relationship_updates {
        versioned::save(db, viewer, Write::Update, change, &before, Some(child.id)).await?;
    }
    for (before, change) in plan.member_updates {
        versioned::save(db, viewer, Write::Update, change, &before, Some(child.id)).await?;
    }
    versioned::create_parts(db, viewer, plan.records).await?;
    for (id, imported) in plan.record_updates {
        imported_record::Entity::update_many()
            .col_expr(
                imported_record::Column::Imported,
                sea_orm::sea_query::Expr::value(imported),
            )
            .col_expr(
                imported_record::Column::UpdatedAt,
                sea_orm::sea_query::Expr::value(Utc::now()),
            )
            .col_expr(
                imported_record::Column::UpdatedBy,
                sea_orm::sea_query::Expr::value(Some(viewer.user_id)),
            )
            .filter(imported_record::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    let mut report = plan.report;
    for (keep, merge, link) in plan.merges {
        merges::merge_within(db, viewer, keep, merge).await?;
        if let Some(link) = report.links.get_mut(link) {
            link.imported_id = Some(merge);
        }
    }
    audit::event(
        db,
        viewer,
        "network.import",
        "child",
        Some(child.id),
        Some(child.id),
    )
    .await?;
    Ok(report)
}
