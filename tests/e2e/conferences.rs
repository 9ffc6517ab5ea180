//! Family Group Conferences: who could support the child, who is left out and why, and a
//! suggested list that covers the family.

use serde_json::{Value, json};
use tests::each_database;

use crate::support::demo;

const CANDIDATES: &str = r#"query($ref: String!, $size: Int!, $shared: Boolean!) {
  children(first: 1, filter: { caseReference: $ref }) { edges { node { network {
    supportCandidates(size: $size, sharedWithBirthFamily: $shared) {
      candidates { person { givenName familyName } rank score reasons relation side
                   factors { kind weight value points } }
      excluded { person { givenName familyName } reason mayStill }
      suggested { person { givenName familyName } why }
    } } } } } }"#;

fn name(entry: &Value) -> String {
    format!(
        "{} {}",
        entry["person"]["givenName"].as_str().unwrap_or_default(),
        entry["person"]["familyName"].as_str().unwrap_or_default()
    )
}

#[tokio::test]
async fn support_candidates_rank_the_family_and_leave_out_whom_they_must() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let ask = |size: i64, shared: bool| {
            let (app, token) = (&app, token.clone());
            async move {
                let answer = app
                    .gql(
                        &token,
                        CANDIDATES,
                        json!({ "ref": "DEMO-001", "size": size, "shared": shared }),
                    )
                    .await;
                answer.ok()["children"]["edges"][0]["node"]["network"]["supportCandidates"].clone()
            }
        };
        let private = ask(6, false).await;
        let candidates = private["candidates"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(candidates.len() > 10, "{private}");
        for (index, candidate) in candidates.iter().enumerate() {
            assert_eq!(candidate["rank"], index + 1);
            let points: f64 = candidate["factors"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|factor| factor["points"].as_f64().unwrap_or_default())
                .sum();
            assert!((points - candidate["score"].as_f64().unwrap_or_default()).abs() < 1e-6);
        }
        let carol = candidates
            .iter()
            .find(|c| name(c) == "Carol Hartley")
            .cloned()
            .unwrap_or_default();
        assert_eq!(carol["relation"], "maternal grandmother");
        assert!(
            carol["reasons"]
                .as_str()
                .unwrap_or_default()
                .contains("offers emotional support, respite"),
            "{carol}"
        );

        // The father under a no-contact order is left out, and may still give his views.
        let excluded = private["excluded"].as_array().cloned().unwrap_or_default();
        let dean = excluded
            .iter()
            .find(|e| name(e) == "Dean Walsh")
            .cloned()
            .unwrap_or_default();
        assert_eq!(dean["reason"], "NO_CONTACT");
        assert_eq!(
            dean["mayStill"],
            json!(["SEPARATE_SESSION", "WRITTEN_VIEWS"])
        );
        assert!(!candidates.iter().any(|c| name(c) == "Dean Walsh"));

        // The list covers both sides of the family.
        let suggested = private["suggested"].as_array().cloned().unwrap_or_default();
        assert_eq!(suggested.len(), 6);
        let side_of = |who: &str| {
            candidates
                .iter()
                .find(|c| name(c) == who)
                .map(|c| c["side"].clone())
        };
        let sides: Vec<Value> = suggested.iter().filter_map(|s| side_of(&name(s))).collect();
        assert!(
            sides.contains(&json!("MATERNAL")) && sides.contains(&json!("PATERNAL")),
            "{suggested:?}"
        );
        assert!(
            suggested[0]["why"]
                .as_str()
                .unwrap_or_default()
                .starts_with("the best placed on the maternal side")
        );

        // With the birth family present, the mother whose address is protected cannot sit
        // in the conference; she may still take part apart.
        let shared = ask(6, true).await;
        let jodie = shared["excluded"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|e| name(e) == "Jodie Hartley")
            .cloned()
            .unwrap_or_default();
        assert_eq!(jodie["reason"], "LOCATION_PROTECTED", "{shared}");
        assert!(
            !shared["suggested"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|s| name(s) == "Jodie Hartley")
        );
    })
    .await;
}

