//! Every mutation as a coordinator uses it, and the input each one refuses.

use serde_json::{Value, json};
use tests::each_database;

use crate::support::{
    ADD_PERSON, CREATE_CHILD, OTHER_ORG, add_existing, add_person, coordinator, create_child,
    relate, string,
};

const NETWORK: &str = r#"query($id: ID!) { child(id: $id) { network {
  members { id connectionStatus side circle roles childView knownToChildAs restriction restrictionReason
            person { givenName familyName otherNames otherNameRecords { name kind } birthDate }
            searchActivities { source outcome searchedOn by { subject } } }
  relationships { id kind parentKind quality from { givenName } to { givenName } }
} } }"#;

#[tokio::test]
async fn a_coordinator_maps_a_network_from_first_name_to_search_record() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, child_person) = create_child(&app, &token, "N-1").await;
        let (nan_member, nan) = add_person(
            &app,
            &token,
            &child,
            json!({ "givenName": "Carol", "familyName": "Hartley", "sex": "FEMALE", "birthDate": "1966~",
                    "otherNames": [{ "name": "Carol Pritchard", "kind": "MAIDEN" }] }),
            json!({ "connectionStatus": "ACTIVE", "side": "MATERNAL", "circle": "INNER",
                    "roles": ["EMOTIONAL", "RESPITE"], "knownToChildAs": "Nan", "childView": "WANTS_CONTACT" }),
        )
        .await;
        let (_, mum) = add_person(&app, &token, &child, json!({ "givenName": "Jodie", "familyName": "Hartley" }), json!({ "side": "MATERNAL" })).await;
        let (kelly_member, kelly) = add_person(&app, &token, &child, json!({ "givenName": "Kelly", "familyName": "Mills" }),
            json!({ "connectionStatus": "LOST", "side": "MATERNAL" })).await;
        for (parent, kid) in [(&mum, &child_person), (&nan, &mum), (&nan, &kelly)] {
            relate(&app, &token, json!({ "fromPersonId": parent, "toPersonId": kid, "kind": "PARENT", "parentKind": "BIRTH" })).await.ok();
        }

        // The grandmother's record changes: a new other name replaces the old set.
        let updated = app
            .gql(&token, r#"mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { person { version birthDate otherNames } } }"#,
                json!({ "input": { "id": nan, "version": 1, "birthDate": "1966-09-02",
                        "otherNames": [{ "name": "Carol Pritchard", "kind": "MAIDEN" }, { "name": "Caz", "kind": "NICKNAME" }] } }))
            .await;
        assert_eq!(updated.ok()["updatePerson"]["person"], json!({ "version": 2, "birthDate": "1966-09-02", "otherNames": ["Carol Pritchard", "Caz"] }));

        // The lost aunt is found through her mother.
        let found = app
            .gql(&token, r#"mutation($input: UpdateNetworkMemberInput!) { updateNetworkMember(input: $input) { member { version connectionStatus foundVia lastContactOn } } }"#,
                json!({ "input": { "id": kelly_member, "version": 1, "connectionStatus": "REESTABLISHED", "foundVia": "her mother", "lastContactOn": "2026-11-01" } }))
            .await;
        assert_eq!(found.ok()["updateNetworkMember"]["member"],
            json!({ "version": 2, "connectionStatus": "REESTABLISHED", "foundVia": "her mother", "lastContactOn": "2026-11-01" }));
        let searched = app
            .gql(&token, r#"mutation($input: RecordSearchActivityInput!) { recordSearchActivity(input: $input) { searchActivity { id source outcome followUpOn person { givenName } } } }"#,
                json!({ "input": { "childId": child, "personId": kelly, "source": "RELATIVE", "searchedOn": "2026-10-30",
                        "outcome": "FOUND", "followUpOn": "2026-12-01", "notes": "Carol had her number" } }))
            .await;
        assert_eq!(searched.ok()["recordSearchActivity"]["searchActivity"]["person"]["givenName"], "Kelly");

        let network = app.gql(&token, NETWORK, json!({ "id": child })).await;
        let network = &network.ok()["child"]["network"];
        let members = network["members"].as_array().cloned().unwrap_or_default();
        assert_eq!(members.len(), 3);
        let nan_entry = members.iter().find(|m| m["id"] == json!(nan_member)).cloned().unwrap_or(Value::Null);
        assert_eq!(nan_entry["roles"], json!(["EMOTIONAL", "RESPITE"]));
        assert_eq!(nan_entry["knownToChildAs"], "Nan");
        assert_eq!(nan_entry["person"]["otherNameRecords"], json!([{ "name": "Carol Pritchard", "kind": "MAIDEN" }, { "name": "Caz", "kind": "NICKNAME" }]));
        let kelly_entry = members.iter().find(|m| m["id"] == json!(kelly_member)).cloned().unwrap_or(Value::Null);
        assert_eq!(kelly_entry["searchActivities"], json!([{ "source": "RELATIVE", "outcome": "FOUND", "searchedOn": "2026-10-30", "by": { "subject": "coordinator-1" } }]));
        assert_eq!(network["relationships"].as_array().map(Vec::len), Some(3));

        // A sibling shares the grandmother: the same person, her own place in each network.
        let (sibling, _) = create_child(&app, &token, "N-2").await;
        add_existing(&app, &token, &sibling, &nan).await;
        let person = app.gql(&token, "query($id: ID!) { person(id: $id) { networks { child { caseReference } connectionStatus } } }", json!({ "id": nan })).await;
        assert_eq!(person.ok()["person"]["networks"],
            json!([{ "child": { "caseReference": "N-1" }, "connectionStatus": "ACTIVE" }, { "child": { "caseReference": "N-2" }, "connectionStatus": "NOT_YET_CONTACTED" }]));

        // Relationships change and go; members leave.
        let relationship = string(&network["relationships"][2]["id"]);
        let quality = app
            .gql(&token, r#"mutation($input: UpdateRelationshipInput!) { updateRelationship(input: $input) { relationship { quality version endedOn } } }"#,
                json!({ "input": { "id": relationship, "version": 1, "quality": "CLOSE", "endedOn": null } }))
            .await;
        assert_eq!(quality.ok()["updateRelationship"]["relationship"], json!({ "quality": "CLOSE", "version": 2, "endedOn": null }));
        let removed = app
            .gql(&token, r#"mutation($input: RemoveRelationshipInput!) { removeRelationship(input: $input) { removedRelationshipId } }"#,
                json!({ "input": { "id": relationship, "version": 2 } }))
            .await;
        assert_eq!(removed.ok()["removeRelationship"]["removedRelationshipId"], json!(relationship));
        let left = app
            .gql(&token, r#"mutation($input: RemoveFromNetworkInput!) { removeFromNetwork(input: $input) { removedMemberId } }"#,
                json!({ "input": { "id": kelly_member, "version": 2 } }))
            .await;
        left.ok();
        let network = app.gql(&token, NETWORK, json!({ "id": child })).await;
        let network = &network.ok()["child"]["network"];
        assert_eq!(network["members"].as_array().map(Vec::len), Some(2));
        assert_eq!(network["relationships"].as_array().map(Vec::len), Some(2));

        // The child's own record.
        let child_update = app
            .gql(&token, "mutation($input: UpdateChildInput!) { updateChild(input: $input) { child { status version enteredCareOn } } }",
                json!({ "input": { "id": child, "version": 1, "status": "CLOSED", "enteredCareOn": null } }))
            .await;
        assert_eq!(child_update.ok()["updateChild"]["child"], json!({ "status": "CLOSED", "version": 2, "enteredCareOn": null }));
    })
    .await;
}

