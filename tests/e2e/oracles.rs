//! Derived answers (scores, reasons, rankings) never reveal what the viewer may not see:
//! a guess at a hidden field must not change them.

use serde_json::{Value, json};
use tests::{TestApp, each_database};

use crate::support::{self, string};

const CANDIDATES: &str =
    "{ duplicateCandidates(first: 100) { score reasons a { id givenName } b { id givenName } } }";

/// The score and reasons of the candidate pair holding `person`, if any.
async fn pair_with(app: &TestApp, token: &str, person: &str) -> Option<(Value, Value)> {
    let answer = app.gql(token, CANDIDATES, json!({})).await;
    answer.ok()["duplicateCandidates"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["a"]["id"] == person || c["b"]["id"] == person)
        .map(|c| (c["score"].clone(), c["reasons"].clone()))
}

#[tokio::test]
async fn a_duplicate_score_does_not_rise_when_a_hidden_area_is_guessed() {
    each_database(|app| async move {
        let coordinator = crate::support::demo(&app).await;
        let leo = string(
            &app.gql(&coordinator, r#"{ children(first: 1, filter: { caseReference: "DEMO-002" }) { edges { node { id } } } }"#, json!({}))
                .await
                .ok()["children"]["edges"][0]["node"]["id"],
        );
        support::assign_in(&app, api::demo::ORGANISATION, &leo, "leo-only", "COORDINATOR").await;
        let token = app.token(api::demo::ORGANISATION, "leo-only", &["coordinator"]);
        // Jodie's location is protected in her daughters' networks as well as Leo's.
        let (_, jody) = support::add_person(
            &app,
            &token,
            &leo,
            json!({ "givenName": "Jody", "familyName": "Hartley", "birthDate": "1990-05", "area": "Riverside" }),
            json!({}),
        )
        .await;
        let right = pair_with(&app, &token, &jody).await;
        let (score, reasons) = right.clone().unwrap_or_else(|| panic!("Jody and Jodie are not offered as a pair"));
        assert!(!reasons.as_array().is_some_and(|r| r.contains(&json!("same area"))), "{reasons}");

        let version = app.gql(&token, "query($id: ID!) { person(id: $id) { version } }", json!({ "id": jody })).await.ok()["person"]["version"].clone();
        app.gql(
            &token,
            "mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { person { id } } }",
            json!({ "input": { "id": jody, "version": version, "area": "Westford" } }),
        )
        .await
        .ok();
        let wrong = pair_with(&app, &token, &jody).await;
        assert_eq!(wrong, Some((score, reasons)), "the score moved with a guess at the hidden area");

        // Her daughters' whole team sees the area, and may have it weigh in.
        let team = app.token(api::demo::ORGANISATION, api::demo::COORDINATOR, &["coordinator"]);
        assert!(pair_with(&app, &team, &jody).await.is_some());
    })
    .await;
}

#[tokio::test]
async fn notes_about_a_protected_person_stay_with_the_team() {
    each_database(|app| async move {
        let team = crate::support::demo(&app).await;
        const MIA: &str = r#"{ children(first: 1, filter: { caseReference: "DEMO-001" }) { edges { node { network {
            members { id version notes person { givenName familyName } } } } } } }"#;
        let members = |answer: &tests::Gql| answer.ok()["children"]["edges"][0]["node"]["network"]["members"].as_array().cloned().unwrap_or_default();
        let jodie = members(&app.gql(&team, MIA, json!({})).await)
            .into_iter()
            .find(|m| m["person"]["givenName"] == "Jodie")
            .unwrap_or_else(|| panic!("no Jodie"));
        app.gql(
            &team,
            "mutation($input: UpdateNetworkMemberInput!) { updateNetworkMember(input: $input) { member { id } } }",
            json!({ "input": { "id": jodie["id"], "version": jodie["version"], "notes": "staying with her sister on Mill Lane" } }),
        )
        .await
        .ok();
        let on_team = members(&app.gql(&team, MIA, json!({})).await);
        let note = |list: &[Value]| list.iter().find(|m| m["person"]["givenName"] == "Jodie").map(|m| m["notes"].clone());
        assert_eq!(note(&on_team), Some(json!("staying with her sister on Mill Lane")));
        let manager = app.token(api::demo::ORGANISATION, "manager-off-the-team", &["manager"]);
        let off_team = members(&app.gql(&manager, MIA, json!({})).await);
        assert_eq!(note(&off_team), Some(Value::Null));
    })
    .await;
}
