//! Consent, as the people it protects would check it: a withdrawal stops the work it names,
//! on the next request, on every path (searches, leads, introductions, conference
//! candidates and invitations, exports and documents), and is itself on record.

use serde_json::{Value, json};
use tests::{Gql, TestApp, each_database};

use crate::support::{demo, fetch, string};

const RECORD: &str = r#"mutation($input: RecordConsentInput!) {
  recordConsent(input: $input) { consent { id version purpose decision givenBy givenOn withdrawnOn inForce person { givenName } } }
}"#;

const WITHDRAW: &str = r#"mutation($input: WithdrawConsentInput!) {
  withdrawConsent(input: $input) { consent { id version withdrawnOn inForce notes } }
}"#;

const SEARCH: &str = r#"mutation($input: RecordSearchActivityInput!) {
  recordSearchActivity(input: $input) { searchActivity { id } }
}"#;

/// A demo child's id, their own person's id, and their network's people by full name.
async fn demo_case(app: &TestApp, token: &str, reference: &str) -> (String, String, Value) {
    let answer = app
        .gql(
            token,
            r#"query($ref: String!) { children(first: 1, filter: { caseReference: $ref }) { edges { node {
                id person { id } network { members { id person { id givenName familyName } } } } } } }"#,
            json!({ "ref": reference }),
        )
        .await;
    let node = answer.ok()["children"]["edges"][0]["node"].clone();
    let people: serde_json::Map<String, Value> = node["network"]["members"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            let person = &m["person"];
            (
                format!(
                    "{} {}",
                    string(&person["givenName"]),
                    string(&person["familyName"])
                ),
                person["id"].clone(),
            )
        })
        .collect();
    (
        string(&node["id"]),
        string(&node["person"]["id"]),
        Value::Object(people),
    )
}

async fn record(app: &TestApp, token: &str, input: Value) -> Gql {
    app.gql(token, RECORD, json!({ "input": input })).await
}

/// Records a consent and withdraws it; returns the withdrawn consent.
async fn given_then_withdrawn(app: &TestApp, token: &str, input: Value) -> Value {
    let given = record(app, token, input).await;
    let consent = given.ok()["recordConsent"]["consent"].clone();
    assert_eq!(consent["inForce"], true);
    let withdrawn = app
        .gql(
            token,
            WITHDRAW,
            json!({ "input": { "id": consent["id"], "version": consent["version"],
                               "withdrawnOn": "2026-06-01", "notes": "said so at the review" } }),
        )
        .await;
    withdrawn.ok()["withdrawConsent"]["consent"].clone()
}

async fn leads(app: &TestApp, token: &str, reference: &str) -> Vec<String> {
    let answer = app
        .gql(
            token,
            r#"query($ref: String!) { children(first: 1, filter: { caseReference: $ref }) { edges { node {
                network { leads(first: 100) { person { givenName familyName } } } } } } }"#,
            json!({ "ref": reference }),
        )
        .await;
    answer.ok()["children"]["edges"][0]["node"]["network"]["leads"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|lead| {
            format!(
                "{} {}",
                string(&lead["person"]["givenName"]),
                string(&lead["person"]["familyName"])
            )
        })
        .collect()
}

async fn search(app: &TestApp, token: &str, child: &str, person: &Value, source: &str) -> Gql {
    app.gql(
        token,
        SEARCH,
        json!({ "input": { "childId": child, "personId": person, "source": source,
                           "searchedOn": "2026-07-01", "outcome": "NO_RESPONSE" } }),
    )
    .await
}

