//! Merging duplicate records never loses a safeguarding restriction and never reaches past
//! the caller's caseload; undoing a merge restores both records exactly.

use serde_json::{Value, json};
use tests::{TestApp, each_database};

use crate::support::{self, demo, string};

const NETWORK: &str = r#"query($ref: String!) { children(first: 1, filter: { caseReference: $ref }) {
  edges { node { id person { id } network {
    members { id person { id givenName familyName area } restriction restrictionReason childView
              foundOn connectionStatus knownToChildAs }
    leads(first: 100) { person { id } reasons route { people { id } } }
  } } } } }"#;

/// The child's id, their person's id, their members and their leads.
async fn network(
    app: &TestApp,
    token: &str,
    reference: &str,
) -> (String, String, Vec<Value>, Vec<Value>) {
    let answer = app.gql(token, NETWORK, json!({ "ref": reference })).await;
    let node = answer.ok()["children"]["edges"][0]["node"].clone();
    let list = |value: &Value| value.as_array().cloned().unwrap_or_default();
    (
        string(&node["id"]),
        string(&node["person"]["id"]),
        list(&node["network"]["members"]),
        list(&node["network"]["leads"]),
    )
}

fn named<'a>(members: &'a [Value], given: &str, family: &str) -> Vec<&'a Value> {
    members
        .iter()
        .filter(|m| m["person"]["givenName"] == given && m["person"]["familyName"] == family)
        .collect()
}

fn of_person<'a>(members: &'a [Value], person: &str) -> &'a Value {
    members
        .iter()
        .find(|m| m["person"]["id"] == person)
        .unwrap_or_else(|| panic!("{person} is not in the network"))
}

const MERGE: &str =
    "mutation($input: MergePeopleInput!) { mergePeople(input: $input) { person { id } } }";
const UNMERGE: &str =
    "mutation($input: UnmergePeopleInput!) { unmergePeople(input: $input) { person { id } } }";

/// Adds a second record of a person to a child's network, with no restriction.
async fn add_duplicate(
    app: &TestApp,
    token: &str,
    child: &str,
    given: &str,
    family: &str,
    membership: Value,
) -> String {
    let (_, person) = support::add_person(
        app,
        token,
        child,
        json!({ "givenName": given, "familyName": family }),
        membership,
    )
    .await;
    person
}

#[tokio::test]
async fn a_merge_keeps_the_no_contact_order_of_the_record_merged_away() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let (mia, _, members, _) = network(&app, &token, "DEMO-001").await;
        let dean = string(&named(&members, "Dean", "Walsh")[0]["person"]["id"]);
        let before = of_person(&members, &dean).clone();
        assert_eq!(before["restriction"], "NO_CONTACT");
        let second = add_duplicate(&app, &token, &mia, "Dean", "Walsh",
            json!({ "connectionStatus": "LOST", "childView": "NOT_ASKED", "foundOn": "2026-01-10" })).await;

        app.gql(&token, MERGE, json!({ "input": { "keepId": second, "mergeId": dean } })).await.ok();
        let (_, _, members, leads) = network(&app, &token, "DEMO-001").await;
        let kept = of_person(&members, &second);
        assert_eq!(kept["restriction"], "NO_CONTACT");
        assert_eq!(kept["restrictionReason"], before["restrictionReason"]);
        assert_eq!(kept["childView"], "DOES_NOT_WANT");
        assert_eq!(kept["connectionStatus"], "LOST");
        let offered = leads.iter().find(|lead| lead["person"]["id"] == second.as_str());
        assert!(
            offered.is_none_or(|lead| lead["route"].is_null() && !lead["reasons"].as_array().is_some_and(|r| r.contains(&json!("LOST_WITH_ROUTE")))),
            "a person under a no-contact order is offered a route: {offered:?}"
        );
        // Leo's and Ruby's networks held only the merged record: its place moved whole.
        for reference in ["DEMO-002", "DEMO-003"] {
            let (_, _, members, _) = network(&app, &token, reference).await;
            assert_eq!(of_person(&members, &second)["restriction"], "NO_CONTACT", "{reference}");
        }

        app.gql(&token, UNMERGE, json!({ "input": { "mergedId": dean } })).await.ok();
        let (_, _, members, _) = network(&app, &token, "DEMO-001").await;
        let restored = of_person(&members, &dean);
        for field in ["restriction", "restrictionReason", "childView", "foundOn", "connectionStatus", "knownToChildAs"] {
            assert_eq!(restored[field], before[field], "{field}");
        }
        let second_member = of_person(&members, &second);
        assert_eq!(second_member["restriction"], "NONE");
        assert_eq!(second_member["childView"], "NOT_ASKED");
        assert_eq!(second_member["foundOn"], "2026-01-10");
    })
    .await;
}

