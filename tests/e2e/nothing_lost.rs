//! Nothing lost: stale versions conflict, failed mutations leave no trace, removal is a
//! flag, and every change leaves a revision and an audit event.

use serde_json::json;
use tests::{Backend, each_database};

use crate::support::{add_person, coordinator, create_child};

const UPDATE_PERSON: &str = r#"mutation($input: UpdatePersonInput!) {
  updatePerson(input: $input) { person { version givenName } } }"#;

#[tokio::test]
async fn a_stale_version_gets_conflict_and_changes_nothing() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "N-1").await;
        let (_, nan) = add_person(
            &app,
            &token,
            &child,
            json!({ "givenName": "Carol" }),
            json!({}),
        )
        .await;
        let first = app
            .gql(
                &token,
                UPDATE_PERSON,
                json!({ "input": { "id": nan, "version": 1, "givenName": "Caroline" } }),
            )
            .await;
        assert_eq!(
            first.ok()["updatePerson"]["person"],
            json!({ "version": 2, "givenName": "Caroline" })
        );
        let stale = app
            .gql(
                &token,
                UPDATE_PERSON,
                json!({ "input": { "id": nan, "version": 1, "givenName": "Carrie" } }),
            )
            .await;
        assert_eq!(stale.error("CONFLICT")["extensions"]["currentVersion"], 2);
        let now = app
            .gql(
                &token,
                "query($id: ID!) { person(id: $id) { givenName version } }",
                json!({ "id": nan }),
            )
            .await;
        assert_eq!(
            now.ok()["person"],
            json!({ "givenName": "Caroline", "version": 2 })
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_edits_from_the_same_version_exactly_one_wins() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "N-1").await;
        let (_, nan) = add_person(
            &app,
            &token,
            &child,
            json!({ "givenName": "Carol" }),
            json!({}),
        )
        .await;
        let (a, b) = tokio::join!(
            app.gql(
                &token,
                UPDATE_PERSON,
                json!({ "input": { "id": nan, "version": 1, "givenName": "Ann" } })
            ),
            app.gql(
                &token,
                UPDATE_PERSON,
                json!({ "input": { "id": nan, "version": 1, "givenName": "Bea" } })
            ),
        );
        let codes = [a.code(), b.code()];
        assert!(
            codes.contains(&None) && codes.contains(&Some("CONFLICT")),
            "{} / {}",
            a.body,
            b.body
        );
        let winner = if a.code().is_none() { "Ann" } else { "Bea" };
        let now = app
            .gql(
                &token,
                "query($id: ID!) { person(id: $id) { givenName version } }",
                json!({ "id": nan }),
            )
            .await;
        assert_eq!(
            now.ok()["person"],
            json!({ "givenName": winner, "version": 2 })
        );
    })
    .await;
}

#[tokio::test]
async fn a_failure_part_way_through_a_mutation_leaves_no_row_and_no_sql_in_the_answer() {
    each_database(|app| async move {
        let trigger = match app.backend {
            Backend::Sqlite => vec![
                "CREATE TRIGGER fail_child BEFORE INSERT ON child BEGIN SELECT RAISE(ABORT, 'forced failure'); END".to_owned(),
            ],
            Backend::Postgres(_) => vec![
                "CREATE FUNCTION fail_insert() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'forced failure'; END $$ LANGUAGE plpgsql".to_owned(),
                "CREATE TRIGGER fail_child BEFORE INSERT ON child FOR EACH ROW EXECUTE FUNCTION fail_insert()".to_owned(),
            ],
        };
        use sea_orm::ConnectionTrait;
        for statement in trigger {
            app.db().execute_unprepared(&statement).await.unwrap_or_else(|error| panic!("{error}"));
        }
        let token = coordinator(&app);
        // Warm up, so that the user row exists before the counts are taken.
        app.gql(&token, "{ me { roles } }", json!({})).await.ok();
        let counts = || async {
            (
                app.count("SELECT COUNT(*) FROM person").await,
                app.count("SELECT COUNT(*) FROM audit_event").await,
                app.count("SELECT COUNT(*) FROM revision").await,
            )
        };
        let before = counts().await;
        let answer = app
            .gql(&token, crate::support::CREATE_CHILD, json!({ "input": { "person": { "givenName": "Mia" }, "caseReference": "N-1" } }))
            .await;
        let error = answer.error("INTERNAL");
        let message = error["message"].as_str().unwrap_or_default().to_lowercase();
        assert!(message.starts_with("internal error (reference "), "{message}");
        for leak in ["forced", "insert", "child", "sql", "trigger"] {
            assert!(!message.contains(leak), "{message}");
        }
        assert!(error["extensions"]["errorId"].is_string());
        assert_eq!(counts().await, before, "the person inserted first was rolled back");
    })
    .await;
}

