//! One row that `/readyz` writes and commits, so that readiness means "takes a write", not
//! only "answers a query": a full disk or a read-only database answers reads.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000001_write_probe"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("write_probe")
                    .col(integer("id").primary_key())
                    .col(timestamp_with_time_zone("written_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("write_probe").to_owned())
            .await
    }
}
