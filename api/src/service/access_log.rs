//! The access log writer. Every read of a network must be logged before its data is
//! returned, and if the row cannot be written the read fails. Writing one row per read in
//! a transaction of its own makes every read wait for a commit of its own (a WAL flush on
//! PostgreSQL, the single write lock on SQLite). Instead, reads hand their rows to one
//! writer task, which commits everything waiting in one transaction and then answers each
//! read: the same guarantee, a fraction of the commits.

use entity::audit_event;
use sea_orm::{DatabaseConnection, EntityTrait};
use std::sync::Arc;
use tokio::sync::{Mutex, mpsc, oneshot};

use crate::error::ApiError;

/// Rows written in one transaction at most.
const BATCH: usize = 256;

type Reply = oneshot::Sender<Result<(), Arc<ApiError>>>;

/// A handle to the writer; cheap to clone.
#[derive(Clone, Debug)]
pub struct AccessLog {
    queue: mpsc::Sender<(audit_event::ActiveModel, Reply)>,
}

impl AccessLog {
    /// Starts the writers. `gate` is the SQLite write gate, if any. Several writers take
    /// turns at the queue so that one batch can be committing while the next is sent:
    /// PostgreSQL flushes concurrent commits together.
    pub fn start(conn: DatabaseConnection, gate: Option<Arc<Mutex<()>>>) -> Self {
        const WRITERS: usize = 4;
        let (queue, incoming) = mpsc::channel::<(audit_event::ActiveModel, Reply)>(4 * BATCH);
        let incoming = Arc::new(Mutex::new(incoming));
        for _ in 0..WRITERS {
            let (conn, gate, incoming) = (conn.clone(), gate.clone(), incoming.clone());
            tokio::spawn(async move {
                let mut batch = Vec::with_capacity(BATCH);
                loop {
                    let received = incoming.lock().await.recv_many(&mut batch, BATCH).await;
                    if received == 0 {
                        break;
                    }
                    let (rows, replies): (Vec<_>, Vec<_>) = batch.drain(..).unzip();
                    let result = write(&conn, gate.as_deref(), rows).await.map_err(Arc::new);
                    for reply in replies {
                        // A reader that gave up (timed out) no longer listens; that is fine.
                        let _ = reply.send(result.clone());
                    }
                }
            });
        }
        Self { queue }
    }

    /// Writes one row, returning once it is committed.
    pub async fn write(&self, row: audit_event::ActiveModel) -> Result<(), ApiError> {
        let (reply, answer) = oneshot::channel();
        let stopped =
            || ApiError::internal(std::io::Error::other("the access log writer has stopped"));
        self.queue.send((row, reply)).await.map_err(|_| stopped())?;
        match answer.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => {
                // Every reader in the batch shares one failure; each carries its cause.
                let cause = std::io::Error::other(error.cause());
                Err(match error.as_ref() {
                    ApiError::Unavailable(_) => ApiError::unavailable(cause),
                    _ => ApiError::internal(cause),
                })
            }
            Err(_) => Err(stopped()),
        }
    }
}

async fn write(
    conn: &DatabaseConnection,
    gate: Option<&Mutex<()>>,
    rows: Vec<audit_event::ActiveModel>,
) -> Result<(), ApiError> {
    let _held = match gate {
        Some(gate) => Some(gate.lock().await),
        None => None,
    };
    // One INSERT of many rows is atomic by itself: no transaction round trips needed.
    audit_event::Entity::insert_many(rows).exec(conn).await?;
    Ok(())
}
