//! The database handle: a connection pool, migrated on start, counting its statements, and
//! a write gate that serialises write transactions on SQLite.

use std::{sync::Arc, time::Duration};

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ColumnTrait, ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, DbErr, SqliteTransactionMode, Statement, TransactionOptions,
    TransactionTrait,
    sea_query::Expr,
    sqlx::{
        Connection as _,
        sqlite::{SqliteJournalMode, SqliteSynchronous},
    },
};
use tokio::sync::{Mutex, Notify, OwnedMutexGuard};
use uuid::Uuid;

use crate::{
    config::Config,
    error::ApiError,
    metrics::Metrics,
    service::{access_log::AccessLog, network_cache::NetworkCache, network_events},
};

/// The pool and what goes with it.
///
/// A connection goes back to the pool only outside any transaction. When a COMMIT or a
/// ROLLBACK fails (a full disk, a read-only file), the driver still counts the connection as
/// inside a transaction; reused, its next BEGIN would become a SAVEPOINT inside a
/// transaction that never commits, and writes would be acknowledged and then lost. Such a
/// connection is closed instead, and the pool opens a fresh one.
#[derive(Clone, Debug)]
pub struct Db {
    pub conn: DatabaseConnection,
    /// SQLite allows one writer at a time, and a deferred transaction that reads and then
    /// writes fails at once (without waiting) when another writer got in between. Taking
    /// this gate before a write transaction turns that failure into a short wait.
    write_gate: Option<Arc<Mutex<()>>>,
    /// Where reads log themselves.
    pub access_log: AccessLog,
    /// Told of every commit that numbered network events, for this process's subscribers.
    pub committed: Arc<Notify>,
    /// Networks' rows kept between requests.
    pub networks: Arc<NetworkCache>,
}

/// A write transaction, holding the write gate where there is one.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    _gate: Option<OwnedMutexGuard<()>>,
    committed: Arc<Notify>,
}

impl WriteTxn {
    pub fn conn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Numbers the network events the transaction raised, commits, and then tells this
    /// process's subscribers; other processes hear of it from the database.
    pub async fn commit(self) -> Result<(), ApiError> {
        let numbered = network_events::number(&self.txn).await?;
        self.txn.commit().await?;
        if numbered.is_some() {
            self.committed.notify_one();
        }
        Ok(())
    }
}

/// The pool's size: as configured; else 16 on PostgreSQL, and on SQLite twice the cores
/// (4 to 16). A SQLite connection runs its statements on a thread of its own, so reads
/// beyond the cores only wait, and each thread keeps its own memory: 16 concurrent reads
/// of the peers' 2,000-person network on 2 cores peaked at 358 MB with 16 connections,
/// 268 MB with 8 and 216 MB with 4, at 29.5, 31.4 and 33.1 req/s (bench/README.md).
fn pool_size(config: &Config) -> u32 {
    if let Some(size) = config.db_max_connections {
        return size;
    }
    if !config.database_url.starts_with("sqlite:") {
        return 16;
    }
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    u32::try_from(cores * 2).unwrap_or(u32::MAX).clamp(4, 16)
}