#[tokio::test]
async fn people_are_found_by_any_of_their_names_ignoring_case_and_accents() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "N-1").await;
        add_person(
            &app,
            &token,
            &child,
            json!({ "givenName": "Zoë", "familyName": "Núñez",
            "otherNames": [{ "name": "Zoe Pritchard", "kind": "MAIDEN" }] }),
            json!({}),
        )
        .await;
        add_person(
            &app,
            &token,
            &child,
            json!({ "givenName": "Zachary", "familyName": "Smith" }),
            json!({}),
        )
        .await;
        for (query, expected) in [
            ("zoe nunez", vec!["Zoë"]),
            ("PRITCHARD", vec!["Zoë"]),
            ("nú", vec!["Zoë"]),
            ("z", vec![]),
            ("smith zach", vec!["Zachary"]),
        ] {
            let answer = app
                .gql(
                    &token,
                    "query($q: String!) { searchPeople(query: $q) { givenName } }",
                    json!({ "q": query }),
                )
                .await;
            if query.len() < 2 {
                answer.error("BAD_USER_INPUT");
                continue;
            }
            let names: Vec<String> = answer.ok()["searchPeople"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|p| string(&p["givenName"]))
                .collect();
            assert_eq!(names, expected, "query {query}");
        }
    })
    .await;
}

