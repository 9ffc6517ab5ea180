//! Which database failures mean "the database cannot serve this now" rather than "this
//! request or this code is wrong": a lost or refused connection, a full disk, a read-only
//! file or database, an I/O fault, a lock held too long. A client is told to retry later
//! (`SERVICE_UNAVAILABLE`) and the operator reads the cause in the log.

use sea_orm::{DbErr, RuntimeErr, sqlx};

/// Whether `error` is a fault of the database's machine or connection, not of the request.
pub fn is_unavailable(error: &DbErr) -> bool {
    match error {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(error)) | DbErr::Query(RuntimeErr::SqlxError(error)) => {
            is_unavailable_sqlx(error)
        }
        _ => false,
    }
}

fn is_unavailable_sqlx(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(error) => {
            let code = error.code().unwrap_or_default();
            if error
                .try_downcast_ref::<sqlx::sqlite::SqliteError>()
                .is_some()
            {
                code.parse::<i32>().is_ok_and(sqlite_unavailable)
            } else {
                postgres_unavailable(&code)
            }
        }
        _ => false,
    }
}

/// SQLite's result codes (<https://sqlite.org/rescode.html>); the low byte of an extended
/// code is its primary code.
fn sqlite_unavailable(code: i32) -> bool {
    const BUSY: i32 = 5;
    const LOCKED: i32 = 6;
    const NOMEM: i32 = 7;
    const READONLY: i32 = 8;
    const IOERR: i32 = 10;
    const FULL: i32 = 13;
    const CANTOPEN: i32 = 14;
    matches!(
        code & 0xff,
        BUSY | LOCKED | NOMEM | READONLY | IOERR | FULL | CANTOPEN
    )
}

/// PostgreSQL's SQLSTATE codes (<https://www.postgresql.org/docs/current/errcodes-appendix.html>).
fn postgres_unavailable(code: &str) -> bool {
    // 08: connection exception; 53: insufficient resources (disk full, out of memory, too
    // many connections); 57P0x: the server is shutting down or starting; 58030: I/O error.
    code.starts_with("08")
        || code.starts_with("53")
        || code.starts_with("57P0")
        || code == "58030"
        // read_only_sql_transaction: a standby, or a database made read-only.
        || code == "25006"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_faults_of_sqlite_are_unavailable_and_mistakes_are_not() {
        // SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR_WRITE, SQLITE_BUSY
        for code in [13, 8, 778, 5] {
            assert!(sqlite_unavailable(code), "{code}");
        }
        // SQLITE_CONSTRAINT_UNIQUE, SQLITE_ERROR (a bad statement), SQLITE_MISMATCH
        for code in [2067, 1, 20] {
            assert!(!sqlite_unavailable(code), "{code}");
        }
    }

    #[test]
    fn storage_faults_of_postgres_are_unavailable_and_mistakes_are_not() {
        for code in ["53100", "25006", "57P01", "08006", "58030"] {
            assert!(postgres_unavailable(code), "{code}");
        }
        for code in ["23505", "42601", "22P02", "40001"] {
            assert!(!postgres_unavailable(code), "{code}");
        }
    }
}
