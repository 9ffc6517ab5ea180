//! Idempotency keys: a mutation sent again with the same `Idempotency-Key` by the same user
//! answers as the first did and writes nothing again. One row per user and key, unique, so
//! that concurrent retries cannot both run.

use sea_orm_migration::{prelude::*, schema::*};

use crate::shape::fk;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000007_idempotency"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("idempotency_key")
                    .col(pk_uuid("id"))
                    .col(uuid("organisation_id"))
                    .col(uuid("user_id"))
                    .col(text("key"))
                    // A digest of the request, to tell a retry from another request.
                    .col(text("fingerprint"))
                    // The first answer, once there is one.
                    .col(text_null("response"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("idempotency_key", "user_id", "app_user"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_idempotency_key_user_key")
                    .table("idempotency_key")
                    .col("user_id")
                    .col("key")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("idempotency_key").to_owned())
            .await
    }
}
