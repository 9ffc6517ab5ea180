//! Consent: who agreed to which purpose of the work with a child (searching, contact,
//! sharing their details, an invitation to a conference), when, and when it was withdrawn;
//! and, per organisation, which purposes its policy needs a consent for before work begins.

use sea_orm_migration::{prelude::*, schema::*};

use crate::shape::{fk, index, one_of, with_bookkeeping};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000005_consent"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table("consent")
            .col(pk_uuid("id"))
            .col(uuid("organisation_id"))
            .col(uuid("child_id"))
            .col(uuid("person_id"))
            .col(one_of(
                "purpose",
                &["SEARCH", "CONTACT", "SHARE_DETAILS", "INVITE_TO_FGC"],
            ))
            .col(one_of("decision", &["GIVEN", "REFUSED"]))
            .col(one_of(
                "given_by",
                &["CHILD", "PARENTAL_RESPONSIBILITY", "THE_PERSON"],
            ))
            .col(uuid_null("given_by_person_id"))
            .col(date("given_on"))
            .col(date_null("withdrawn_on"))
            .col(text_null("evidence"))
            .col(text_null("notes"))
            .foreign_key(&mut fk("consent", "organisation_id", "organisation"))
            .foreign_key(&mut fk("consent", "child_id", "child"))
            .foreign_key(&mut fk("consent", "person_id", "person"))
            .foreign_key(&mut fk("consent", "given_by_person_id", "person"));
        with_bookkeeping(&mut table);
        manager.create_table(table.to_owned()).await?;
        manager
            .create_index(index("consent", &["child_id", "person_id"]))
            .await?;
        manager
            .create_index(index("consent", &["person_id"]))
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("organisation")
                    .add_column(text("required_consents").default(""))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("organisation")
                    .drop_column("required_consents")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("consent").to_owned())
            .await
    }
}