#[tokio::test]
async fn removal_is_a_flag_and_every_change_leaves_a_revision_and_an_event() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "N-1").await;
        let (member, nan) = add_person(&app, &token, &child, json!({ "givenName": "Carol" }), json!({})).await;
        app.gql(&token, UPDATE_PERSON, json!({ "input": { "id": nan, "version": 1, "givenName": "Caroline" } })).await.ok();
        app.gql(&token, r#"mutation($input: RemoveFromNetworkInput!) { removeFromNetwork(input: $input) { removedMemberId } }"#,
            json!({ "input": { "id": member, "version": 1 } })).await.ok();
        assert_eq!(app.count("SELECT COUNT(*) FROM network_member WHERE deleted_at IS NOT NULL").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM network_member").await, 1);
        // child person, child, assignment, person, member, person update, member removal
        assert_eq!(app.count("SELECT COUNT(*) FROM revision").await, 7);
        assert_eq!(app.count("SELECT COUNT(*) FROM revision WHERE before IS NOT NULL AND after IS NOT NULL").await, 2);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_event WHERE action LIKE '%.remove'").await, 1);
        // Each change is filed under its table and verb, the member's under the child.
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_event WHERE action = 'person.update' AND child_id IS NULL").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_event WHERE action = 'network_member.remove' AND child_id IS NOT NULL").await, 1);
        // The removal stamped the next version, who and when, on the row and in its revision.
        assert_eq!(app.count("SELECT COUNT(*) FROM network_member WHERE version = 2 AND deleted_by IS NOT NULL AND deleted_by = updated_by AND deleted_at = updated_at").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM revision WHERE entity_type = 'network_member' AND version = 2 AND before IS NOT NULL").await, 1);
        let network = app.gql(&token, "query($id: ID!) { child(id: $id) { network { members { id } } } }", json!({ "id": child })).await;
        assert_eq!(network.ok()["child"]["network"]["members"], json!([]));
    })
    .await;
}

#[tokio::test]
async fn a_request_stuck_past_the_timeout_gets_503_and_its_change_is_rolled_back() {
    tests::each_database_with(
        |config| config.request_timeout_secs = 1,
        |app| async move {
            use sea_orm::{ConnectionTrait, TransactionTrait};
            let token = coordinator(&app);
            let (child, _) = create_child(&app, &token, "N-1").await;
            let (_, nan) = add_person(
                &app,
                &token,
                &child,
                json!({ "givenName": "Carol" }),
                json!({}),
            )
            .await;
            let revisions = app.count("SELECT COUNT(*) FROM revision").await;
            // Another connection holds the person rows (the write lock, on SQLite).
            let locker = app
                .db()
                .begin()
                .await
                .unwrap_or_else(|error| panic!("{error}"));
            locker
                .execute_unprepared("UPDATE person SET version = version")
                .await
                .unwrap_or_else(|error| panic!("{error}"));
            let started = std::time::Instant::now();
            let stuck = app
                .gql(
                    &token,
                    UPDATE_PERSON,
                    json!({ "input": { "id": nan, "version": 1, "givenName": "Caroline" } }),
                )
                .await;
            assert_eq!(stuck.status, 503, "{}", stuck.body);
            assert!(started.elapsed() < std::time::Duration::from_secs(5));
            locker
                .rollback()
                .await
                .unwrap_or_else(|error| panic!("{error}"));
            let now = app
                .gql(
                    &token,
                    "query($id: ID!) { person(id: $id) { givenName version } }",
                    json!({ "id": nan }),
                )
                .await;
            assert_eq!(
                now.ok()["person"],
                json!({ "givenName": "Carol", "version": 1 })
            );
            assert_eq!(app.count("SELECT COUNT(*) FROM revision").await, revisions);
        },
    )
    .await;
}