#[tokio::test]
async fn a_suggested_list_of_no_one_is_refused_with_the_field_named() {
    each_database(|app| async move {
        let token = demo(&app).await;
        for size in [0, 101] {
            let answer = app
                .gql(
                    &token,
                    CANDIDATES,
                    json!({ "ref": "DEMO-001", "size": size, "shared": false }),
                )
                .await;
            assert_eq!(
                answer.error("BAD_USER_INPUT")["extensions"]["field"],
                "size"
            );
        }
    })
    .await;
}

const CONFERENCE: &str = r#"fragment C on Conference {
  id status version reason referredOn notOfferedReason scheduledFor
  networkAtReferral { size byStatus { status count } bySide { side count } }
  offers { person { givenName } answer }
  invitations { id version person { givenName familyName } role participation status excludedReason }
  conflicts { a { givenName } b { givenName } reason detail suggestion }
  plan { id version description owner { givenName } status }
  monitor { givenName }
  reviews { networkSize actions { actionId status } }
}"#;

/// The demo's first child, the ids of its people by "given family" name, and a token.
async fn demo_child(
    app: &tests::TestApp,
) -> (String, std::collections::HashMap<String, String>, String) {
    let token = demo(app).await;
    let answer = app
        .gql(
            &token,
            r#"{ children(first: 1, filter: { caseReference: "DEMO-001" }) { edges { node { id
                 network { members { person { id givenName familyName } } } } } } }"#,
            json!({}),
        )
        .await;
    let node = answer.ok()["children"]["edges"][0]["node"].clone();
    let people = node["network"]["members"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            (
                name(m),
                m["person"]["id"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    (
        node["id"].as_str().unwrap_or_default().to_owned(),
        people,
        token,
    )
}

async fn conference_mutation(
    app: &tests::TestApp,
    token: &str,
    field: &str,
    input: Value,
) -> tests::Gql {
    let (input_type, selection) = match field {
        "createConference" => ("CreateConferenceInput", "conference { ...C }"),
        "updateConference" => ("UpdateConferenceInput", "conference { ...C }"),
        "recordOffer" => ("RecordOfferInput", "conference { ...C }"),
        "proposeInvitations" => ("ProposeInvitationsInput", "invitations { id }"),
        "updateInvitation" => (
            "UpdateInvitationInput",
            "invitation { id version participation }",
        ),
        "addPlanAction" => ("AddPlanActionInput", "action { id version }"),
        "recordReview" => (
            "RecordReviewInput",
            "conference { ...C } review { networkSize }",
        ),
        other => panic!("no mutation {other}"),
    };
    let fragment = if selection.contains("...C") {
        CONFERENCE
    } else {
        ""
    };
    let query = format!(
        "mutation($input: {input_type}!) {{ {field}(input: $input) {{ {selection} }} }} {fragment}"
    );
    app.gql(token, &query, json!({ "input": input })).await
}

#[tokio::test]
async fn a_conference_runs_from_referral_and_offer_to_its_review() {
    each_database(|app| async move {
        let (child, people, token) = demo_child(&app).await;
        let id = |who: &str| people.get(who).cloned().unwrap_or_else(|| panic!("no {who}"));
        let call = |field: &'static str, input: Value| {
            let (app, token) = (&app, token.clone());
            async move { conference_mutation(app, &token, field, input).await }
        };

        let created = call("createConference", json!({ "childId": child, "referredOn": "2026-11-01",
            "reason": "care proceedings are being considered" })).await;
        let conference = created.ok()["createConference"]["conference"].clone();
        assert_eq!(conference["status"], "REFERRED");
        assert_eq!(conference["networkAtReferral"]["size"], people.len());
        let conference_id = conference["id"].clone();
        let version = |c: &Value| c["version"].as_i64().unwrap_or_default();

        // Stages keep their order.
        let held_now = call("updateConference", json!({ "id": conference_id, "version": version(&conference), "status": "HELD" })).await;
        let error = held_now.error("BAD_USER_INPUT");
        assert_eq!(error["extensions"]["field"], "status");
        assert!(error["message"].as_str().unwrap_or_default().contains("from REFERRED to HELD"), "{error}");

        // Offered to those with parental responsibility; one acceptance is enough.
        let not_pr = call("recordOffer", json!({ "conferenceId": conference_id, "personId": id("Carol Hartley"),
            "offeredOn": "2026-11-02", "answer": "ACCEPTED" })).await;
        assert_eq!(not_pr.error("BAD_USER_INPUT")["extensions"]["field"], "personId");
        let declined = call("recordOffer", json!({ "conferenceId": conference_id, "personId": id("Jodie Hartley"),
            "offeredOn": "2026-11-02", "inLetterBeforeProceedings": true, "answer": "DECLINED", "answeredOn": "2026-11-03" })).await;
        assert_eq!(declined.ok()["recordOffer"]["conference"]["status"], "DECLINED");
        let accepted = call("recordOffer", json!({ "conferenceId": conference_id, "personId": id("Samuel Okafor"),
            "offeredOn": "2026-11-02", "answer": "ACCEPTED", "answeredOn": "2026-11-04" })).await;
        let conference = accepted.ok()["recordOffer"]["conference"].clone();
        assert_eq!(conference["status"], "ACCEPTED");
        assert_eq!(conference["offers"].as_array().map(Vec::len), Some(2));

        let preparing = call("updateConference", json!({ "id": conference_id, "version": version(&conference), "status": "PREPARING" })).await;
        let conference = preparing.ok()["updateConference"]["conference"].clone();
        let undated = call("updateConference", json!({ "id": conference_id, "version": version(&conference), "status": "SCHEDULED" })).await;
        assert_eq!(undated.error("BAD_USER_INPUT")["extensions"]["field"], "scheduledFor");

        // The father under a no-contact order is refused in person, and nothing is written.
        let refused = call("proposeInvitations", json!({ "conferenceId": conference_id, "people": [
            { "personId": id("Carol Hartley"), "role": "FAMILY", "participation": "IN_PERSON" },
            { "personId": id("Dean Walsh"), "role": "FAMILY", "participation": "IN_PERSON" },
        ] })).await;
        assert!(refused.error("SAFEGUARDING")["message"].as_str().unwrap_or_default().contains("written views"));
        let no_reason = call("proposeInvitations", json!({ "conferenceId": conference_id, "people": [
            { "personId": id("Dean Walsh"), "role": "FAMILY", "participation": "WRITTEN_VIEWS" } ] })).await;
        assert_eq!(no_reason.error("BAD_USER_INPUT")["extensions"]["field"], "reason");
        let (outsider_child, _) = crate::support::create_child(&app, &token, "C-OUT").await;
        let (_, outsider) = crate::support::add_person(&app, &token, &outsider_child, json!({ "givenName": "Olive" }), json!({})).await;
        let outside = call("proposeInvitations", json!({ "conferenceId": conference_id, "people": [
            { "personId": outsider, "role": "SUPPORT_PERSON", "participation": "IN_PERSON" } ] })).await;
        assert_eq!(outside.error("BAD_USER_INPUT")["extensions"]["field"], "personId");
        let invited = call("proposeInvitations", json!({ "conferenceId": conference_id, "people": [
            { "personId": id("Carol Hartley"), "role": "FAMILY", "participation": "IN_PERSON" },
            { "personId": id("Jodie Hartley"), "role": "FAMILY", "participation": "IN_PERSON" },
            { "personId": id("Samuel Okafor"), "role": "FAMILY", "participation": "IN_PERSON" },
            { "personId": id("Dean Walsh"), "role": "FAMILY", "participation": "WRITTEN_VIEWS",
              "reason": "a court order forbids contact with the mother" },
        ] })).await;
        assert_eq!(invited.ok()["proposeInvitations"]["invitations"].as_array().map(Vec::len), Some(4));

        // The mother whose address is protected and her former partner, in one room.
        let read = app.gql(&token, &format!("query($id: ID!) {{ conference(id: $id) {{ ...C }} }} {CONFERENCE}"), json!({ "id": conference_id })).await;
        let conference = read.ok()["conference"].clone();
        let conflicts = conference["conflicts"].as_array().cloned().unwrap_or_default();
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        assert_eq!(conflicts[0]["reason"], "PROTECTED_LOCATION");
        assert_eq!((conflicts[0]["a"]["givenName"].clone(), conflicts[0]["b"]["givenName"].clone()), (json!("Jodie"), json!("Samuel")));
        let dean = conference["invitations"].as_array().into_iter().flatten()
            .find(|i| name(i) == "Dean Walsh").cloned().unwrap_or_default();
        assert_eq!(dean["participation"], "WRITTEN_VIEWS");
        assert_eq!(dean["excludedReason"], "a court order forbids contact with the mother");

        // Changing Dean's invitation to in person is refused as well.
        let in_person = call("updateInvitation", json!({ "id": dean["id"], "version": dean["version"], "participation": "IN_PERSON" })).await;
        in_person.error("SAFEGUARDING");

        let scheduled = call("updateConference", json!({ "id": conference_id, "version": version(&conference),
            "status": "SCHEDULED", "scheduledFor": "2026-11-20T10:00:00Z", "venue": "Family Centre" })).await;
        let conference = scheduled.ok()["updateConference"]["conference"].clone();
        assert_eq!(conference["scheduledFor"], "2026-11-20T10:00:00+00:00");
        let early_plan = call("addPlanAction", json!({ "conferenceId": conference_id, "description": "weekly call", "ownerId": id("Carol Hartley") })).await;
        assert_eq!(early_plan.error("BAD_USER_INPUT")["extensions"]["field"], "conferenceId");
        let held = call("updateConference", json!({ "id": conference_id, "version": version(&conference), "status": "HELD",
            "monitorId": id("Carol Hartley") })).await;
        let conference = held.ok()["updateConference"]["conference"].clone();
        assert_eq!(conference["monitor"]["givenName"], "Carol");

        let action = call("addPlanAction", json!({ "conferenceId": conference_id, "description": "Nan has Mia every other weekend",
            "ownerId": id("Carol Hartley"), "dueOn": "2026-12-31" })).await;
        let action_id = action.ok()["addPlanAction"]["action"]["id"].clone();
        let reviewed = call("recordReview", json!({ "conferenceId": conference_id, "reviewedOn": "2026-11-30",
            "actions": [{ "actionId": action_id, "status": "DONE" }] })).await;
        let answer = reviewed.ok()["recordReview"].clone();
        assert_eq!(answer["conference"]["status"], "REVIEWED");
        assert_eq!(answer["review"]["networkSize"], people.len());
        assert_eq!(answer["conference"]["plan"][0]["status"], "DONE");
        let conference = answer["conference"].clone();
        let back = call("updateConference", json!({ "id": conference_id, "version": version(&conference), "status": "PREPARING" })).await;
        assert!(back.error("BAD_USER_INPUT")["message"].as_str().unwrap_or_default().contains("from REVIEWED to PREPARING"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_edits_of_one_invitation_one_wins_and_the_other_gets_conflict() {
    each_database(|app| async move {
        let (child, people, token) = demo_child(&app).await;
        let carol = people.get("Carol Hartley").cloned().unwrap_or_default();
        let created = conference_mutation(
            &app,
            &token,
            "createConference",
            json!({ "childId": child, "referredOn": "2026-11-01", "reason": "planning" }),
        )
        .await;
        let conference = created.ok()["createConference"]["conference"]["id"].clone();
        let invited = conference_mutation(
            &app,
            &token,
            "proposeInvitations",
            json!({ "conferenceId": conference,
            "people": [{ "personId": carol, "role": "FAMILY", "participation": "IN_PERSON" }] }),
        )
        .await;
        let invitation = invited.ok()["proposeInvitations"]["invitations"][0]["id"].clone();
        let edit = |participation: &'static str| {
            let (app, token, invitation) = (&app, token.clone(), invitation.clone());
            async move {
                conference_mutation(
                    app,
                    &token,
                    "updateInvitation",
                    json!({ "id": invitation, "version": 1, "participation": participation }),
                )
                .await
            }
        };
        let (a, b) = tokio::join!(edit("SEPARATE_SESSION"), edit("WRITTEN_VIEWS"));
        let codes: Vec<Option<&str>> = vec![a.code(), b.code()];
        assert!(
            codes.contains(&None) && codes.contains(&Some("CONFLICT")),
            "{codes:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn another_organisations_conference_answers_as_a_missing_one() {
    each_database(|app| async move {
        let (child, _, token) = demo_child(&app).await;
        let created = conference_mutation(
            &app,
            &token,
            "createConference",
            json!({ "childId": child, "referredOn": "2026-11-01", "reason": "planning" }),
        )
        .await;
        let conference = created.ok()["createConference"]["conference"]["id"].clone();
        let stranger = app.token("elsewhere", "someone", &["manager"]);
        let by_id = app
            .gql(
                &stranger,
                "query($id: ID!) { conference(id: $id) { id } }",
                json!({ "id": conference }),
            )
            .await;
        assert_eq!(by_id.ok()["conference"], Value::Null);
        let by_node = app
            .gql(
                &stranger,
                "query($id: ID!) { node(id: $id) { id } }",
                json!({ "id": conference }),
            )
            .await;
        assert_eq!(by_node.ok()["node"], Value::Null);
        let edit = conference_mutation(
            &app,
            &stranger,
            "updateConference",
            json!({ "id": conference, "version": 1, "venue": "x" }),
        )
        .await;
        edit.error("NOT_FOUND");
        // A reader on the child's case sees the conference but not the reasons behind it.
        crate::support::assign_in(
            &app,
            api::demo::ORGANISATION,
            &child,
            "a-reader",
            "SOCIAL_WORKER",
        )
        .await;
        let reader = app.token(api::demo::ORGANISATION, "a-reader", &["viewer"]);
        let read = app
            .gql(
                &reader,
                "query($id: ID!) { node(id: $id) { ... on Conference { status reason } } }",
                json!({ "id": conference }),
            )
            .await;
        assert_eq!(
            read.ok()["node"],
            json!({ "status": "REFERRED", "reason": null })
        );
    })
    .await;
}

/// GETs a document with `token`: (status, content type, body, headers).
async fn document(
    app: &tests::TestApp,
    token: Option<&str>,
    path: &str,
) -> (u16, String, String, reqwest::header::HeaderMap) {
    let answer = crate::support::fetch(app, token, path).await;
    let kind = answer.header("content-type");
    (answer.status, kind, answer.body, answer.headers)
}

#[tokio::test]
async fn the_documents_carry_only_what_the_reader_may_see() {
    each_database(|app| async move {
        let (child, people, token) = demo_child(&app).await;
        let id = |who: &str| people.get(who).cloned().unwrap_or_else(|| panic!("no {who}"));
        // The mother whose location is protected, with an address on her record.
        let jodie = app
            .gql(&token, "query($id: ID!) { person(id: $id) { version } }", json!({ "id": id("Jodie Hartley") }))
            .await;
        let version = jodie.ok()["person"]["version"].clone();
        app.gql(&token, "mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { person { id } } }",
            json!({ "input": { "id": id("Jodie Hartley"), "version": version, "address": "7 Refuge Row", "phone": "01632 960123" } }))
            .await
            .ok();
        let created = conference_mutation(&app, &token, "createConference",
            json!({ "childId": child, "referredOn": "2026-11-01", "reason": "planning" })).await;
        let conference = created.ok()["createConference"]["conference"]["id"].as_str().unwrap_or_default().to_owned();
        conference_mutation(&app, &token, "proposeInvitations", json!({ "conferenceId": conference, "people": [
            { "personId": id("Jodie Hartley"), "role": "FAMILY", "participation": "SEPARATE_SESSION", "reason": "=cmd|' /C calc'!A0" },
            { "personId": id("Carol Hartley"), "role": "FAMILY", "participation": "IN_PERSON" },
        ] })).await.ok();
        let csv_path = format!("/conferences/{conference}/invitations.csv");
        let plan_path = format!("/conferences/{conference}/plan.html");

        let rows = |body: &str| -> Vec<Vec<String>> {
            csv::Reader::from_reader(body.as_bytes())
                .records()
                .map(|record| record.map(|r| r.iter().map(str::to_owned).collect()).unwrap_or_default())
                .collect()
        };
        // The coordinator on the case sees where she is.
        let (status, kind, body, headers) = document(&app, Some(&token), &csv_path).await;
        assert_eq!((status, kind.as_str()), (200, "text/csv; charset=utf-8"), "{body}");
        assert_eq!(headers.get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
        let on_team = rows(&body);
        assert_eq!(on_team.len(), 2);
        let row = on_team.iter().find(|row| row[0] == "Jodie Hartley").cloned().unwrap_or_default();
        assert_eq!((row[1].as_str(), row[2].as_str(), row[7].as_str()), ("family", "separate session", "7 Refuge Row"));
        assert_eq!(row[4], "'=cmd|' /C calc'!A0", "a formula is kept as text");

        // A manager off the case, and a reader on it, never see it.
        let manager = app.token(api::demo::ORGANISATION, "another-manager", &["manager"]);
        crate::support::assign_in(&app, api::demo::ORGANISATION, &child, "a-reader", "SOCIAL_WORKER").await;
        let reader = app.token(api::demo::ORGANISATION, "a-reader", &["viewer"]);
        for token in [&manager, &reader] {
            let (status, _, body, _) = document(&app, Some(token), &csv_path).await;
            assert_eq!(status, 200, "{body}");
            assert!(!body.contains("Refuge") && !body.contains("01632"), "{body}");
            let row = rows(&body).into_iter().find(|row| row[0] == "Jodie Hartley").unwrap_or_default();
            assert!(row[4..9].iter().all(String::is_empty), "{row:?}");
            let (status, kind, page, _) = document(&app, Some(token), &plan_path).await;
            assert_eq!((status, kind.as_str()), (200, "text/html; charset=utf-8"));
            assert!(!page.contains("Refuge"));
        }

        // The page is whole in itself: nothing to load, nothing to run.
        let (_, _, page, headers) = document(&app, Some(&token), &plan_path).await;
        assert!(page.starts_with("<!DOCTYPE html>") && page.contains("@page { size: A4"), "{page}");
        for outside in ["<script", "<link", "src=", "http://", "https://"] {
            assert!(!page.contains(outside), "{outside}");
        }
        assert_eq!(
            headers.get("content-security-policy").and_then(|v| v.to_str().ok()),
            Some("default-src 'none'; style-src 'unsafe-inline'")
        );
        assert!(app.count("SELECT COUNT(*) FROM audit_event WHERE action = 'conference.invitations.read'").await >= 2);

        // No token, another organisation, no such conference.
        assert_eq!(document(&app, None, &csv_path).await.0, 401);
        let stranger = app.token("elsewhere", "someone", &["manager"]);
        assert_eq!(document(&app, Some(&stranger), &csv_path).await.0, 404);
        assert_eq!(document(&app, Some(&token), "/conferences/not-an-id/plan.html").await.0, 404);
    })
    .await;
}

#[tokio::test]
async fn the_demo_holds_a_conference_at_review_with_its_plan() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let answer = app
            .gql(&token, r#"{ children(first: 1, filter: { caseReference: "DEMO-001" }) { edges { node {
                conferences { status monitor { givenName } networkAtReferral { size }
                  offers { answer } invitations { participation status person { givenName } }
                  plan { status owner { givenName } } reviews { networkSize actions { status } } } } } } }"#, json!({}))
            .await;
        let conference = answer.ok()["children"]["edges"][0]["node"]["conferences"][0].clone();
        assert_eq!(conference["status"], "REVIEWED");
        assert_eq!(conference["monitor"]["givenName"], "Carol");
        assert_eq!(conference["offers"], json!([{ "answer": "ACCEPTED" }, { "answer": "ACCEPTED" }]));
        assert_eq!(conference["plan"].as_array().map(Vec::len), Some(3));
        let size = conference["networkAtReferral"]["size"].as_i64().unwrap_or_default();
        assert!(size > 20, "{conference}");
        assert_eq!(conference["reviews"][0]["networkSize"], size);
        assert_eq!(conference["reviews"][0]["actions"].as_array().map(Vec::len), Some(3));
        let jodie = conference["invitations"].as_array().into_iter().flatten()
            .find(|i| i["person"]["givenName"] == "Jodie").cloned().unwrap_or_default();
        assert_eq!(jodie["participation"], "SEPARATE_SESSION");
    })
    .await;
}

#[tokio::test]
async fn a_coordinators_week_and_a_managers_figures() {
    each_database(|app| async move {
        let (child, people, token) = demo_child(&app).await;
        let id = |who: &str| people.get(who).cloned().unwrap_or_else(|| panic!("no {who}"));
        app.gql(&token, "mutation($input: RecordSearchActivityInput!) { recordSearchActivity(input: $input) { searchActivity { id } } }",
            json!({ "input": { "childId": child, "personId": id("Kelly Mills"), "source": "SOCIAL_MEDIA",
                "searchedOn": "2026-11-10", "outcome": "NO_RESPONSE", "followUpOn": "2026-12-01" } }))
            .await
            .ok();
        let created = conference_mutation(&app, &token, "createConference",
            json!({ "childId": child, "referredOn": "2026-11-25", "reason": "a second conference" })).await;
        let second = created.ok()["createConference"]["conference"]["id"].clone();
        conference_mutation(&app, &token, "recordOffer", json!({ "conferenceId": second, "personId": id("Samuel Okafor"),
            "offeredOn": "2026-11-26", "answer": "NO_ANSWER" })).await.ok();

        const DUE: &str = r#"query($before: Date!) { workDue(before: $before) { kind dueOn child { caseReference } person { givenName } } }"#;
        let due = app.gql(&token, DUE, json!({ "before": "2027-06-30" })).await;
        let items: Vec<(String, Value, String)> = due.ok()["workDue"].as_array().into_iter().flatten()
            .map(|item| (item["kind"].as_str().unwrap_or_default().to_owned(), item["dueOn"].clone(),
                         item["person"]["givenName"].as_str().unwrap_or_default().to_owned()))
            .collect();
        assert_eq!(items, vec![
            ("FOLLOW_UP".to_owned(), json!("2026-12-01"), "Kelly".to_owned()),
            ("ACTION_DUE".to_owned(), json!("2026-12-31"), "Grace".to_owned()),
            ("REVIEW_DUE".to_owned(), json!("2027-03-01"), String::new()),
            ("OFFER_UNANSWERED".to_owned(), Value::Null, "Samuel".to_owned()),
        ]);
        let early = app.gql(&token, DUE, json!({ "before": "2026-11-01" })).await;
        assert_eq!(early.ok()["workDue"].as_array().map(Vec::len), Some(1), "only the unanswered offer has no date");

        const OUTCOMES: &str = r#"query { conferenceOutcomes(from: "2026-01-01", to: "2026-12-31") {
            held plansAgreed actions actionsDone medianNetworkAtReferral medianNetworkAtReview } }"#;
        app.gql(&token, OUTCOMES, json!({})).await.error("FORBIDDEN");
        let manager = app.token(api::demo::ORGANISATION, api::demo::MANAGER, &["manager"]);
        let figures = app.gql(&manager, OUTCOMES, json!({})).await;
        let figures = figures.ok()["conferenceOutcomes"].clone();
        assert_eq!((figures["held"].clone(), figures["plansAgreed"].clone()), (json!(1), json!(1)));
        assert_eq!((figures["actions"].clone(), figures["actionsDone"].clone()), (json!(3), json!(2)));
        assert_eq!(figures["medianNetworkAtReferral"], figures["medianNetworkAtReview"]);
    })
    .await;
}
