//! Records a council can stand behind: how long a child's records are kept, and who may
//! see what is due.

use serde_json::{Value, json};
use tests::each_database;

use crate::support::{CREATE_CHILD, ORG, OTHER_ORG, coordinator, string};

const RETENTION_DUE: &str = r#"query($before: Date!, $first: Int, $after: String) {
  retentionDue(before: $before, first: $first, after: $after) {
    edges { cursor node { born retainUntil child { caseReference } } }
    pageInfo { hasNextPage }
  }
}"#;

#[tokio::test]
async fn records_past_the_75th_anniversary_of_birth_are_listed_for_an_administrator_only() {
    each_database(|app| async move {
        let token = coordinator(&app);
        for (reference, born) in [
            ("OLD-1", Some("1940-05")),
            ("OLD-2", Some("1948~")),
            ("YOUNG-1", Some("2012-03")),
            ("UNKNOWN-1", None),
        ] {
            app.gql(
                &token,
                CREATE_CHILD,
                json!({ "input": {
                    "person": { "givenName": "Sam", "familyName": "Kerr", "birthDate": born },
                    "caseReference": reference,
                }}),
            )
            .await
            .ok();
        }
        let admin = app.token(ORG, "admin-1", &["admin"]);
        let answer = app
            .gql(&admin, RETENTION_DUE, json!({ "before": "2026-12-01" }))
            .await;
        let due: Vec<(String, String, String)> = answer.ok()["retentionDue"]["edges"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|edge| {
                let node = &edge["node"];
                (
                    string(&node["child"]["caseReference"]),
                    string(&node["born"]),
                    string(&node["retainUntil"]),
                )
            })
            .collect();
        assert_eq!(
            due,
            vec![
                (
                    "OLD-1".to_owned(),
                    "1940-05".to_owned(),
                    "2015-05-31".to_owned()
                ),
                (
                    "OLD-2".to_owned(),
                    "1948~".to_owned(),
                    "2024-12-31".to_owned()
                ),
            ]
        );
        // A page at a time, in the same order.
        let first = app
            .gql(
                &admin,
                RETENTION_DUE,
                json!({ "before": "2026-12-01", "first": 1 }),
            )
            .await;
        let page = &first.ok()["retentionDue"];
        assert_eq!(page["pageInfo"]["hasNextPage"], json!(true));
        let cursor = page["edges"][0]["cursor"].clone();
        let second = app
            .gql(
                &admin,
                RETENTION_DUE,
                json!({ "before": "2026-12-01", "first": 1, "after": cursor }),
            )
            .await;
        let page = &second.ok()["retentionDue"];
        assert_eq!(
            string(&page["edges"][0]["node"]["child"]["caseReference"]),
            "OLD-2"
        );
        assert_eq!(page["pageInfo"]["hasNextPage"], json!(false));

        // Only an administrator reviews it; another organisation's sees none of these.
        app.gql(&token, RETENTION_DUE, json!({ "before": "2026-12-01" }))
            .await
            .error("FORBIDDEN");
        let manager = app.token(ORG, "manager-1", &["manager"]);
        app.gql(&manager, RETENTION_DUE, json!({ "before": "2026-12-01" }))
            .await
            .error("FORBIDDEN");
        let stranger = app.token(OTHER_ORG, "admin-2", &["admin"]);
        let none = app
            .gql(&stranger, RETENTION_DUE, json!({ "before": "2026-12-01" }))
            .await;
        assert_eq!(none.ok()["retentionDue"]["edges"], json!([]));
    })
    .await;
}

const CHILD_NETWORK: &str = "query($id: ID!) { child(id: $id) { caseReference network { members { person { givenName } } } } }";