#[tokio::test]
async fn a_merge_keeps_a_protected_location_protected_from_everyone_off_the_team() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let (mia, _, members, _) = network(&app, &token, "DEMO-001").await;
        let jodie = string(&named(&members, "Jodie", "Hartley")[0]["person"]["id"]);
        let second = add_duplicate(&app, &token, &mia, "Jodie", "Hartley", json!({})).await;
        app.gql(&token, MERGE, json!({ "input": { "keepId": second, "mergeId": jodie } })).await.ok();
        let (_, _, members, _) = network(&app, &token, "DEMO-001").await;
        assert_eq!(of_person(&members, &second)["restriction"], "DO_NOT_DISCLOSE_LOCATION");

        // An address and an area recorded afterwards stay with the team.
        let version = app
            .gql(&token, "query($id: ID!) { person(id: $id) { version } }", json!({ "id": second }))
            .await
            .ok()["person"]["version"]
            .clone();
        app.gql(
            &token,
            "mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { person { id } } }",
            json!({ "input": { "id": second, "version": version, "area": "Eastmoor", "address": "1 New Road", "phone": "07700 900123" } }),
        )
        .await
        .ok();
        let manager = app.token(api::demo::ORGANISATION, "manager-off-the-team", &["manager"]);
        let seen = app
            .gql(&manager, "query($id: ID!) { person(id: $id) { area contact { address phone email } notes } }", json!({ "id": second }))
            .await;
        let person = &seen.ok()["person"];
        assert_eq!(person["area"], Value::Null);
        // A phone number locates a person as well as an address does.
        assert_eq!(
            person["contact"],
            json!({ "address": null, "phone": null, "email": null })
        );
        assert_eq!(person["notes"], Value::Null);
        // The team sees what it recorded.
        let seen = app
            .gql(&token, "query($id: ID!) { person(id: $id) { area contact { address phone } } }", json!({ "id": second }))
            .await;
        assert_eq!(
            seen.ok()["person"],
            json!({ "area": "Eastmoor", "contact": { "address": "1 New Road", "phone": "07700 900123" } })
        );
    })
    .await;
}

#[tokio::test]
async fn restrictions_one_record_cannot_hold_together_refuse_the_merge_and_write_nothing() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let (mia, _, members, _) = network(&app, &token, "DEMO-001").await;
        let jodie = string(&named(&members, "Jodie", "Hartley")[0]["person"]["id"]);
        let second = add_duplicate(
            &app,
            &token,
            &mia,
            "Jodie",
            "Hartley",
            json!({ "restriction": "NO_CONTACT", "restrictionReason": "risk to the child" }),
        )
        .await;
        let audit_before = app
            .count("SELECT COUNT(*) FROM audit_event WHERE action <> 'network.read'")
            .await;
        let refused = app
            .gql(
                &token,
                MERGE,
                json!({ "input": { "keepId": second, "mergeId": jodie } }),
            )
            .await;
        refused.error("SAFEGUARDING");
        let (_, _, after, _) = network(&app, &token, "DEMO-001").await;
        assert_eq!(
            of_person(&after, &jodie)["restriction"],
            "DO_NOT_DISCLOSE_LOCATION"
        );
        assert_eq!(of_person(&after, &second)["restriction"], "NO_CONTACT");
        let audit_after = app
            .count("SELECT COUNT(*) FROM audit_event WHERE action <> 'network.read'")
            .await;
        assert_eq!(
            audit_after, audit_before,
            "a refused merge wrote audit events"
        );
    })
    .await;
}

