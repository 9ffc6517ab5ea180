//! Every migration rolls back and applies again on both databases.

use migration::{Migrator, MigratorTrait};
use tests::each_database;

#[tokio::test]
async fn every_migration_rolls_back_and_reapplies() {
    each_database(|app| async move {
        let db = app.db();
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
