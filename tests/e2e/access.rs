//! Organisation and caseload isolation on every path, field redaction, and the access log.

use serde_json::{Value, json};
use tests::{TestApp, each_database};

use crate::support::{
    ORG, OTHER_ORG, add_existing, add_person, assign, coordinator, create_child, manager,
    random_id, relate, string,
};

const CHILD: &str = "query($id: ID!) { child(id: $id) { id caseReference } }";
const PERSON: &str = "query($id: ID!) { person(id: $id) { id givenName } }";
const NODE: &str = "query($id: ID!) { node(id: $id) { id } }";

/// The answer to asking for `id` must be exactly the answer to asking for a random id.
async fn answers_as_missing(app: &TestApp, token: &str, query: &str, id: &str) {
    let asked = app.gql(token, query, json!({ "id": id })).await;
    let missing = app.gql(token, query, json!({ "id": random_id() })).await;
    asked.error("NOT_FOUND");
    assert_eq!(
        asked.body["errors"][0]["message"],
        missing.body["errors"][0]["message"]
    );
    assert_eq!(asked.body["data"], missing.body["data"]);
}

/// `node(id:)` answers a hidden record exactly as a missing one: null, with no error.
async fn node_is_null(app: &TestApp, token: &str, id: &str) {
    let asked = app.gql(token, NODE, json!({ "id": id })).await;
    let missing = app.gql(token, NODE, json!({ "id": random_id() })).await;
    assert_eq!(asked.ok()["node"], Value::Null, "{id}");
    assert_eq!(asked.body, missing.body);
    let both = app
        .gql(
            token,
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            json!({ "ids": [id, random_id()] }),
        )
        .await;
    assert_eq!(both.ok()["nodes"], json!([null, null]));
}

/// A child with a grandmother and one relationship, made by the north coordinator.
async fn small_network(app: &TestApp) -> (String, String, String, String) {
    let token = coordinator(app);
    let (child, child_person) = create_child(app, &token, "N-1").await;
    let (member, nan) = add_person(
        app,
        &token,
        &child,
        json!({ "givenName": "Carol", "familyName": "Hartley", "phone": "07700 900123" }),
        json!({ "connectionStatus": "ACTIVE", "side": "MATERNAL" }),
    )
    .await;
    let (_, mum) = add_person(
        app,
        &token,
        &child,
        json!({ "givenName": "Jodie" }),
        json!({}),
    )
    .await;
    relate(app, &token, json!({ "fromPersonId": mum, "toPersonId": child_person, "kind": "PARENT", "parentKind": "BIRTH" })).await.ok();
    let relationship = relate(
        app,
        &token,
        json!({ "fromPersonId": nan, "toPersonId": mum, "kind": "PARENT", "parentKind": "BIRTH" }),
    )
    .await;
    let relationship = string(&relationship.ok()["addRelationship"]["relationship"]["id"]);
    (child, nan, member, relationship)
}

#[tokio::test]
async fn another_organisations_records_answer_exactly_as_missing_ones() {
    each_database(|app| async move {
        let (child, nan, member, relationship) = small_network(&app).await;
        let stranger = app.token(OTHER_ORG, "admin-s", &["admin"]);
        answers_as_missing(&app, &stranger, CHILD, &child).await;
        answers_as_missing(&app, &stranger, PERSON, &nan).await;
        for id in [&child, &nan, &member, &relationship] {
            node_is_null(&app, &stranger, id).await;
        }
        let list = app
            .gql(
                &stranger,
                "{ children(first: 10) { edges { node { id } } } }",
                json!({}),
            )
            .await;
        assert_eq!(list.ok()["children"]["edges"], json!([]));
        let search = app
            .gql(
                &stranger,
                r#"{ searchPeople(query: "hartley") { id } }"#,
                json!({}),
            )
            .await;
        assert_eq!(search.ok()["searchPeople"], json!([]));
        // Nor can they write to it, or pull its people into their own networks.
        let (their_child, their_person) = create_child(
            &app,
            &app.token(OTHER_ORG, "coord-s", &["coordinator"]),
            "S-1",
        )
        .await;
        let pulled = app
            .gql(
                &app.token(OTHER_ORG, "coord-s", &["coordinator"]),
                crate::support::ADD_PERSON,
                json!({ "input": { "childId": their_child, "personId": nan } }),
            )
            .await;
        assert_eq!(
            pulled.error("BAD_USER_INPUT")["extensions"]["field"],
            "personId"
        );
        let linked = relate(
            &app,
            &app.token(OTHER_ORG, "coord-s", &["coordinator"]),
            json!({ "fromPersonId": nan, "toPersonId": their_person, "kind": "FRIEND" }),
        )
        .await;
        linked.error("BAD_USER_INPUT");
    })
    .await;
}

