//! Emergency access: an out-of-hours duty worker's grant to read one child's network they
//! are not assigned to, with the reason, for a limited time.

use sea_orm_migration::{prelude::*, schema::*};

use crate::shape::{fk, index, with_bookkeeping};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000006_emergency_access"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table("emergency_access")
            .col(pk_uuid("id"))
            .col(uuid("organisation_id"))
            .col(uuid("child_id"))
            .col(uuid("user_id"))
            .col(text("reason"))
            .col(timestamp_with_time_zone("granted_at"))
            .col(timestamp_with_time_zone("expires_at"))
            .foreign_key(&mut fk(
                "emergency_access",
                "organisation_id",
                "organisation",
            ))
            .foreign_key(&mut fk("emergency_access", "child_id", "child"))
            .foreign_key(&mut fk("emergency_access", "user_id", "app_user"));
        with_bookkeeping(&mut table);
        manager.create_table(table.to_owned()).await?;
        manager
            .create_index(index("emergency_access", &["user_id", "expires_at"]))
            .await?;
        manager
            .create_index(index(
                "emergency_access",
                &["organisation_id", "granted_at"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("emergency_access").to_owned())
            .await
    }
}