#[tokio::test]
async fn a_child_who_withdraws_from_the_search_gets_no_leads_and_no_new_searches() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let (child, own, people) = demo_case(&app, &token, "DEMO-002").await;
        let florence = people["Florence Adeyemi"].clone();
        assert!(leads(&app, &token, "DEMO-002").await.contains(&"Florence Adeyemi".to_owned()));

        let withdrawn = given_then_withdrawn(
            &app,
            &token,
            json!({ "childId": child, "personId": own, "purpose": "SEARCH", "givenBy": "CHILD",
                    "givenOn": "2026-01-10", "evidence": "signed agreement, on file" }),
        )
        .await;
        assert_eq!(
            (&withdrawn["withdrawnOn"], &withdrawn["inForce"], &withdrawn["version"]),
            (&json!("2026-06-01"), &json!(false), &json!(2))
        );
        assert_eq!(withdrawn["notes"], "Withdrawn: said so at the review");

        // The next request: no leads, and no search may be recorded; nothing is written.
        assert_eq!(leads(&app, &token, "DEMO-002").await, Vec::<String>::new());
        let searches = "SELECT COUNT(*) FROM search_activity";
        let before = app.count(searches).await;
        let refused = search(&app, &token, &child, &florence, "PUBLIC_RECORDS").await;
        let error = refused.error("SAFEGUARDING");
        assert!(string(&error["message"]).contains("withdrawn"), "{error}");
        assert_eq!(app.count(searches).await, before);

        // The withdrawal is on record, in the audit trail and on the child.
        let changes = "SELECT COUNT(*) FROM audit_event WHERE action = 'consent.update'";
        assert_eq!(app.count(changes).await, 1);
        let listed = app
            .gql(
                &token,
                "query($id: ID!) { child(id: $id) { consents { purpose givenBy inForce withdrawnOn evidence } } }",
                json!({ "id": child }),
            )
            .await;
        assert_eq!(
            listed.ok()["child"]["consents"],
            json!([{ "purpose": "SEARCH", "givenBy": "CHILD", "inForce": false,
                     "withdrawnOn": "2026-06-01", "evidence": "signed agreement, on file" }])
        );

        // Withdrawn once, it cannot be withdrawn again; a child's consent is not THE_PERSON's.
        let again = app
            .gql(&token, WITHDRAW, json!({ "input": { "id": withdrawn["id"], "version": 2, "withdrawnOn": "2026-06-02" } }))
            .await;
        assert_eq!(again.error("BAD_USER_INPUT")["extensions"]["field"], "id");
        let wrong = record(&app, &token, json!({ "childId": child, "personId": own, "purpose": "SEARCH",
            "givenBy": "THE_PERSON", "givenOn": "2026-07-01" })).await;
        assert_eq!(wrong.error("BAD_USER_INPUT")["extensions"]["field"], "givenBy");

        // Given again later, the later decision holds and the work goes on.
        record(&app, &token, json!({ "childId": child, "personId": own, "purpose": "SEARCH",
            "givenBy": "CHILD", "givenOn": "2026-07-01" })).await.ok();
        assert!(leads(&app, &token, "DEMO-002").await.contains(&"Florence Adeyemi".to_owned()));
        search(&app, &token, &child, &florence, "PUBLIC_RECORDS").await.ok();
    })
    .await;
}

