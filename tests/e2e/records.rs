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

        // A manager may end a grant before its time; then the child is missing at once.
        let again = app
            .gql(&duty, REQUEST, json!({ "input": { "childId": child, "reason": "second call-out" } }))
            .await;
        let second = again.ok()["requestEmergencyAccess"]["grant"]["id"].clone();
        app.gql(&duty, CHILD_NETWORK, json!({ "id": child })).await.ok();
        const END: &str = r#"mutation($input: EndEmergencyAccessInput!) {
            endEmergencyAccess(input: $input) { grant { inForce } } }"#;
        let stranger = app.token(org, "another-worker", &["social_worker"]);
        app.gql(&stranger, END, json!({ "input": { "id": second } })).await.error("NOT_FOUND");
        let ended = app.gql(&manager, END, json!({ "input": { "id": second } })).await;
        assert_eq!(ended.ok()["endEmergencyAccess"]["grant"]["inForce"], false);
        app.gql(&duty, CHILD_NETWORK, json!({ "id": child })).await.error("NOT_FOUND");
        let twice = app.gql(&manager, END, json!({ "input": { "id": second } })).await;
        assert_eq!(twice.error("BAD_USER_INPUT")["extensions"]["field"], "id");
    })
    .await;
}

const HISTORY: &str = r#"query($id: ID!) { history(id: $id) {
    nodes { version action changedBy { subject } changes { field before after withheld } } } }"#;