#[tokio::test]
async fn a_network_loaded_in_bulk_is_recorded_row_by_row_as_the_services_record_it() {
    use entity::{person, revision};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    each_database(|app| async move {
        crate::support::demo(&app).await;
        for table in ["person", "child", "assignment", "relationship", "network_member"] {
            let rows = app.count(&format!("SELECT COUNT(*) FROM {table}")).await;
            assert!(rows > 0, "{table}");
            let created = app
                .count(&format!(
                    "SELECT COUNT(*) FROM revision r JOIN audit_event a ON a.id = r.audit_event_id \
                     WHERE r.entity_type = '{table}' AND r.version = 1 AND r.before IS NULL \
                     AND a.action = '{table}.create' AND a.entity_id = r.entity_id"
                ))
                .await;
            assert_eq!(created, rows, "every {table} row has its creation recorded");
            assert_eq!(
                app.count(&format!("SELECT COUNT(*) FROM {table} WHERE version = 1 AND created_by IS NOT NULL AND created_at = updated_at")).await,
                rows,
                "every {table} row is stamped as new"
            );
        }
        // A membership's creation is filed under its child, as when a service adds one.
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_event a JOIN network_member m ON m.id = a.entity_id \
                       WHERE a.action = 'network_member.create' AND a.child_id = m.child_id").await,
            app.count("SELECT COUNT(*) FROM network_member").await
        );
        // A revision written from memory says exactly what the row holds.
        let people = person::Entity::find().all(app.db()).await.unwrap_or_else(|error| panic!("{error}"));
        for stored in people.iter().take(5) {
            let recorded = revision::Entity::find()
                .filter(revision::Column::EntityId.eq(stored.id))
                .one(app.db())
                .await
                .unwrap_or_else(|error| panic!("{error}"))
                .and_then(|revision| revision.after);
            assert_eq!(recorded, Some(serde_json::to_value(stored).unwrap_or_default()));
        }
    })
    .await;
}

#[tokio::test]
async fn the_audit_trail_refuses_to_be_changed_or_removed_even_at_the_database() {
    each_database(|app| async move {
        use sea_orm::ConnectionTrait;
        let token = coordinator(&app);
        create_child(&app, &token, "TRAIL-1").await;
        let counts = || async {
            (
                app.count("SELECT COUNT(*) FROM audit_event").await,
                app.count("SELECT COUNT(*) FROM revision").await,
            )
        };
        let before = counts().await;
        assert!(before.0 > 0 && before.1 > 0, "{before:?}");
        let mut attempts = vec![
            "UPDATE audit_event SET action = 'rewritten'".to_owned(),
            "DELETE FROM audit_event".to_owned(),
            "UPDATE revision SET after = NULL".to_owned(),
            "DELETE FROM revision".to_owned(),
        ];
        if let Backend::Postgres(_) = app.backend {
            attempts.push("TRUNCATE audit_event CASCADE".to_owned());
            attempts.push("TRUNCATE revision".to_owned());
        }
        for attempt in attempts {
            let refused = app.db().execute_unprepared(&attempt).await;
            let error = refused
                .err()
                .map(|error| error.to_string())
                .unwrap_or_default();
            assert!(error.contains("append-only"), "{attempt}: {error:?}");
        }
        assert_eq!(counts().await, before);
        // Adding to it goes on as before.
        create_child(&app, &token, "TRAIL-2").await;
        assert!(counts().await.0 > before.0);
    })
    .await;
}