#[tokio::test]
async fn an_unassigned_duty_worker_reads_a_child_under_emergency_access_until_it_ends() {
    each_database(|app| async move {
        let token = crate::support::demo(&app).await;
        let org = api::demo::ORGANISATION;
        let (child, _) = crate::support::demo_child_people(&app, &token).await;
        let duty = app.token(org, "duty-worker", &["social_worker"]);
        let manager = app.token(org, "duty-manager", &["manager"]);

        // Not assigned: the child is a missing one.
        app.gql(&duty, CHILD_NETWORK, json!({ "id": child })).await.error("NOT_FOUND");
        const REQUEST: &str = r#"mutation($input: RequestEmergencyAccessInput!) {
            requestEmergencyAccess(input: $input) { grant { id reason grantedAt expiresAt inForce user { subject } } child { caseReference } } }"#;
        let blank = app.gql(&duty, REQUEST, json!({ "input": { "childId": child, "reason": " " } })).await;
        assert_eq!(blank.error("BAD_USER_INPUT")["extensions"]["field"], "reason");
        let coordinator = app.token(org, "a-coordinator", &["coordinator"]);
        app.gql(&coordinator, REQUEST, json!({ "input": { "childId": child, "reason": "out of hours" } }))
            .await
            .error("FORBIDDEN");
        let elsewhere = app.token("elsewhere", "duty-worker", &["social_worker"]);
        app.gql(&elsewhere, REQUEST, json!({ "input": { "childId": child, "reason": "out of hours" } }))
            .await
            .error("NOT_FOUND");

        let granted = app
            .gql(&duty, REQUEST, json!({ "input": { "childId": child,
                "reason": "police call at 02:10; placement breakdown, need the family's numbers" } }))
            .await;
        let grant = granted.ok()["requestEmergencyAccess"]["grant"].clone();
        assert_eq!(granted.ok()["requestEmergencyAccess"]["child"]["caseReference"], "DEMO-001");
        assert_eq!(grant["inForce"], true);
        let at = |field: &str| {
            chrono::DateTime::parse_from_rfc3339(grant[field].as_str().unwrap_or_default())
                .unwrap_or_else(|e| panic!("{field}: {e}"))
        };
        assert_eq!(at("expiresAt") - at("grantedAt"), chrono::Duration::hours(4));

        // Granted: the network reads, through GraphQL and as a file; it is not theirs to change.
        let read = app.gql(&duty, CHILD_NETWORK, json!({ "id": child })).await;
        assert!(read.ok()["child"]["network"]["members"].as_array().is_some_and(|m| m.len() > 5));
        let file = crate::support::fetch(&app, Some(&duty), &format!("/children/{child}/people.csv")).await;
        assert_eq!(file.status, 200);
        let people = crate::support::demo_child_people(&app, &token).await.1;
        let carol = people["Carol"]["id"].clone();
        app.gql(
            &duty,
            r#"mutation($input: RecordSearchActivityInput!) { recordSearchActivity(input: $input) { searchActivity { id } } }"#,
            json!({ "input": { "childId": child, "personId": carol, "source": "CALL",
                               "searchedOn": "2026-07-01", "outcome": "CONTACTED" } }),
        )
        .await
        .error("FORBIDDEN");

        // Managers see the grant, and the access log shows the reads made under it.
        const GRANTS: &str = r#"query($inForce: Boolean!) { emergencyAccessGrants(inForce: $inForce) {
            nodes { id childId reason inForce user { subject } } } }"#;
        let listed = app.gql(&manager, GRANTS, json!({ "inForce": true })).await;
        assert_eq!(
            listed.ok()["emergencyAccessGrants"]["nodes"],
            json!([{ "id": grant["id"], "childId": child, "reason": grant["reason"], "inForce": true,
                     "user": { "subject": "duty-worker" } }])
        );
        app.gql(&duty, GRANTS, json!({ "inForce": false })).await.error("FORBIDDEN");
        const LOG: &str = r#"query($child: ID, $user: ID) { accessLog(childId: $child, userId: $user, first: 50) {
            nodes { action path entityType user { subject } emergencyGrant { id } } pageInfo { hasNextPage } } }"#;
        let log = app.gql(&manager, LOG, json!({ "child": child })).await;
        let reads: Vec<(String, String, Value)> = log.ok()["accessLog"]["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|node| node["user"]["subject"] == "duty-worker")
            .map(|node| (string(&node["action"]), string(&node["path"]), node["emergencyGrant"]["id"].clone()))
            .collect();
        assert!(reads.contains(&("network.read".into(), "GRAPHQL".into(), grant["id"].clone())), "{reads:?}");
        assert!(reads.contains(&("network.read".into(), "EXPORT".into(), grant["id"].clone())), "{reads:?}");
        // A practitioner reads their own log and no one else's.
        let own = app.gql(&duty, LOG, json!({ "child": child })).await;
        assert!(own.ok()["accessLog"]["nodes"].as_array().into_iter().flatten()
            .all(|node| node["user"]["subject"] == "duty-worker"));
        let me = app.gql(&coordinator, "{ me { user { id } } }", json!({})).await;
        let coordinator_id = me.ok()["me"]["user"]["id"].clone();
        app.gql(&duty, LOG, json!({ "user": coordinator_id })).await.error("FORBIDDEN");

        // Four hours on, the grant has ended by itself and the child is missing again.
        app.state.clock.advance(chrono::Duration::hours(4) + chrono::Duration::minutes(1));
        app.gql(&duty, CHILD_NETWORK, json!({ "id": child })).await.error("NOT_FOUND");
        let ended = app.gql(&manager, GRANTS, json!({ "inForce": true })).await;
        assert_eq!(ended.ok()["emergencyAccessGrants"]["nodes"], json!([]));
        let all = app.gql(&manager, GRANTS, json!({ "inForce": false })).await;
        assert_eq!(all.ok()["emergencyAccessGrants"]["nodes"][0]["inForce"], false);
        let file = crate::support::fetch(&app, Some(&duty), &format!("/children/{child}/people.csv")).await;
        assert_eq!(file.status, 404);
    })
    .await;
}