#[tokio::test]
async fn an_unassigned_practitioner_sees_nothing_of_a_child_on_any_path() {
    each_database(|app| async move {
        let (child, nan, member, relationship) = small_network(&app).await;
        let other = app.token(ORG, "coordinator-2", &["coordinator"]);
        answers_as_missing(&app, &other, CHILD, &child).await;
        answers_as_missing(&app, &other, PERSON, &nan).await;
        for id in [&child, &nan, &member, &relationship] {
            node_is_null(&app, &other, id).await;
        }
        let list = app.gql(&other, "{ children(first: 10) { edges { node { id } } } }", json!({})).await;
        assert_eq!(list.ok()["children"]["edges"], json!([]));
        let search = app.gql(&other, r#"{ searchPeople(query: "carol") { id } }"#, json!({})).await;
        assert_eq!(search.ok()["searchPeople"], json!([]));

        // A sibling's network shares the grandmother; a practitioner assigned only to the
        // sibling sees her, and only the sibling's network through her.
        let (sibling, _) = create_child(&app, &coordinator(&app), "N-2").await;
        add_existing(&app, &coordinator(&app), &sibling, &nan).await;
        assign(&app, &sibling, "coordinator-2", "COORDINATOR").await;
        let networks = app
            .gql(&other, "query($id: ID!) { person(id: $id) { networks { child { id } } relationships { id } } }", json!({ "id": nan }))
            .await;
        let data = networks.ok();
        assert_eq!(data["person"]["networks"], json!([{ "child": { "id": sibling } }]));
        // Her relationship runs to the mother, who is not in the sibling's network.
        assert_eq!(data["person"]["relationships"], json!([]));
    })
    .await;
}

#[tokio::test]
async fn unassigning_ends_access_on_the_next_request_with_the_same_token() {
    each_database(|app| async move {
        let (child, _, _, _) = small_network(&app).await;
        let user = assign(&app, &child, "coordinator-2", "COORDINATOR").await;
        let token = app.token(ORG, "coordinator-2", &["coordinator"]);
        app.gql(&token, CHILD, json!({ "id": child })).await.ok();
        let unassigned = app
            .gql(
                &manager(&app),
                "mutation($input: UnassignPractitionerInput!) { unassignPractitioner(input: $input) { removedAssignmentId } }",
                json!({ "input": { "childId": child, "userId": user } }),
            )
            .await;
        unassigned.ok();
        app.gql(&token, CHILD, json!({ "id": child })).await.error("NOT_FOUND");
    })
    .await;
}

#[tokio::test]
async fn viewers_and_service_accounts_never_see_contact_details_and_cannot_write() {
    each_database(|app| async move {
        let (child, nan, _, _) = small_network(&app).await;
        for (subject, role) in [("viewer-1", "viewer"), ("service-1", "service")] {
            assign(&app, &child, subject, "VIEWER").await;
            let token = app.token(ORG, subject, &[role]);
            let answer = app
                .gql(
                    &token,
                    "query($id: ID!) { person(id: $id) { givenName contact { phone } notes } }",
                    json!({ "id": nan }),
                )
                .await;
            assert_eq!(
                answer.ok()["person"],
                json!({ "givenName": "Carol", "contact": null, "notes": null })
            );
            let before = app.count("SELECT COUNT(*) FROM person").await;
            let write = app
                .gql(
                    &token,
                    crate::support::ADD_PERSON,
                    json!({ "input": { "childId": child, "person": { "givenName": "X" } } }),
                )
                .await;
            write.error("FORBIDDEN");
            assert_eq!(app.count("SELECT COUNT(*) FROM person").await, before);
        }
        let answer = app
            .gql(
                &coordinator(&app),
                "query($id: ID!) { person(id: $id) { contact { phone } } }",
                json!({ "id": nan }),
            )
            .await;
        assert_eq!(answer.ok()["person"]["contact"]["phone"], "07700 900123");
    })
    .await;
}

#[tokio::test]
async fn a_location_that_must_not_be_disclosed_shows_only_to_the_childs_team() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "N-1").await;
        let (_, mum) = add_person(
            &app,
            &token,
            &child,
            json!({ "givenName": "Jodie", "area": "Northtown", "address": "1 Refuge Road" }),
            json!({ "restriction": "DO_NOT_DISCLOSE_LOCATION", "restrictionReason": "fled domestic abuse" }),
        )
        .await;
        let (sibling, _) = create_child(&app, &token, "N-2").await;
        add_existing(&app, &token, &sibling, &mum).await;
        assign(&app, &sibling, "coordinator-2", "COORDINATOR").await;
        const QUERY: &str = "query($id: ID!) { person(id: $id) { area contact { address } } }";
        let team = app.gql(&token, QUERY, json!({ "id": mum })).await;
        assert_eq!(team.ok()["person"], json!({ "area": "Northtown", "contact": { "address": "1 Refuge Road" } }));
        for outsider in [app.token(ORG, "coordinator-2", &["coordinator"]), manager(&app)] {
            let answer = app.gql(&outsider, QUERY, json!({ "id": mum })).await;
            assert_eq!(answer.ok()["person"], json!({ "area": null, "contact": { "address": null } }));
        }
        // And through the network path, not only the direct one.
        let network = app
            .gql(&manager(&app), "query($id: ID!) { child(id: $id) { network { members { person { area } } } } }", json!({ "id": sibling }))
            .await;
        assert_eq!(network.ok()["child"]["network"]["members"], json!([{ "person": { "area": null } }]));
    })
    .await;
}