#[tokio::test]
async fn bad_relationships_are_refused_with_the_field_named_and_nothing_written() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, child_person) = create_child(&app, &token, "N-1").await;
        let (_, mum) = add_person(&app, &token, &child, json!({ "givenName": "Jodie" }), json!({})).await;
        let (_, nan) = add_person(&app, &token, &child, json!({ "givenName": "Carol" }), json!({})).await;
        let (_, uncle) = add_person(&app, &token, &child, json!({ "givenName": "Paul" }), json!({})).await;
        let parent = |from: &str, to: &str| json!({ "fromPersonId": from, "toPersonId": to, "kind": "PARENT", "parentKind": "BIRTH" });
        relate(&app, &token, parent(&mum, &child_person)).await.ok();
        relate(&app, &token, parent(&nan, &mum)).await.ok();
        relate(&app, &token, parent(&nan, &uncle)).await.ok();
        let (_, stranger) = create_child(&app, &app.token(OTHER_ORG, "c", &["coordinator"]), "S-1").await;
        let before = app.count("SELECT COUNT(*) FROM relationship").await;

        let cases = [
            (json!({ "fromPersonId": mum, "toPersonId": mum, "kind": "FRIEND" }), "toPersonId"),
            (parent(&mum, &child_person), "toPersonId"),
            (json!({ "fromPersonId": child_person, "toPersonId": nan, "kind": "PARENT", "parentKind": "BIRTH" }), "fromPersonId"),
            (json!({ "fromPersonId": mum, "toPersonId": stranger, "kind": "FRIEND" }), "toPersonId"),
            (json!({ "fromPersonId": mum, "toPersonId": child_person, "kind": "PARENT" }), "parentKind"),
            (json!({ "fromPersonId": mum, "toPersonId": uncle, "kind": "FRIEND", "parentKind": "STEP" }), "parentKind"),
            (json!({ "fromPersonId": mum, "toPersonId": uncle, "kind": "SIBLING" }), "kind"),
            (json!({ "fromPersonId": mum, "toPersonId": uncle, "kind": "FRIEND", "startedOn": "1990-02-30" }), "startedOn"),
            (json!({ "fromPersonId": mum, "toPersonId": "not-an-id", "kind": "FRIEND" }), "toPersonId"),
        ];
        for (input, field) in cases {
            let answer = relate(&app, &token, input.clone()).await;
            assert_eq!(answer.error("BAD_USER_INPUT")["extensions"]["field"], field, "{input}");
        }
        // A partnership recorded once is a duplicate the other way round too.
        relate(&app, &token, json!({ "fromPersonId": mum, "toPersonId": uncle, "kind": "FRIEND" })).await.ok();
        let reversed = relate(&app, &token, json!({ "fromPersonId": uncle, "toPersonId": mum, "kind": "FRIEND" })).await;
        reversed.error("BAD_USER_INPUT");
        // An unknown enum value never reaches a resolver.
        let unknown = relate(&app, &token, json!({ "fromPersonId": mum, "toPersonId": uncle, "kind": "COUSIN" })).await;
        unknown.error("BAD_USER_INPUT");
        assert_eq!(app.count("SELECT COUNT(*) FROM relationship").await, before + 1);
    })
    .await;
}

