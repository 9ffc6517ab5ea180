//! Merging duplicate people: the merged record keeps a pointer to the one it was merged
//! into, and each merge records what it moved, so that it can be undone exactly.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261122_000002_person_merge"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // No foreign key on the new column: SQLite cannot add one to an existing table, and
        // the merge service is the only writer of it.
        manager
            .alter_table(
                Table::alter()
                    .table("person")
                    .add_column(uuid_null("merged_into_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("person_merge")
                    .col(pk_uuid("id"))
                    .col(uuid("organisation_id"))
                    .col(uuid("kept_person_id"))
                    .col(uuid("merged_person_id"))
                    // What the merge moved and removed, by table, so that it can be undone.
                    .col(json_binary("moved"))
                    .col(timestamp_with_time_zone("merged_at"))
                    .col(uuid_null("merged_by"))
                    .col(timestamp_with_time_zone_null("undone_at"))
                    .col(uuid_null("undone_by"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_person_merge_kept")
                            .from("person_merge", "kept_person_id")
                            .to("person", "id"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_person_merge_merged")
                            .from("person_merge", "merged_person_id")
                            .to("person", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_person_merge_merged_person_id")
                    .table("person_merge")
                    .col("merged_person_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("person_merge").to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("person")
                    .drop_column("merged_into_id")
                    .to_owned(),
            )
            .await
    }
}