#[tokio::test]
async fn a_merge_needs_leave_to_change_every_network_either_record_is_in() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let (leo, _, leo_members, _) = network(&app, &token, "DEMO-002").await;
        let (_, mia_person, mia_members, _) = network(&app, &token, "DEMO-001").await;
        support::assign_in(
            &app,
            api::demo::ORGANISATION,
            &leo,
            "leo-only",
            "COORDINATOR",
        )
        .await;
        let practitioner = app.token(api::demo::ORGANISATION, "leo-only", &["coordinator"]);
        let rita = string(&named(&leo_members, "Rita", "Kowalski")[0]["person"]["id"]);
        let jodie = string(&named(&leo_members, "Jodie", "Hartley")[0]["person"]["id"]);
        let own = add_duplicate(&app, &practitioner, &leo, "Rita", "Kowalski", json!({})).await;

        // Rita is in Mia's and Ruby's networks too, which this practitioner may not change.
        let refused = app
            .gql(
                &practitioner,
                MERGE,
                json!({ "input": { "keepId": own, "mergeId": rita } }),
            )
            .await;
        refused.error("FORBIDDEN");
        let refused = app
            .gql(
                &practitioner,
                MERGE,
                json!({ "input": { "keepId": rita, "mergeId": own } }),
            )
            .await;
        refused.error("FORBIDDEN");
        let (_, _, mia_after, _) = network(&app, &token, "DEMO-001").await;
        assert_eq!(mia_after.len(), mia_members.len());
        assert_eq!(
            named(&mia_after, "Rita", "Kowalski")[0]["person"]["id"],
            rita.as_str()
        );

        // A child's own record is never either side of a merge, whoever asks.
        let into_child = app
            .gql(
                &token,
                MERGE,
                json!({ "input": { "keepId": mia_person, "mergeId": jodie } }),
            )
            .await;
        assert_eq!(
            into_child.error("BAD_USER_INPUT")["extensions"]["field"],
            "keepId"
        );
        let child_away = app
            .gql(
                &token,
                MERGE,
                json!({ "input": { "keepId": jodie, "mergeId": mia_person } }),
            )
            .await;
        assert_eq!(
            child_away.error("BAD_USER_INPUT")["extensions"]["field"],
            "mergeId"
        );
        let (_, _, mia_after, _) = network(&app, &token, "DEMO-001").await;
        assert!(
            mia_after
                .iter()
                .all(|m| m["person"]["id"] != mia_person.as_str())
        );
    })
    .await;
}

#[tokio::test]
async fn a_merge_racing_an_edit_of_the_kept_person_loses_nothing() {
    each_database(|app| async move {
        let token = support::coordinator(&app);
        let (child, _) = support::create_child(&app, &token, "RACE-1").await;
        for round in 0..8 {
            let family = format!("Racer{round}");
            let keep = add_duplicate(&app, &token, &child, "Carol", &family, json!({})).await;
            let merge = add_duplicate(&app, &token, &child, "Caroline", &family, json!({})).await;
            let version = app
                .gql(&token, "query($id: ID!) { person(id: $id) { version } }", json!({ "id": keep }))
                .await
                .ok()["person"]["version"]
                .clone();
            let phone = format!("07700 9001{round:02}");
            let edit = app.gql(
                &token,
                "mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { person { version } } }",
                json!({ "input": { "id": keep, "version": version, "phone": phone } }),
            );
            let merging = app.gql(&token, MERGE, json!({ "input": { "keepId": keep, "mergeId": merge } }));
            let (edit, merging) = tokio::join!(edit, merging);
            let outcome = |answer: &tests::Gql| match answer.code() {
                None => "ok",
                Some("CONFLICT") => "conflict",
                Some(other) => panic!("round {round}: unexpected {other}: {}", answer.body),
            };
            let (edit, merging) = (outcome(&edit), outcome(&merging));
            assert!(edit == "ok" || merging == "ok", "round {round}: both refused");
            let now = app
                .gql(&token, "query($id: ID!) { person(id: $id) { contact { phone } } }", json!({ "id": keep }))
                .await;
            if edit == "ok" {
                assert_eq!(now.ok()["person"]["contact"]["phone"], phone.as_str(), "round {round}: the edit was lost");
            }
            let merged_away = app
                .gql(&token, "query($id: ID!) { node(id: $id) { id } }", json!({ "id": merge }))
                .await;
            assert_eq!(merged_away.ok()["node"].is_null(), merging == "ok", "round {round}");
            // No two changes of the kept person share a version.
            let literal = tests::uuid_literal(app.db().get_database_backend(), &keep);
            let versions = app
                .count(&format!("SELECT COUNT(*) FROM revision WHERE entity_id = {literal}"))
                .await;
            let distinct = app
                .count(&format!("SELECT COUNT(DISTINCT version) FROM revision WHERE entity_id = {literal}"))
                .await;
            assert_eq!(versions, distinct, "round {round}: two changes share a version");
        }
    })
    .await;
}