#[tokio::test]
async fn invalid_input_is_refused_with_the_field_named() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let bad_child = |person: Value, reference: &str, entered: &str| {
            json!({ "input": { "person": person, "caseReference": reference, "enteredCareOn": entered } })
        };
        for (variables, field) in [
            (bad_child(json!({ "givenName": "A", "birthDate": "2012-13" }), "N-1", "2021-01-01"), "birthDate"),
            (bad_child(json!({ "givenName": "A", "birthDate": "about 2012" }), "N-1", "2021-01-01"), "birthDate"),
            (bad_child(json!({ "familyName": "  " }), "N-1", "2021-01-01"), "givenName"),
            (bad_child(json!({ "givenName": "A" }), "   ", "2021-01-01"), "caseReference"),
            (bad_child(json!({ "givenName": "A" }), "N-1", "2999-01-01"), "enteredCareOn"),
            (bad_child(json!({ "givenName": "A".repeat(201) }), "N-1", "2021-01-01"), "givenName"),
        ] {
            let answer = app.gql(&token, CREATE_CHILD, variables.clone()).await;
            assert_eq!(answer.error("BAD_USER_INPUT")["extensions"]["field"], field, "{variables}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM person").await, 0);

        let (child, _) = create_child(&app, &token, "N-1").await;
        let duplicate = app.gql(&token, CREATE_CHILD, bad_child(json!({ "givenName": "B" }), "N-1", "2021-01-01")).await;
        assert_eq!(duplicate.error("BAD_USER_INPUT")["extensions"]["field"], "caseReference");
        let unreasoned = app
            .gql(&token, ADD_PERSON, json!({ "input": { "childId": child, "person": { "givenName": "Dean" }, "membership": { "restriction": "NO_CONTACT" } } }))
            .await;
        assert_eq!(unreasoned.error("BAD_USER_INPUT")["extensions"]["field"], "restrictionReason");
        let both = app
            .gql(&token, ADD_PERSON, json!({ "input": { "childId": child } }))
            .await;
        assert_eq!(both.error("BAD_USER_INPUT")["extensions"]["field"], "personId");
        let bad_date = app
            .gql(&token, ADD_PERSON, json!({ "input": { "childId": child, "person": { "givenName": "Dean" }, "membership": { "foundOn": "yesterday" } } }))
            .await;
        bad_date.error("BAD_USER_INPUT");
        assert_eq!(app.count("SELECT COUNT(*) FROM network_member").await, 0);
    })
    .await;
}

#[tokio::test]
async fn children_are_listed_a_page_at_a_time() {
    each_database(|app| async move {
        let token = coordinator(&app);
        for reference in ["N-1", "N-2", "N-3"] {
            create_child(&app, &token, reference).await;
        }
        const PAGE: &str = r#"query($after: String) { children(first: 2, after: $after) {
            edges { cursor node { caseReference } } pageInfo { hasNextPage endCursor } } }"#;
        let first = app.gql(&token, PAGE, json!({})).await;
        let first = &first.ok()["children"];
        assert_eq!(first["pageInfo"]["hasNextPage"], true);
        assert_eq!(first["edges"][1]["node"]["caseReference"], "N-2");
        let second = app.gql(&token, PAGE, json!({ "after": first["pageInfo"]["endCursor"] })).await;
        let second = &second.ok()["children"];
        assert_eq!(second["pageInfo"]["hasNextPage"], false);
        assert_eq!(second["edges"], json!([{ "cursor": second["edges"][0]["cursor"], "node": { "caseReference": "N-3" } }]));
        let filtered = app
            .gql(&token, r#"{ children(first: 5, filter: { caseReference: "N-2" }) { edges { node { caseReference } } } }"#, json!({}))
            .await;
        assert_eq!(filtered.ok()["children"]["edges"], json!([{ "node": { "caseReference": "N-2" } }]));
    })
    .await;
}

