//! The first schema: organisations, users, people, children, relationships, network
//! membership, search activity, assignments, and the append-only audit and revision logs.

use sea_orm_migration::{prelude::*, schema::*};

use crate::shape::{fk, index, one_of, one_of_null, with_bookkeeping};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261122_000001_create_tables"
    }
}

// Enumerations are stored as text with a CHECK constraint rather than as PostgreSQL enum
// types: SQLite has no enum type, and adding a value to a CHECK is a plain migration on
// both databases, where `ALTER TYPE ... ADD VALUE` cannot run inside a transaction.
const SEX: &[&str] = &["FEMALE", "MALE", "OTHER", "UNKNOWN"];
const NAME_KIND: &[&str] = &[
    "BIRTH", "MAIDEN", "FORMER", "MARRIED", "ALIAS", "NICKNAME", "OTHER",
];
const CHILD_STATUS: &[&str] = &["OPEN", "CLOSED"];
const ASSIGNMENT_ROLE: &[&str] = &[
    "COORDINATOR",
    "SOCIAL_WORKER",
    "FGC_COORDINATOR",
    "MANAGER",
    "VIEWER",
];
const RELATIONSHIP_KIND: &[&str] = &[
    "PARENT",
    "PARTNER",
    "SIBLING",
    "FRIEND",
    "TEACHER",
    "MENTOR",
    "NEIGHBOUR",
    "CARER",
    "PROFESSIONAL",
    "OTHER",
];
const PARENT_KIND: &[&str] = &["BIRTH", "ADOPTIVE", "STEP", "FOSTER", "GUARDIAN"];
const QUALITY: &[&str] = &[
    "CLOSE", "ORDINARY", "DISTANT", "CONFLICT", "CUT_OFF", "HOSTILE",
];
const CONFIDENCE: &[&str] = &["CONFIRMED", "PROBABLE", "POSSIBLE"];
const CONNECTION_STATUS: &[&str] = &[
    "ACTIVE",
    "LOST",
    "NOT_YET_CONTACTED",
    "REESTABLISHED",
    "DECLINED",
    "DECEASED",
];
const SIDE: &[&str] = &["MATERNAL", "PATERNAL", "BOTH", "NONE"];
const CIRCLE: &[&str] = &["INNER", "MIDDLE", "OUTER"];
const CHILD_VIEW: &[&str] = &["WANTS_CONTACT", "DOES_NOT_WANT", "UNSURE", "NOT_ASKED"];
const RESTRICTION: &[&str] = &[
    "NONE",
    "SUPERVISED_ONLY",
    "NO_CONTACT",
    "DO_NOT_DISCLOSE_LOCATION",
];
const SEARCH_SOURCE: &[&str] = &[
    "CASE_FILE",
    "CHILD",
    "RELATIVE",
    "SOCIAL_MEDIA",
    "PUBLIC_RECORDS",
    "PROFESSIONAL",
    "CALL",
    "LETTER",
    "EMAIL",
    "VISIT",
    "OTHER",
];
const SEARCH_OUTCOME: &[&str] = &[
    "FOUND",
    "NOT_FOUND",
    "CONTACTED",
    "NO_RESPONSE",
    "DECLINED",
    "IN_PROGRESS",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("organisation")
                    .col(pk_uuid("id"))
                    // The `org` claim of a token names the organisation by this slug.
                    .col(text_uniq("slug"))
                    .col(text("name"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;

        // Not `user`: that is a reserved word in PostgreSQL.
        manager
            .create_table(
                Table::create()
                    .table("app_user")
                    .col(pk_uuid("id"))
                    .col(uuid("organisation_id"))
                    .col(text("subject"))
                    .col(text_null("display_name"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("app_user", "organisation_id", "organisation"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("app_user", &["organisation_id", "subject"])
                    .unique()
                    .to_owned(),
            )
            .await?;

        let mut person = Table::create();
        person
            .table("person")
            .col(pk_uuid("id"))
            .col(uuid("organisation_id"))
            .col(text_null("given_name"))
            .col(text_null("family_name"))
            .col(text_null("preferred_name"))
            .col(one_of_null("sex", SEX))
            // An EDTF string: `1962`, `1962-05`, `1962-05-17`, `1962~`, `1962?`.
            .col(text_null("birth_date"))
            .col(boolean("deceased").default(false))
            .col(text_null("area"))
            .col(text_null("phone"))
            .col(text_null("email"))
            .col(text_null("address"))
            .col(text_null("notes"))
            // Every name of the person (other names included), lower-cased and stripped of
            // accents, so that search is case- and accent-insensitive on both databases
            // without collations or extensions.
            .col(text("name_key").default(""))
            .foreign_key(&mut fk("person", "organisation_id", "organisation"));
        manager
            .create_table(with_bookkeeping(&mut person).to_owned())
            .await?;
        manager
            .create_index(index("person", &["organisation_id", "name_key"]))
            .await?;

        let mut person_name = Table::create();
        person_name
            .table("person_name")
            .col(pk_uuid("id"))
            .col(uuid("organisation_id"))
            .col(uuid("person_id"))
            .col(text("name"))
            .col(one_of("kind", NAME_KIND))
            .col(text("name_key"))
            .foreign_key(&mut fk("person_name", "organisation_id", "organisation"))
            .foreign_key(&mut fk("person_name", "person_id", "person"));
        manager
            .create_table(with_bookkeeping(&mut person_name).to_owned())
            .await?;
        manager
            .create_index(index("person_name", &["person_id"]))
            .await?;
        manager
            .create_index(index("person_name", &["organisation_id", "name_key"]))
            .await?;

        let mut child = Table::create();
        child
            .table("child")
            .col(pk_uuid("id"))
            .col(uuid("organisation_id"))
            .col(uuid_uniq("person_id"))
            .col(text("case_reference"))
            .col(date_null("entered_care_on"))
            .col(one_of("status", CHILD_STATUS))
            .foreign_key(&mut fk("child", "organisation_id", "organisation"))
            .foreign_key(&mut fk("child", "person_id", "person"));
        manager
            .create_table(with_bookkeeping(&mut child).to_owned())
            .await?;
        // A case reference names one child for ever, removed or not.
        manager
            .create_index(
                index("child", &["organisation_id", "case_reference"])
                    .unique()
                    .to_owned(),
            )
            .await?;

        let mut assignment = Table::create();
        assignment
            .table("assignment")
            .col(pk_uuid("id"))
            .col(uuid("organisation_id"))
            .col(uuid("child_id"))
            .col(uuid("user_id"))
            .col(one_of("role", ASSIGNMENT_ROLE))
            .foreign_key(&mut fk("assignment", "organisation_id", "organisation"))
            .foreign_key(&mut fk("assignment", "child_id", "child"))
            .foreign_key(&mut fk("assignment", "user_id", "app_user"));
        manager
            .create_table(with_bookkeeping(&mut assignment).to_owned())
            .await?;
        manager
            .create_index(index("assignment", &["user_id", "child_id"]))
            .await?;
        manager
            .create_index(index("assignment", &["child_id"]))
            .await?;

        let mut relationship = Table::create();
        relationship
            .table("relationship")
            .col(pk_uuid("id"))
            .col(uuid("organisation_id"))
            // For PARENT, `from` is the parent and `to` the child; other kinds are symmetric.
            .col(uuid("from_person_id"))
            .col(uuid("to_person_id"))
            .col(one_of("kind", RELATIONSHIP_KIND))
            .col(one_of_null("parent_kind", PARENT_KIND))
            .col(one_of("quality", QUALITY))
            .col(one_of("confidence", CONFIDENCE))
            .col(text_null("source"))
            .col(text_null("started_on"))
            .col(text_null("ended_on"))
            .col(text_null("notes"))
            .check((
                "relationship_not_self",
                Expr::col("from_person_id").ne(Expr::col("to_person_id")),
            ))
            .check((
                "relationship_parent_kind",
                Expr::col("kind")
                    .eq("PARENT")
                    .and(Expr::col("parent_kind").is_not_null())
                    .or(Expr::col("kind")
                        .ne("PARENT")
                        .and(Expr::col("parent_kind").is_null())),
            ))
            .foreign_key(&mut fk("relationship", "organisation_id", "organisation"))
            .foreign_key(&mut fk("relationship", "from_person_id", "person"))
            .foreign_key(&mut fk("relationship", "to_person_id", "person"));
        manager
            .create_table(with_bookkeeping(&mut relationship).to_owned())
            .await?;
        manager
            .create_index(index("relationship", &["from_person_id"]))
            .await?;
        manager
            .create_index(index("relationship", &["to_person_id"]))
            .await?;

        let mut member = Table::create();
        member
            .table("network_member")
            .col(pk_uuid("id"))
            .col(uuid("organisation_id"))
            .col(uuid("child_id"))
            .col(uuid("person_id"))
            .col(one_of("connection_status", CONNECTION_STATUS))
            .col(one_of("side", SIDE))
            .col(one_of("circle", CIRCLE))
            // A JSON array of support roles: a short set read and written whole.
            .col(json_binary("roles"))
            .col(one_of("child_view", CHILD_VIEW))
            .col(text_null("known_to_child_as"))
            .col(boolean("holds_parental_responsibility").default(false))
            .col(one_of("restriction", RESTRICTION))
            .col(text_null("restriction_reason"))
            .col(text_null("found_via"))
            .col(date_null("found_on"))
            .col(date_null("last_contact_on"))
            .col(text_null("notes"))
            .foreign_key(&mut fk("network_member", "organisation_id", "organisation"))
            .foreign_key(&mut fk("network_member", "child_id", "child"))
            .foreign_key(&mut fk("network_member", "person_id", "person"));
        manager
            .create_table(with_bookkeeping(&mut member).to_owned())
            .await?;
        manager
            .create_index(index("network_member", &["child_id"]))
            .await?;
        manager
            .create_index(index("network_member", &["person_id"]))
            .await?;

        let mut search = Table::create();
        search
            .table("search_activity")
            .col(pk_uuid("id"))
            .col(uuid("organisation_id"))
            .col(uuid("child_id"))
            .col(uuid("person_id"))
            .col(one_of("source", SEARCH_SOURCE))
            .col(date("searched_on"))
            .col(one_of("outcome", SEARCH_OUTCOME))
            .col(text_null("notes"))
            .col(date_null("follow_up_on"))
            .col(uuid("by_user_id"))
            .foreign_key(&mut fk(
                "search_activity",
                "organisation_id",
                "organisation",
            ))
            .foreign_key(&mut fk("search_activity", "child_id", "child"))
            .foreign_key(&mut fk("search_activity", "person_id", "person"))
            .foreign_key(&mut fk("search_activity", "by_user_id", "app_user"));
        manager
            .create_table(with_bookkeeping(&mut search).to_owned())
            .await?;
        manager
            .create_index(index("search_activity", &["child_id", "person_id"]))
            .await?;
        manager
            .create_index(index("search_activity", &["person_id"]))
            .await?;

        // Append-only: no version, no soft delete. Rows are never updated.
        manager
            .create_table(
                Table::create()
                    .table("audit_event")
                    .col(pk_uuid("id"))
                    .col(uuid("organisation_id"))
                    .col(uuid_null("user_id"))
                    .col(text("action"))
                    .col(text("entity_type"))
                    .col(uuid_null("entity_id"))
                    .col(uuid_null("child_id"))
                    .col(timestamp_with_time_zone("occurred_at"))
                    .col(json_binary_null("detail"))
                    .foreign_key(&mut fk("audit_event", "organisation_id", "organisation"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("audit_event", &["organisation_id", "occurred_at"]))
            .await?;
        manager
            .create_index(index("audit_event", &["child_id"]))
            .await?;
        manager
            .create_index(index("audit_event", &["entity_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("revision")
                    .col(pk_uuid("id"))
                    .col(uuid("organisation_id"))
                    .col(text("entity_type"))
                    .col(uuid("entity_id"))
                    .col(integer("version"))
                    .col(json_binary_null("before"))
                    .col(json_binary_null("after"))
                    .col(uuid_null("changed_by"))
                    .col(timestamp_with_time_zone("changed_at"))
                    .col(uuid("audit_event_id"))
                    .foreign_key(&mut fk("revision", "organisation_id", "organisation"))
                    .foreign_key(&mut fk("revision", "audit_event_id", "audit_event"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("revision", &["entity_id", "version"]))
            .await?;
        manager
            .create_index(index("revision", &["audit_event_id"]))
            .await?;

        // Partial unique indexes: one live row per pair, while removed rows stay as history.
        // The syntax is the same on SQLite and PostgreSQL.
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_network_member_live ON network_member (child_id, person_id) \
             WHERE deleted_at IS NULL",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_assignment_live ON assignment (child_id, user_id) \
             WHERE deleted_at IS NULL",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_relationship_live ON relationship \
             (from_person_id, to_person_id, kind) WHERE deleted_at IS NULL",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents, so that no foreign key is left dangling.
        for table in [
            "revision",
            "audit_event",
            "search_activity",
            "network_member",
            "relationship",
            "assignment",
            "child",
            "person_name",
            "person",
            "app_user",
            "organisation",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