/// The history of `id`: (version, action, changes by field).
async fn history(app: &tests::TestApp, token: &str, id: &str) -> Vec<(i64, String, Value)> {
    let answer = app.gql(token, HISTORY, json!({ "id": id })).await;
    answer.ok()["history"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|node| {
            let changes: serde_json::Map<String, Value> = node["changes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| (string(&c["field"]), json!({ "before": c["before"], "after": c["after"], "withheld": c["withheld"] })))
                .collect();
            (node["version"].as_i64().unwrap_or_default(), string(&node["action"]), Value::Object(changes))
        })
        .collect()
}

#[tokio::test]
async fn a_removed_member_comes_back_with_its_searches_and_consents_as_a_new_version() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = crate::support::create_child(&app, &token, "H-1").await;
        let (member, aunt) = crate::support::add_person(&app, &token, &child,
            json!({ "givenName": "Kelly", "familyName": "Mills", "phone": "07700 900456" }),
            json!({ "connectionStatus": "LOST", "side": "MATERNAL" })).await;
        app.gql(&token, r#"mutation($input: RecordSearchActivityInput!) { recordSearchActivity(input: $input) { searchActivity { id } } }"#,
            json!({ "input": { "childId": child, "personId": aunt, "source": "PUBLIC_RECORDS", "searchedOn": "2026-05-01", "outcome": "FOUND" } }))
            .await.ok();
        app.gql(&token, r#"mutation($input: RecordConsentInput!) { recordConsent(input: $input) { consent { id } } }"#,
            json!({ "input": { "childId": child, "personId": aunt, "purpose": "CONTACT", "givenBy": "THE_PERSON", "givenOn": "2026-05-02" } }))
            .await.ok();
        app.gql(&token, r#"mutation($input: UpdateNetworkMemberInput!) { updateNetworkMember(input: $input) { member { version } } }"#,
            json!({ "input": { "id": member, "version": 1, "circle": "INNER", "connectionStatus": "REESTABLISHED" } }))
            .await.ok();
        app.gql(&token, r#"mutation($input: RemoveFromNetworkInput!) { removeFromNetwork(input: $input) { removedMemberId } }"#,
            json!({ "input": { "id": member, "version": 2 } }))
            .await.ok();
        const MEMBERS: &str = r#"query($id: ID!) { child(id: $id) { network { members { id version circle
            searchActivities { source } consents { purpose inForce } } } } }"#;
        let gone = app.gql(&token, MEMBERS, json!({ "id": child })).await;
        assert_eq!(gone.ok()["child"]["network"]["members"], json!([]));

        // The history: who did what, field by field, newest first.
        let changes = history(&app, &token, &member).await;
        let steps: Vec<(i64, &str)> = changes.iter().map(|(v, a, _)| (*v, a.as_str())).collect();
        assert_eq!(steps, [(3, "network_member.remove"), (2, "network_member.update"), (1, "network_member.create")]);
        assert_eq!(changes[1].2["circle"], json!({ "before": "OUTER", "after": "INNER", "withheld": false }));
        assert_eq!(changes[1].2["connection_status"]["before"], "LOST");
        assert!(changes[0].2["deleted_at"]["after"].is_string());

        // Restore version 2: live again, as version 4, with what it held.
        const RESTORE: &str = r#"mutation($input: RestoreInput!) { restore(input: $input) {
            networkMember { id version circle connectionStatus } person { id } } }"#;
        let stale = app.gql(&token, RESTORE, json!({ "input": { "id": member, "toVersion": 2, "version": 2 } })).await;
        stale.error("CONFLICT");
        let removed_state = app.gql(&token, RESTORE, json!({ "input": { "id": member, "toVersion": 3, "version": 3 } })).await;
        assert_eq!(removed_state.error("BAD_USER_INPUT")["extensions"]["field"], "version");
        let restored = app.gql(&token, RESTORE, json!({ "input": { "id": member, "toVersion": 2, "version": 3 } })).await;
        assert_eq!(
            restored.ok()["restore"],
            json!({ "networkMember": { "id": member, "version": 4, "circle": "INNER", "connectionStatus": "REESTABLISHED" }, "person": null })
        );
        let back = app.gql(&token, MEMBERS, json!({ "id": child })).await;
        assert_eq!(
            back.ok()["child"]["network"]["members"],
            json!([{ "id": member, "version": 4, "circle": "INNER",
                     "searchActivities": [{ "source": "PUBLIC_RECORDS" }],
                     "consents": [{ "purpose": "CONTACT", "inForce": true }] }])
        );
        let after = history(&app, &token, &member).await;
        assert_eq!((after[0].0, after[0].1.as_str()), (4, "network_member.restore"));

        // A person's history shows their contact details only to those who may read them.
        app.gql(&token, r#"mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { person { version } } }"#,
            json!({ "input": { "id": aunt, "version": 1, "phone": "07700 900999", "familyName": "Hartley" } }))
            .await.ok();
        let team = history(&app, &token, &aunt).await;
        assert_eq!(team[0].2["phone"], json!({ "before": "07700 900456", "after": "07700 900999", "withheld": false }));
        crate::support::assign(&app, &child, "a-reader", "SOCIAL_WORKER").await;
        let reader = app.token(ORG, "a-reader", &["viewer"]);
        let read = history(&app, &reader, &aunt).await;
        assert_eq!(read[0].2["phone"], json!({ "before": null, "after": null, "withheld": true }));
        assert_eq!(read[0].2["family_name"], json!({ "before": "Mills", "after": "Hartley", "withheld": false }));
        // Someone off the case, or of another organisation, finds no such record.
        let stranger = app.token(OTHER_ORG, "coordinator-1", &["coordinator"]);
        app.gql(&stranger, HISTORY, json!({ "id": member })).await.error("NOT_FOUND");
        let unassigned = app.token(ORG, "coordinator-2", &["coordinator"]);
        app.gql(&unassigned, HISTORY, json!({ "id": aunt })).await.error("NOT_FOUND");
        // The person, restored to their first version, is as they were.
        let person = app.gql(&token, RESTORE, json!({ "input": { "id": aunt, "toVersion": 1, "version": 2 } })).await;
        assert_eq!(person.ok()["restore"]["person"]["id"], aunt);
        let now = app.gql(&token, "query($id: ID!) { person(id: $id) { familyName version contact { phone } } }", json!({ "id": aunt })).await;
        assert_eq!(now.ok()["person"], json!({ "familyName": "Mills", "version": 3, "contact": { "phone": "07700 900456" } }));
    })
    .await;
}

