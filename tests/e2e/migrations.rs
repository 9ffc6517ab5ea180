//! Every migration rolls back and applies again on both databases.

use migration::{Migrator, MigratorTrait};
use tests::each_database;

#[tokio::test]
async fn every_migration_rolls_back_and_reapplies() {
    each_database(|app| async move {
        // On a connection of its own, as `kinmap migrate` runs. Through the running
        // server's pool, a later statement may go to another pooled connection, and once,
        // under load, one such SQLite connection still saw the schema from before `down`
        // ("index ix_person_name_person_id already exists"): a question for the pool, not
        // for the migrations this test is about.
        let mut options = sea_orm::ConnectOptions::new(app.database_url().to_owned());
        options
            .max_connections(1)
            .min_connections(1)
            .sqlx_logging(false);
        let own = sea_orm::Database::connect(options)
            .await
            .unwrap_or_else(|error| panic!("connect: {error}"));
        let db = &own;
        let applied = Migrator::get_applied_migrations(db)
            .await
            .map(|m| m.len())
            .unwrap_or(0);
        assert_eq!(applied, Migrator::migrations().len());
        Migrator::down(db, None)
            .await
            .unwrap_or_else(|error| panic!("down: {error}"));
        assert!(
            Migrator::get_pending_migrations(db)
                .await
                .map(|m| m.len())
                .unwrap_or(0)
                > 0
        );
        Migrator::up(db, None)
            .await
            .unwrap_or_else(|error| panic!("up: {error}"));
        assert_eq!(
            Migrator::get_pending_migrations(db)
                .await
                .map(|m| m.len())
                .unwrap_or(1),
            0
        );
    })
    .await;
}
