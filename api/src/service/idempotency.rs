//! Idempotency keys. A client that cannot tell whether its mutation arrived (a dropped
//! connection, a timeout) sends it again with the same `Idempotency-Key`; the first answer
//! comes back and nothing is written twice. One row per user and key under a unique
//! index: of concurrent retries exactly one inserts it and runs; the others wait for its
//! answer. A key is good for 24 hours; the same key with another request is refused.

use chrono::{DateTime, Duration, Utc};
use entity::idempotency_key;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr, sea_query::OnConflict,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{db::Db, error::ApiError, service::Viewer};

/// How long a key holds.
pub const LIFETIME: Duration = Duration::hours(24);

/// The longest key accepted.
pub const KEY_MAX: usize = 255;

/// What to do with a request that carries a key.
#[derive(Debug)]
pub enum Claim {
    /// Run it, then [`finish`] the claim with its answer.
    Run(Uuid),
    /// It ran already: this was its answer.
    Replay(String),
}

/// A digest of what makes a request the same request: its query, operation name and
/// variables.
pub fn fingerprint(query: &str, operation: Option<&str>, variables: &serde_json::Value) -> String {
    let mut digest = Sha256::new();
    for part in [query, operation.unwrap_or_default(), &variables.to_string()] {
        digest.update(part.len().to_le_bytes());
        digest.update(part.as_bytes());
    }
    digest
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// `key` as sent, or `BAD_USER_INPUT`: 1 to 255 visible ASCII characters.
pub fn checked(key: &str) -> Result<&str, ApiError> {
    if (1..=KEY_MAX).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(key)
    } else {
        Err(ApiError::bad_input(
            "Idempotency-Key",
            format!("an Idempotency-Key is 1 to {KEY_MAX} visible ASCII characters"),
        ))
    }
}

/// Claims `key` for the request `fingerprint`: runs it if the key is new (or older than
/// [`LIFETIME`], or left by a request that never finished within `patience`), replays the
/// first answer if there is one, and waits up to `patience` for a request with the same
/// key still running. The same key with another request is `BAD_USER_INPUT`.
pub async fn claim(
    db: &Db,
    viewer: &Viewer,
    key: &str,
    fingerprint: &str,
    patience: std::time::Duration,
) -> Result<Claim, ApiError> {
    let started = std::time::Instant::now();
    loop {
        let now = Utc::now();
        let id = Uuid::now_v7();
        let row = idempotency_key::ActiveModel {
            id: Set(id),
            organisation_id: Set(viewer.organisation_id),
            user_id: Set(viewer.user_id),
            key: Set(key.to_owned()),
            fingerprint: Set(fingerprint.to_owned()),
            response: Set(None),
            created_at: Set(now),
        };
        let txn = db.begin_write().await?;
        let inserted = idempotency_key::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([
                    idempotency_key::Column::UserId,
                    idempotency_key::Column::Key,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(txn.conn())
            .await?;
        if inserted == 1 {
            // The user's keys past their lifetime go as a new one comes: the table holds a
            // day of each user's keys at most.
            idempotency_key::Entity::delete_many()
                .filter(idempotency_key::Column::UserId.eq(viewer.user_id))
                .filter(idempotency_key::Column::CreatedAt.lt(now - LIFETIME))
                .exec(txn.conn())
                .await?;
            txn.commit().await?;
            return Ok(Claim::Run(id));
        }
        let held = idempotency_key::Entity::find()
            .filter(idempotency_key::Column::UserId.eq(viewer.user_id))
            .filter(idempotency_key::Column::Key.eq(key))
            .one(txn.conn())
            .await?;
        let Some(held) = held else {
            // Released between the two statements: try again.
            txn.commit().await?;
            continue;
        };
        let expired = now - held.created_at > LIFETIME;
        let abandoned = held.response.is_none()
            && now - held.created_at > Duration::from_std(patience).unwrap_or(LIFETIME);
        if expired || abandoned {
            if take_over(&txn, &held, id, fingerprint, now).await? {
                txn.commit().await?;
                return Ok(Claim::Run(id));
            }
            txn.commit().await?;
            continue;
        }
        txn.commit().await?;
        if held.fingerprint != fingerprint {
            return Err(ApiError::bad_input(
                "Idempotency-Key",
                "this Idempotency-Key was used with another request; use a new key for a new request",
            ));
        }
        if let Some(response) = held.response {
            return Ok(Claim::Replay(response));
        }
        if started.elapsed() > patience {
            return Err(ApiError::Conflict {
                message: "a request with this Idempotency-Key is still running; try again shortly"
                    .into(),
                current_version: None,
            });
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

/// Replaces a key's row that has expired or was abandoned, if nobody else did first.
async fn take_over(
    txn: &crate::db::WriteTxn,
    held: &idempotency_key::Model,
    id: Uuid,
    fingerprint: &str,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let replaced = idempotency_key::Entity::update_many()
        .col_expr(idempotency_key::Column::Id, Expr::value(id))
        .col_expr(
            idempotency_key::Column::Fingerprint,
            Expr::value(fingerprint),
        )
        .col_expr(
            idempotency_key::Column::Response,
            Expr::value(Option::<String>::None),
        )
        .col_expr(idempotency_key::Column::CreatedAt, Expr::value(now))
        .filter(idempotency_key::Column::Id.eq(held.id))
        .exec(txn.conn())
        .await?;
    Ok(replaced.rows_affected == 1)
}

/// Ends a claim: keeps the answer for replay, or, where there is none worth keeping (the
/// database was unavailable, an internal error), lets the key go so that a retry runs.
pub async fn finish(db: &Db, claim: Uuid, answer: Option<String>) -> Result<(), ApiError> {
    let txn = db.begin_write().await?;
    match answer {
        Some(answer) => {
            idempotency_key::Entity::update_many()
                .col_expr(idempotency_key::Column::Response, Expr::value(answer))
                .filter(idempotency_key::Column::Id.eq(claim))
                .exec(txn.conn())
                .await?;
        }
        None => {
            idempotency_key::Entity::delete_many()
                .filter(idempotency_key::Column::Id.eq(claim))
                .exec(txn.conn())
                .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}