#[tokio::test]
async fn the_rows_a_merge_moves_are_stamped_and_each_lost_to_a_change_made_since_it_read_them() {
    use api::service::versioned::{Write, versions, write_many_if_unchanged};
    use entity::relationship;
    each_database(|app| async move {
        let token = demo(&app).await;
        let (child, _) = support::create_child(&app, &token, "M-9").await;
        let kept = add_duplicate(&app, &token, &child, "Dawn", "Rivers", json!({})).await;
        let merged = add_duplicate(&app, &token, &child, "Dawn", "Rivers", json!({})).await;
        let friend = add_duplicate(&app, &token, &child, "Sam", "Oak", json!({})).await;
        support::relate(&app, &token, json!({ "fromPersonId": merged, "toPersonId": friend, "kind": "FRIEND" })).await.ok();
        let answer = app
            .gql(&token, "mutation($input: MergePeopleInput!) { mergePeople(input: $input) { person { id } } }",
                json!({ "input": { "keepId": kept, "mergeId": merged } }))
            .await;
        answer.ok();
        // The moved relationship and membership carry the next version, who and when.
        let moved = "SELECT COUNT(*) FROM relationship r JOIN app_user u ON u.id = r.updated_by \
                     WHERE r.version = 2 AND u.subject = 'demo-coordinator' AND r.updated_at > r.created_at";
        assert_eq!(app.count(moved).await, 1);

        // The bulk write a merge uses: a row changed since it was read loses, and none of
        // the batch is written.
        let ids = vec![uuid::Uuid::parse_str(&friend).unwrap_or_default()];
        let rows = {
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            relationship::Entity::find()
                .filter(relationship::Column::ToPersonId.is_in(ids))
                .all(app.db())
                .await
                .unwrap_or_default()
        };
        let row = rows.first().cloned().unwrap_or_else(|| panic!("the friendship"));
        let viewer = {
            use entity::app_user;
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            let user = app_user::Entity::find()
                .filter(app_user::Column::Subject.eq(api::demo::COORDINATOR))
                .one(app.db())
                .await
                .ok()
                .flatten()
                .unwrap_or_else(|| panic!("the demo coordinator"));
            api::service::Viewer {
                user_id: user.id,
                organisation_id: user.organisation_id,
                organisation: api::demo::ORGANISATION.into(),
                subject: user.subject,
                name: None,
                roles: vec![api::auth::Role::Coordinator],
                via: api::service::access::Via::Command,
                at: chrono::Utc::now(),
            }
        };
        let read_at: Vec<(uuid::Uuid, i32)> = versions::<relationship::Entity>(app.db(), &[row.id]).await.unwrap_or_default();
        assert_eq!(read_at, vec![(row.id, row.version)]);
        let stale = write_many_if_unchanged::<relationship::Entity>(
            app.db(), &viewer, Write::Update, &[(row.id, row.version - 1)], &[("source", Some("stale".to_owned()).into())],
        )
        .await;
        assert!(matches!(stale, Err(api::error::ApiError::Conflict { .. })), "{stale:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM relationship WHERE source = 'stale'").await, 0);
        write_many_if_unchanged::<relationship::Entity>(
            app.db(), &viewer, Write::Update, &[(row.id, row.version)], &[("source", Some("fresh".to_owned()).into())],
        )
        .await
        .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM relationship WHERE source = 'fresh' AND version = {}", row.version + 1)).await, 1);
    })
    .await;
}
