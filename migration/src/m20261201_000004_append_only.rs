//! The audit trail is append-only in the database itself: an UPDATE, DELETE or (on
//! PostgreSQL) TRUNCATE of `audit_event` or `revision` is refused by a trigger, whoever
//! sends it, so that no code path and no hand at a database prompt rewrites who did what.

use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000004_append_only"
    }
}

const TABLES: [&str; 2] = ["audit_event", "revision"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                for table in TABLES {
                    for event in ["UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {table}_append_only_{verb} BEFORE {event} ON {table} \
                             BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
                            verb = event.to_lowercase(),
                        ))
                        .await?;
                    }
                }
            }
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION kinmap_append_only() RETURNS trigger AS $$ \
                     BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END \
                     $$ LANGUAGE plpgsql",
                )
                .await?;
                for table in TABLES {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} \
                         FOR EACH ROW EXECUTE FUNCTION kinmap_append_only()"
                    ))
                    .await?;
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_never_truncated BEFORE TRUNCATE ON {table} \
                         FOR EACH STATEMENT EXECUTE FUNCTION kinmap_append_only()"
                    ))
                    .await?;
                }
            }
            other => {
                return Err(DbErr::Migration(format!("{other:?} is not supported")));
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                for table in TABLES {
                    for trigger in ["append_only", "never_truncated"] {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER IF EXISTS {table}_{trigger} ON {table}"
                        ))
                        .await?;
                    }
                }
                db.execute_unprepared("DROP FUNCTION IF EXISTS kinmap_append_only()")
                    .await?;
            }
            _ => {
                for table in TABLES {
                    for verb in ["update", "delete"] {
                        db.execute_unprepared(&format!(
                            "DROP TRIGGER IF EXISTS {table}_append_only_{verb}"
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }
}
