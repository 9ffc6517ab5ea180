//! What each import brought into a child's network, by the file's own id for each record:
//! the record it became and the values the file gave it, so that importing the same file
//! again changes nothing and a newer version of it changes only what the file changed.

use sea_orm_migration::{prelude::*, schema::*};

use crate::shape::{fk, one_of, with_bookkeeping};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000003_imported_records"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table("imported_record")
            .col(pk_uuid("id"))
            .col(uuid("organisation_id"))
            .col(uuid("child_id"))
            .col(one_of("entity_type", &["person", "relationship"]))
            // The file's id for the record: a person's UID or cross-reference, a tie's ends.
            .col(text("record_key"))
            .col(uuid("entity_id"))
            // The values the file gave the record when it was last imported.
            .col(json_binary("imported"))
            .foreign_key(&mut fk("imported_record", "child_id", "child"));
        with_bookkeeping(&mut table);
        manager.create_table(table.to_owned()).await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_imported_record_child_key")
                    .table("imported_record")
                    .col("child_id")
                    .col("entity_type")
                    .col("record_key")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("imported_record").to_owned())
            .await
    }
}