#[tokio::test]
async fn managers_read_every_child_but_change_only_assignments() {
    each_database(|app| async move {
        let (child, _, _, _) = small_network(&app).await;
        let token = manager(&app);
        app.gql(&token, CHILD, json!({ "id": child })).await.ok();
        let change = app
            .gql(&token, "mutation($input: UpdateChildInput!) { updateChild(input: $input) { child { id } } }",
                json!({ "input": { "id": child, "version": 1, "status": "CLOSED" } }))
            .await;
        change.error("FORBIDDEN");
    })
    .await;
}

#[tokio::test]
async fn each_network_read_writes_one_access_row_naming_the_child_and_viewer() {
    each_database(|app| async move {
        let (child, _, _, _) = small_network(&app).await;
        let token = coordinator(&app);
        let answer = app
            .gql(
                &token,
                "query($id: ID!) { child(id: $id) { network { members { id } } } }",
                json!({ "id": child }),
            )
            .await;
        assert_eq!(
            answer.ok()["child"]["network"]["members"]
                .as_array()
                .map(Vec::len),
            Some(2)
        );
        let rows = app
            .count(
                "SELECT COUNT(*) FROM audit_event a JOIN app_user u ON u.id = a.user_id \
                 WHERE a.action = 'network.read' AND u.subject = 'coordinator-1' \
                 AND a.child_id IN (SELECT id FROM child WHERE case_reference = 'N-1')",
            )
            .await;
        assert_eq!(rows, 1, "child {child}");
    })
    .await;
}

#[tokio::test]
async fn a_person_read_by_id_by_name_or_with_their_networks_writes_access_rows() {
    each_database(|app| async move {
        let (child, nan, _, _) = small_network(&app).await;
        let token = coordinator(&app);
        let rows = |action: &'static str| {
            let app = &app;
            async move {
                app.count(&format!(
                    "SELECT COUNT(*) FROM audit_event a JOIN app_user u ON u.id = a.user_id \
                     WHERE a.action = '{action}' AND u.subject = 'coordinator-1'"
                ))
                .await
            }
        };
        app.gql(&token, "query($id: ID!) { person(id: $id) { givenName } }", json!({ "id": nan }))
            .await
            .ok();
        assert_eq!(rows("person.read").await, 1);
        app.gql(&token, "query($id: ID!) { node(id: $id) { id } }", json!({ "id": nan }))
            .await
            .ok();
        assert_eq!(rows("person.read").await, 2);
        let found = app.gql(&token, r#"{ searchPeople(query: "hartley") { id } }"#, json!({})).await;
        let found = found.ok()["searchPeople"].as_array().map(Vec::len).unwrap_or(0);
        assert!(found >= 2);
        assert_eq!(rows("person.search").await, i64::try_from(found).unwrap_or(-1));
        let networks = app
            .gql(&token, "query($id: ID!) { person(id: $id) { networks { restriction restrictionReason } } }", json!({ "id": nan }))
            .await;
        assert_eq!(networks.ok()["person"]["networks"].as_array().map(Vec::len), Some(1));
        assert_eq!(rows("person.networks.read").await, 1);
        let per_child = app
            .count(
                "SELECT COUNT(*) FROM audit_event WHERE action = 'person.networks.read' AND child_id IN \
                 (SELECT id FROM child WHERE case_reference = 'N-1')",
            )
            .await;
        assert_eq!(per_child, 1, "the row names the child {child}");
    })
    .await;
}

#[tokio::test]
async fn nodes_fetches_many_records_in_order() {
    each_database(|app| async move {
        let (child, nan, member, relationship) = small_network(&app).await;
        let token = coordinator(&app);
        let answer = app
            .gql(
                &token,
                "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }",
                json!({ "ids": [member, random_id(), child, nan, relationship] }),
            )
            .await;
        let types: Vec<Value> = answer.ok()["nodes"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|node| node["__typename"].clone())
            .collect();
        assert_eq!(
            types,
            [
                json!("NetworkMember"),
                Value::Null,
                json!("Child"),
                json!("Person"),
                json!("Relationship")
            ]
        );
        let too_many: Vec<String> = (0..101).map(|_| random_id()).collect();
        app.gql(
            &token,
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            json!({ "ids": too_many }),
        )
        .await
        .error("BAD_USER_INPUT");
    })
    .await;
}