#[tokio::test]
async fn a_subject_access_export_holds_both_places_of_a_father_in_two_siblings_networks_and_no_other_childs_data()
 {
    each_database(|app| async move {
        let token = crate::support::demo(&app).await;
        let org = api::demo::ORGANISATION;
        let (_, people) = crate::support::demo_child_people(&app, &token).await;
        let samuel = string(&people["Samuel"]["id"]);
        let path = format!("/people/{samuel}/subject-access");
        let admin = app.token(org, "records-admin", &["admin"]);

        // For an administrator of his organisation only.
        let manager = app.token(org, "a-manager", &["manager"]);
        assert_eq!(
            crate::support::fetch(&app, Some(&manager), &path)
                .await
                .status,
            403
        );
        let elsewhere = app.token("elsewhere", "records-admin", &["admin"]);
        assert_eq!(
            crate::support::fetch(&app, Some(&elsewhere), &path)
                .await
                .status,
            404
        );
        assert_eq!(crate::support::fetch(&app, None, &path).await.status, 401);

        let answer = crate::support::fetch(&app, Some(&admin), &path).await;
        assert_eq!(
            (answer.status, answer.header("content-type").as_str()),
            (200, "application/json"),
            "{}",
            answer.body
        );
        assert_eq!(answer.header("cache-control"), "no-store");
        let export: Value = serde_json::from_str(&answer.body).unwrap_or_default();
        assert_eq!(export["person"]["given_name"], "Samuel");
        assert_eq!(
            export["person"]["area"], "Eastbridge",
            "his own record, whole"
        );
        let cases: std::collections::BTreeSet<String> = export["memberships"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|m| string(&m["record"]["case_reference"]))
            .collect();
        assert_eq!(cases, ["DEMO-001".to_owned(), "DEMO-002".to_owned()].into());
        assert!(
            export["other_names"]
                .as_array()
                .is_some_and(|names| names.iter().any(|n| n["name"] == "Sam"))
        );
        let ties = export["relationships"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(!ties.is_empty());
        for tie in &ties {
            assert!(!tie["review"].as_array().is_none_or(Vec::is_empty), "{tie}");
            assert!(tie["record"]["other_person"]["name"].is_string());
        }
        assert!(
            export["revisions"]
                .as_array()
                .is_some_and(|r| !r.is_empty())
        );
        assert!(
            export["access_events"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|read| read["action"] == "network.read"),
            "the coordinator's reads of the networks he is in"
        );
        // No other child's case, and nobody else's details: not his children's birth dates,
        // not their mother's protected whereabouts.
        for absent in [
            "DEMO-003",
            "2012-03-14",
            "2015-07-02",
            "Riverside",
            "carol.hartley@",
        ] {
            assert!(!answer.body.contains(absent), "{absent}");
        }

        // The same as a page to read and print, and both exports on record.
        let page = reqwest::Client::new()
            .get(app.url(&path))
            .bearer_auth(&admin)
            .header("accept", "text/html")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            page.headers()
                .get("content-security-policy")
                .and_then(|v| v.to_str().ok()),
            Some("default-src 'none'; style-src 'unsafe-inline'")
        );
        let html = page.text().await.unwrap_or_default();
        assert!(
            html.starts_with("<!DOCTYPE html>")
                && html.contains("Everything held about Samuel Okafor"),
            "{html}"
        );
        assert!(html.contains("For review") && !html.contains("Riverside"));
        let logged = "SELECT COUNT(*) FROM audit_event WHERE action = 'subject_access.read'";
        assert_eq!(app.count(logged).await, 2);
    })
    .await;
}

#[tokio::test]
async fn a_removed_relationship_comes_back_only_if_it_still_fits_the_network() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, kid) = crate::support::create_child(&app, &token, "H-2").await;
        let (_, mum) = crate::support::add_person(&app, &token, &child,
            json!({ "givenName": "Jodie", "familyName": "Hartley" }), json!({ "side": "MATERNAL" })).await;
        let tie = crate::support::relate(&app, &token,
            json!({ "fromPersonId": mum, "toPersonId": kid, "kind": "PARENT", "parentKind": "BIRTH" })).await;
        let tie = string(&tie.ok()["addRelationship"]["relationship"]["id"]);
        const REMOVE: &str = r#"mutation($input: RemoveRelationshipInput!) { removeRelationship(input: $input) { removedRelationshipId } }"#;
        app.gql(&token, REMOVE, json!({ "input": { "id": tie, "version": 1 } })).await.ok();
        // Recorded again since: bringing the old one back would record it twice.
        let again = crate::support::relate(&app, &token,
            json!({ "fromPersonId": mum, "toPersonId": kid, "kind": "PARENT", "parentKind": "BIRTH" })).await;
        let again = string(&again.ok()["addRelationship"]["relationship"]["id"]);
        const RESTORE: &str = r#"mutation($input: RestoreInput!) { restore(input: $input) { relationship { id version } } }"#;
        let twice = app.gql(&token, RESTORE, json!({ "input": { "id": tie, "toVersion": 1, "version": 2 } })).await;
        assert_eq!(twice.error("BAD_USER_INPUT")["extensions"]["field"], "toPersonId");
        // Once the new one is gone, the old one comes back, as a new version.
        app.gql(&token, REMOVE, json!({ "input": { "id": again, "version": 1 } })).await.ok();
        let back = app.gql(&token, RESTORE, json!({ "input": { "id": tie, "toVersion": 1, "version": 2 } })).await;
        assert_eq!(back.ok()["restore"]["relationship"], json!({ "id": tie, "version": 3 }));
    })
    .await;
}