/// Every stored field of a member, their person and a relationship.
const MEMBER_FIELDS: &str = "id connectionStatus side circle roles childView knownToChildAs
  holdsParentalResponsibility restriction restrictionReason foundVia foundOn lastContactOn notes version
  person { id givenName familyName preferredName displayName otherNameRecords { name kind } sex birthDate
           deceased area contact { phone email address } notes version }";
const RELATIONSHIP_FIELDS: &str = "id kind parentKind quality confidence source startedOn endedOn notes version from { id } to { id }";

/// A network is read column by column (its views), a write's answer from the whole row: both
/// must give back the same record, whether every field is filled in or none is.
#[tokio::test]
async fn a_network_read_gives_back_every_field_as_written() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, child_person) = create_child(&app, &token, "N-FIELDS").await;
        let add = format!(
            "mutation($input: AddPersonToNetworkInput!) {{ addPersonToNetwork(input: $input) {{ member {{ {MEMBER_FIELDS} }} }} }}"
        );
        let full = app
            .gql(&token, &add, json!({ "input": { "childId": child,
                "person": { "givenName": "Carol", "familyName": "Hartley", "preferredName": "Caz",
                            "otherNames": [{ "name": "Carol Pritchard", "kind": "MAIDEN" }],
                            "sex": "FEMALE", "birthDate": "1966-09-02", "deceased": false, "area": "Leeds",
                            "phone": "0113 496 0000", "email": "carol@example.org",
                            "address": "1 Fictional Row, Leeds", "notes": "Prefers evening calls" },
                "membership": { "connectionStatus": "REESTABLISHED", "side": "MATERNAL", "circle": "INNER",
                                "roles": ["EMOTIONAL", "FGC_PARTICIPANT"], "childView": "WANTS_CONTACT",
                                "knownToChildAs": "Nan", "holdsParentalResponsibility": true,
                                "restriction": "SUPERVISED_ONLY", "restrictionReason": "Court order",
                                "foundVia": "her sister", "foundOn": "2026-10-01",
                                "lastContactOn": "2026-11-01", "notes": "Keen to help" } } }))
            .await;
        let full = full.ok()["addPersonToNetwork"]["member"].clone();
        let bare = app
            .gql(&token, &add, json!({ "input": { "childId": child, "person": { "familyName": "Walsh" } } }))
            .await;
        let bare = bare.ok()["addPersonToNetwork"]["member"].clone();
        let relate_all = format!(
            "mutation($input: AddRelationshipInput!) {{ addRelationship(input: $input) {{ relationship {{ {RELATIONSHIP_FIELDS} }} }} }}"
        );
        let mut written = Vec::new();
        for input in [
            json!({ "fromPersonId": full["person"]["id"], "toPersonId": child_person, "kind": "PARTNER",
                    "quality": "CUT_OFF", "confidence": "PROBABLE", "source": "birth certificate",
                    "startedOn": "1985", "endedOn": "1999~", "notes": "Ended badly" }),
            json!({ "fromPersonId": bare["person"]["id"], "toPersonId": child_person, "kind": "PARENT",
                    "parentKind": "STEP" }),
        ] {
            let answer = app.gql(&token, &relate_all, json!({ "input": input })).await;
            written.push(answer.ok()["addRelationship"]["relationship"].clone());
        }

        let read = format!(
            "query($id: ID!) {{ child(id: $id) {{ network {{ members {{ {MEMBER_FIELDS} }} relationships {{ {RELATIONSHIP_FIELDS} }} }} }} }}"
        );
        let answer = app.gql(&token, &read, json!({ "id": child })).await;
        let network = &answer.ok()["child"]["network"];
        assert_eq!(network["members"], json!([full, bare]));
        assert_eq!(network["relationships"], json!(written));
        // The full record really is full, and the bare one bare.
        assert_eq!(full["person"]["contact"]["address"], "1 Fictional Row, Leeds");
        assert_eq!(full["foundOn"], "2026-10-01");
        assert_eq!(bare["person"]["givenName"], Value::Null);
        assert_eq!(bare["person"]["contact"], json!({ "phone": null, "email": null, "address": null }));
        assert_eq!(bare["roles"], json!([]));
    })
    .await;
}
