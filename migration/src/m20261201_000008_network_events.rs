//! Network events: one row for every committed change to a child's network, numbered per
//! organisation in commit order, so that a subscriber who lost its connection can ask for
//! what came after the last number it saw and miss nothing.
//!
//! A change writes its events unnumbered; the write's last statements before COMMIT take
//! the organisation's counter (a row lock, held to COMMIT) and number them. A transaction
//! cannot take a number until the one before it has committed or rolled back, so the numbers
//! have no gaps and a reader that sees number n has seen every number below it.

use sea_orm_migration::{prelude::*, schema::*};

use crate::shape::fk;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000008_network_events"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("network_event")
                    .col(pk_uuid("id"))
                    .col(uuid("organisation_id"))
                    // Null until the transaction that wrote it numbers it before COMMIT.
                    .col(big_integer_null("sequence"))
                    .col(uuid("child_id"))
                    // The change's audit action: `network_member.create`, `person.merge`...
                    .col(text("action"))
                    .col(text("entity_type"))
                    .col(uuid("entity_id"))
                    .col(integer("version"))
                    .col(uuid_null("user_id"))
                    .col(timestamp_with_time_zone("occurred_at"))
                    .foreign_key(&mut fk("network_event", "organisation_id", "organisation"))
                    .foreign_key(&mut fk("network_event", "child_id", "child"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_network_event_sequence")
                    .table("network_event")
                    .col("organisation_id")
                    .col("sequence")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_network_event_child")
                    .table("network_event")
                    .col("organisation_id")
                    .col("child_id")
                    .col("sequence")
                    .to_owned(),
            )
            .await?;
        // The events a transaction is about to number: few, and only its own are visible.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX ix_network_event_unnumbered ON network_event (organisation_id) \
                 WHERE sequence IS NULL",
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("network_event_counter")
                    .col(pk_uuid("organisation_id"))
                    .col(big_integer("last"))
                    .foreign_key(&mut fk(
                        "network_event_counter",
                        "organisation_id",
                        "organisation",
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("network_event_counter").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("network_event").to_owned())
            .await
    }
}