#[tokio::test]
async fn a_relative_who_withdraws_contact_is_not_contacted_introduced_or_invited() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let (child, _, people) = demo_case(&app, &token, "DEMO-002").await;
        let florence = people["Florence Adeyemi"].clone();
        given_then_withdrawn(
            &app,
            &token,
            json!({ "childId": child, "personId": florence, "purpose": "CONTACT", "givenBy": "THE_PERSON",
                    "givenOn": "2026-02-01" }),
        )
        .await;

        // No call, letter, email or visit; a look at the records is still a search.
        for source in ["CALL", "LETTER", "EMAIL", "VISIT"] {
            search(&app, &token, &child, &florence, source).await.error("SAFEGUARDING");
        }
        search(&app, &token, &child, &florence, "CASE_FILE").await.ok();

        // Not a lead, no introduction to her, and not a conference candidate.
        assert!(!leads(&app, &token, "DEMO-002").await.contains(&"Florence Adeyemi".to_owned()));
        let answer = app
            .gql(
                &token,
                r#"query($id: ID!, $to: ID!) { child(id: $id) { network {
                    introductionPath(to: $to) { people { givenName } }
                    supportCandidates(size: 6, sharedWithBirthFamily: false) {
                      candidates { person { id } } excluded { person { id } reason mayStill } } } } }"#,
                json!({ "id": child, "to": florence }),
            )
            .await;
        let network = answer.ok()["child"]["network"].clone();
        assert_eq!(network["introductionPath"], Value::Null);
        let support = &network["supportCandidates"];
        assert!(
            support["candidates"].as_array().into_iter().flatten().all(|c| c["person"]["id"] != florence),
            "{support}"
        );
        let excluded: Vec<&Value> = support["excluded"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["person"]["id"] == florence)
            .collect();
        assert_eq!(excluded, [&json!({ "person": { "id": florence }, "reason": "NOT_CONSENTED", "mayStill": [] })]);

        // An invitation is refused, in any form, and nothing is written.
        let created = app
            .gql(
                &token,
                r#"mutation($input: CreateConferenceInput!) { createConference(input: $input) { conference { id } } }"#,
                json!({ "input": { "childId": child, "referredOn": "2026-11-01", "reason": "planning" } }),
            )
            .await;
        let conference = created.ok()["createConference"]["conference"]["id"].clone();
        for participation in ["IN_PERSON", "WRITTEN_VIEWS"] {
            let invited = app
                .gql(
                    &token,
                    r#"mutation($input: ProposeInvitationsInput!) { proposeInvitations(input: $input) { invitations { id } } }"#,
                    json!({ "input": { "conferenceId": conference, "people": [
                        { "personId": florence, "role": "FAMILY", "participation": participation, "reason": "asked" }] } }),
                )
                .await;
            invited.error("SAFEGUARDING");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM invitation WHERE person_id IN (SELECT id FROM person WHERE given_name = 'Florence')").await, 0);
    })
    .await;
}

#[tokio::test]
async fn contact_details_leave_in_no_file_once_sharing_them_is_refused() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let (child, _, people) = demo_case(&app, &token, "DEMO-001").await;
        let carol = people["Carol Hartley"].clone();
        let phone = "07700 900123";
        let csv = format!("/children/{child}/people.csv");
        let before = fetch(&app, Some(&token), &csv).await;
        assert_eq!(before.status, 200);
        assert!(
            before.body.contains(phone),
            "the details are shared until she says otherwise"
        );
        let conference = app
            .gql(
                &token,
                "query($id: ID!) { child(id: $id) { conferences { id } } }",
                json!({ "id": child }),
            )
            .await;
        let conference = string(&conference.ok()["child"]["conferences"][0]["id"]);
        let invitations = format!("/conferences/{conference}/invitations.csv");
        assert!(
            fetch(&app, Some(&token), &invitations)
                .await
                .body
                .contains(phone)
        );

        record(
            &app,
            &token,
            json!({ "childId": child, "personId": carol, "purpose": "SHARE_DETAILS",
            "decision": "REFUSED", "givenBy": "THE_PERSON", "givenOn": "2026-03-01" }),
        )
        .await
        .ok();

        for file in [
            "people.csv",
            "network.ged",
            "network.ged?version=5.5.1",
            "network.graphml",
            "network.json",
        ] {
            let answer = fetch(&app, Some(&token), &format!("/children/{child}/{file}")).await;
            assert_eq!(answer.status, 200, "{file}: {}", answer.body);
            assert!(
                !answer.body.contains(phone) && !answer.body.contains("carol.hartley@"),
                "{file}"
            );
            assert!(answer.body.contains("Carol"), "{file}: she is still in it");
        }
        // The conference documents too.
        for document in ["invitations.csv", "plan.html"] {
            let answer = fetch(
                &app,
                Some(&token),
                &format!("/conferences/{conference}/{document}"),
            )
            .await;
            assert_eq!(answer.status, 200, "{document}: {}", answer.body);
            assert!(!answer.body.contains(phone), "{document}");
            assert!(answer.body.contains("Carol"), "{document}");
        }
        // The team still reads them in kinmap itself.
        let seen = app
            .gql(
                &token,
                "query($id: ID!) { person(id: $id) { contact { phone } } }",
                json!({ "id": carol }),
            )
            .await;
        assert_eq!(seen.ok()["person"]["contact"]["phone"], phone);
    })
    .await;
}

