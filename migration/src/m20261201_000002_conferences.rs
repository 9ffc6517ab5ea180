//! Family Group Conferences: the conference, its offers to those with parental
//! responsibility, its invitations, its plan's actions and its reviews.

use sea_orm_migration::{prelude::*, schema::*};

use crate::shape::{fk, index, one_of, with_bookkeeping};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000002_conferences"
    }
}

const CONFERENCE_STATUS: &[&str] = &[
    "REFERRED",
    "OFFERED",
    "ACCEPTED",
    "DECLINED",
    "PREPARING",
    "SCHEDULED",
    "HELD",
    "REVIEWED",
    "CLOSED",
];
const OFFER_ANSWER: &[&str] = &["ACCEPTED", "DECLINED", "NO_ANSWER"];
const INVITATION_ROLE: &[&str] = &[
    "FAMILY",
    "SUPPORT_PERSON",
    "ADVOCATE",
    "PROFESSIONAL",
    "CHILD",
];
const PARTICIPATION: &[&str] = &["IN_PERSON", "SEPARATE_SESSION", "WRITTEN_VIEWS"];
const INVITATION_STATUS: &[&str] = &[
    "PROPOSED", "INVITED", "ACCEPTED", "DECLINED", "ATTENDED", "EXCLUDED",
];
const ACTION_STATUS: &[&str] = &["AGREED", "IN_PROGRESS", "DONE", "NOT_DONE"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut conference = Table::create();
        conference
            .table("conference")
            .col(pk_uuid("id"))
            .col(uuid("organisation_id"))
            .col(uuid("child_id"))
            .col(one_of("status", CONFERENCE_STATUS))
            .col(date("referred_on"))
            .col(uuid("referred_by"))
            .col(text("reason"))
            .col(text_null("not_offered_reason"))
            .col(uuid_null("not_offered_by"))
            .col(boolean("shared_with_birth_family").default(true))
            .col(timestamp_with_time_zone_null("scheduled_for"))
            .col(text_null("venue"))
            .col(boolean("interpreter_needed").default(false))
            .col(text_null("language"))
            .col(text_null("advocate"))
            .col(boolean("child_attends").default(false))
            .col(text_null("child_wishes"))
            .col(text_null("bottom_lines"))
            .col(boolean("plan_agreed_by_referrer").default(false))
            .col(date_null("plan_agreed_on"))
            .col(uuid_null("monitor_person_id"))
            .col(date_null("review_on"))
            .col(json_binary("network_at_referral"))
            .foreign_key(&mut fk("conference", "organisation_id", "organisation"))
            .foreign_key(&mut fk("conference", "child_id", "child"))
            .foreign_key(&mut fk("conference", "referred_by", "app_user"))
            .foreign_key(&mut fk("conference", "not_offered_by", "app_user"))
            .foreign_key(&mut fk("conference", "monitor_person_id", "person"));
        manager
            .create_table(with_bookkeeping(&mut conference).to_owned())
            .await?;
        manager
            .create_index(index("conference", &["child_id"]))
            .await?;

        let mut offer = Table::create();
        offer
            .table("conference_offer")
            .col(pk_uuid("id"))
            .col(uuid("organisation_id"))
            .col(uuid("conference_id"))
            .col(uuid("person_id"))
            .col(date("offered_on"))
            .col(boolean("in_letter_before_proceedings").default(false))
            .col(one_of("answer", OFFER_ANSWER))
            .col(date_null("answered_on"))
            .foreign_key(&mut fk(
                "conference_offer",
                "organisation_id",
                "organisation",
            ))
            .foreign_key(&mut fk("conference_offer", "conference_id", "conference"))
            .foreign_key(&mut fk("conference_offer", "person_id", "person"));
        manager
            .create_table(with_bookkeeping(&mut offer).to_owned())
            .await?;
        manager
            .create_index(index("conference_offer", &["conference_id"]))
            .await?;

        let mut invitation = Table::create();
        invitation
            .table("invitation")
            .col(pk_uuid("id"))
            .col(uuid("organisation_id"))
            .col(uuid("conference_id"))
            .col(uuid("person_id"))
            .col(one_of("role", INVITATION_ROLE))
            .col(one_of("participation", PARTICIPATION))
            .col(one_of("status", INVITATION_STATUS))
            .col(text_null("excluded_reason"))
            .col(date_null("prepared_on"))
            .col(date_null("responded_on"))
            .col(boolean("attended").default(false))
            .foreign_key(&mut fk("invitation", "organisation_id", "organisation"))
            .foreign_key(&mut fk("invitation", "conference_id", "conference"))
            .foreign_key(&mut fk("invitation", "person_id", "person"));
        manager
            .create_table(with_bookkeeping(&mut invitation).to_owned())
            .await?;
        manager
            .create_index(index("invitation", &["conference_id"]))
            .await?;
        manager
            .create_index(index("invitation", &["person_id"]))
            .await?;

        let mut action = Table::create();
        action
            .table("plan_action")
            .col(pk_uuid("id"))
            .col(uuid("organisation_id"))
            .col(uuid("conference_id"))
            .col(text("description"))
            .col(uuid("owner_person_id"))
            .col(date_null("due_on"))
            .col(uuid_null("checker_person_id"))
            .col(one_of("status", ACTION_STATUS))
            .col(text_null("notes"))
            .foreign_key(&mut fk("plan_action", "organisation_id", "organisation"))
            .foreign_key(&mut fk("plan_action", "conference_id", "conference"))
            .foreign_key(&mut fk("plan_action", "owner_person_id", "person"))
            .foreign_key(&mut fk("plan_action", "checker_person_id", "person"));
        manager
            .create_table(with_bookkeeping(&mut action).to_owned())
            .await?;
        manager
            .create_index(index("plan_action", &["conference_id"]))
            .await?;

        let mut review = Table::create();
        review
            .table("conference_review")
            .col(pk_uuid("id"))
            .col(uuid("organisation_id"))
            .col(uuid("conference_id"))
            .col(date("reviewed_on"))
            .col(integer("network_size"))
            .col(json_binary("actions"))
            .col(text_null("notes"))
            .foreign_key(&mut fk(
                "conference_review",
                "organisation_id",
                "organisation",
            ))
            .foreign_key(&mut fk("conference_review", "conference_id", "conference"));
        manager
            .create_table(with_bookkeeping(&mut review).to_owned())
            .await?;
        manager
            .create_index(index("conference_review", &["conference_id"]))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "conference_review",
            "plan_action",
            "invitation",
            "conference_offer",
            "conference",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