impl Db {
    /// Connects, applying the pool settings, and counts every statement into `metrics`.
    pub async fn connect(config: &Config, metrics: Arc<Metrics>) -> Result<Self, DbErr> {
        let mut options = ConnectOptions::new(config.database_url.clone());
        options
            .max_connections(pool_size(config))
            .min_connections(1)
            .connect_timeout(Duration::from_secs(config.db_acquire_timeout_secs))
            .acquire_timeout(Duration::from_secs(config.db_acquire_timeout_secs))
            .sqlx_logging(false)
            .map_sqlx_sqlite_opts(|options| {
                options
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(10))
                    // Each connection's thread hands rows over one at a time through a
                    // bounded queue; with room for a large network's rows it runs through
                    // the statement without stopping to wait for the reader.
                    .row_buffer_size(4096)
                    .foreign_keys(true)
            })
            .map_sqlx_sqlite_pool_opts(|pool| {
                pool.after_release(|conn, _| {
                    Box::pin(async move {
                        // A transaction dropped unfinished queues its rollback on the
                        // connection's thread: let it run before judging.
                        if conn.is_in_transaction() {
                            conn.ping().await?;
                        }
                        Ok(!conn.is_in_transaction())
                    })
                })
            })
            .map_sqlx_postgres_pool_opts(|pool| {
                pool.after_release(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
            });
        let mut conn = Database::connect(options).await?;
        let counted = metrics.clone();
        conn.set_metric_callback(move |info| counted.observe_statement(info.elapsed, info.failed));
        let write_gate = (conn.get_database_backend() == DatabaseBackend::Sqlite)
            .then(|| Arc::new(Mutex::new(())));
        let access_log = AccessLog::start(conn.clone(), write_gate.clone());
        Ok(Self {
            conn,
            write_gate,
            access_log,
            committed: Arc::new(Notify::new()),
            networks: Arc::new(NetworkCache::new(
                config.network_cache_mb.saturating_mul(1 << 20),
                metrics,
            )),
        })
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> Result<(), DbErr> {
        Migrator::up(&self.conn, None).await
    }

    /// Starts a write transaction.
    pub async fn begin_write(&self) -> Result<WriteTxn, ApiError> {
        let gate = match &self.write_gate {
            Some(gate) => Some(gate.clone().lock_owned().await),
            None => None,
        };
        // On SQLite, take the write lock at BEGIN (waiting for it within the busy timeout)
        // rather than at the first write, when a transaction that has already read could
        // only fail. PostgreSQL ignores the mode.
        let txn = self
            .conn
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await?;
        Ok(WriteTxn {
            txn,
            _gate: gate,
            committed: self.committed.clone(),
        })
    }

    /// `column` is one of `ids`, with the ids as one parameter: an array on PostgreSQL, a
    /// JSON list of hex strings on SQLite. The statement's text is then the same however
    /// many ids there are, so that it is prepared (and on PostgreSQL planned) once, not once
    /// for every length; and a network of thousands is one value to bind, not thousands.
    pub fn one_of(&self, column: impl ColumnTrait, ids: &[Uuid]) -> Expr {
        match self.conn.get_database_backend() {
            DatabaseBackend::Postgres => column.eq_any(ids.iter().copied()),
            _ => {
                let mut list = String::with_capacity(2 + ids.len() * 35);
                list.push('[');
                for (index, id) in ids.iter().enumerate() {
                    if index > 0 {
                        list.push(',');
                    }
                    list.push('"');
                    list.push_str(id.simple().encode_lower(&mut Uuid::encode_buffer()));
                    list.push('"');
                }
                list.push(']');
                // SQLite keeps a uuid as its 16 bytes.
                Expr::cust_with_exprs(
                    "? IN (SELECT unhex(value) FROM json_each(?))",
                    [column.into_expr(), Expr::val(list)],
                )
            }
        }
    }

    /// Refreshes the planner's statistics. Worth running after a bulk load: until
    /// PostgreSQL's autovacuum gets round to it, the planner takes the new tables for empty
    /// and picks plans that scan them (a small network's read then costs several times more),
    /// and SQLite keeps no statistics unless asked.
    pub async fn analyse(&self) -> Result<(), DbErr> {
        self.conn.execute_unprepared("ANALYZE").await.map(drop)
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        self.conn.execute_unprepared("SELECT 1").await.is_ok()
    }

    /// Whether the database takes a write now: one row of `write_probe` is written and
    /// committed, as any change would be. A full disk, a read-only file or database, or a
    /// lost connection fail it.
    pub async fn probe_write(&self) -> Result<(), ApiError> {
        let txn = self.begin_write().await?;
        let now = chrono::Utc::now();
        let backend = self.conn.get_database_backend();
        txn.conn()
            .execute_raw(Statement::from_sql_and_values(
                backend,
                placeholders(
                    backend,
                    "INSERT INTO write_probe (id, written_at) VALUES (1, ?) \
                     ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at",
                ),
                [now.into()],
            ))
            .await?;
        txn.commit().await
    }
}

/// `sql` written with `?` placeholders, as `backend` numbers them (`$1`, `$2` on
/// PostgreSQL), for the few statements written by hand.
pub fn placeholders(backend: DatabaseBackend, sql: &str) -> String {
    if backend != DatabaseBackend::Postgres {
        return sql.to_owned();
    }
    let mut numbered = String::with_capacity(sql.len() + 8);
    for (index, part) in sql.split('?').enumerate() {
        if index > 0 {
            numbered.push_str(&format!("${index}"));
        }
        numbered.push_str(part);
    }
    numbered
}

#[cfg(test)]
mod tests {
    use sea_orm::DatabaseBackend;

    use super::{placeholders, pool_size};
    use crate::config::Config;

    #[test]
    fn the_pool_is_sized_by_the_database_unless_set() {
        let sqlite = pool_size(&Config::for_database("sqlite://kinmap.db?mode=rwc"));
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        assert!((4..=16).contains(&sqlite), "{sqlite}");
        assert_eq!(sqlite as usize, (cores * 2).clamp(4, 16));
        assert_eq!(
            pool_size(&Config::for_database("postgres://localhost/kinmap")),
            16
        );
        let mut set = Config::for_database("sqlite://kinmap.db?mode=rwc");
        set.db_max_connections = Some(30);
        assert_eq!(pool_size(&set), 30);
    }

    #[test]
    fn placeholders_are_numbered_for_postgres_only() {
        assert_eq!(
            placeholders(DatabaseBackend::Postgres, "a = ? AND b = ?"),
            "a = $1 AND b = $2"
        );
        assert_eq!(
            placeholders(DatabaseBackend::Sqlite, "a = ? AND b = ?"),
            "a = ? AND b = ?"
        );
    }
}