#[tokio::test]
async fn a_council_may_require_consent_before_work_begins() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let admin = app.token(api::demo::ORGANISATION, "an-admin", &["admin"]);
        const SET: &str = r#"mutation($input: SetConsentPolicyInput!) { setConsentPolicy(input: $input) { required } }"#;
        let refused = app.gql(&token, SET, json!({ "input": { "required": ["SEARCH"] } })).await;
        refused.error("FORBIDDEN");
        let set = app
            .gql(&admin, SET, json!({ "input": { "required": ["INVITE_TO_FGC", "SEARCH"] } }))
            .await;
        assert_eq!(set.ok()["setConsentPolicy"]["required"], json!(["SEARCH", "INVITE_TO_FGC"]));
        let policy = app.gql(&token, "{ consentPolicy }", json!({})).await;
        assert_eq!(policy.ok()["consentPolicy"], json!(["SEARCH", "INVITE_TO_FGC"]));

        // Nobody has agreed yet: no search, no leads, and nobody to invite.
        let (child, own, people) = demo_case(&app, &token, "DEMO-002").await;
        let florence = people["Florence Adeyemi"].clone();
        assert!(leads(&app, &token, "DEMO-002").await.is_empty());
        let refused = search(&app, &token, &child, &florence, "CASE_FILE").await;
        assert!(string(&refused.error("SAFEGUARDING")["message"]).contains("council's policy"));
        let candidates = app
            .gql(
                &token,
                r#"query($id: ID!) { child(id: $id) { network { supportCandidates(size: 6, sharedWithBirthFamily: false) {
                    candidates { person { id } } excluded { reason } } } } }"#,
                json!({ "id": child }),
            )
            .await;
        let support = candidates.ok()["child"]["network"]["supportCandidates"].clone();
        assert_eq!(support["candidates"], json!([]), "{support}");
        assert!(support["excluded"].as_array().into_iter().flatten().any(|e| e["reason"] == "NOT_CONSENTED"));

        // With the child's agreement the search begins; with Florence's, she may be invited.
        record(&app, &token, json!({ "childId": child, "personId": own, "purpose": "SEARCH",
            "givenBy": "PARENTAL_RESPONSIBILITY", "givenOn": "2026-01-10" })).await.ok();
        search(&app, &token, &child, &florence, "CASE_FILE").await.ok();
        assert!(!leads(&app, &token, "DEMO-002").await.is_empty());
        record(&app, &token, json!({ "childId": child, "personId": florence, "purpose": "INVITE_TO_FGC",
            "givenBy": "THE_PERSON", "givenOn": "2026-01-10" })).await.ok();
        let again = app
            .gql(
                &token,
                r#"query($id: ID!) { child(id: $id) { network { supportCandidates(size: 6, sharedWithBirthFamily: false) {
                    candidates { person { id } } } } } }"#,
                json!({ "id": child }),
            )
            .await;
        let candidates = again.ok()["child"]["network"]["supportCandidates"]["candidates"].clone();
        assert_eq!(candidates, json!([{ "person": { "id": florence } }]));
        // A second consent while the first stands is refused; so is one for a stranger.
        let twice = record(&app, &token, json!({ "childId": child, "personId": florence, "purpose": "INVITE_TO_FGC",
            "givenBy": "THE_PERSON", "givenOn": "2026-02-10" })).await;
        assert_eq!(twice.error("BAD_USER_INPUT")["extensions"]["field"], "purpose");
        let stranger = record(&app, &token, json!({ "childId": child, "personId": crate::support::random_id(),
            "purpose": "CONTACT", "givenBy": "THE_PERSON", "givenOn": "2026-02-10" })).await;
        assert_eq!(stranger.error("BAD_USER_INPUT")["extensions"]["field"], "personId");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_event WHERE action = 'organisation.consent_policy'").await, 1);
    })
    .await;
}
