//! Finding lost connections on the demo family, as a coordinator would.

use serde_json::{Value, json};
use tests::each_database;

use crate::support::{demo, string};

const MIA: &str = r#"query($ref: String!) { children(first: 1, filter: { caseReference: $ref }) {
  edges { node { id network {
    members { person { id givenName familyName } connectionStatus
              kinship { label side paths { label distance people { givenName } } } }
    kinshipWarnings
  } } } } }"#;

fn member<'a>(members: &'a [Value], given: &str, family: &str) -> &'a Value {
    members
        .iter()
        .find(|m| m["person"]["givenName"] == given && m["person"]["familyName"] == family)
        .unwrap_or_else(|| panic!("no {given} {family} in the network"))
}

#[tokio::test]
async fn a_coordinator_reads_how_everyone_is_related_to_mia() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let answer = app.gql(&token, MIA, json!({ "ref": "DEMO-001" })).await;
        let network = &answer.ok()["children"]["edges"][0]["node"]["network"];
        let members = network["members"].as_array().cloned().unwrap_or_default();
        for (given, family, label) in [
            ("Jodie", "Hartley", "mother"),
            ("Samuel", "Okafor", "father"),
            ("Leo", "Hartley-Okafor", "brother"),
            ("Ruby", "Hartley", "maternal half-sister"),
            ("Carol", "Hartley", "maternal grandmother"),
            ("Kelly", "Mills", "maternal aunt"),
            ("Tyler", "Mills", "maternal first cousin"),
            ("Darren", "Fisher", "maternal first cousin once removed"),
            ("Ada", "Pritchard", "maternal great-great-grandmother"),
            ("Grace", "Okafor", "paternal grandmother"),
            ("Craig", "Benson", "mother's partner"),
            ("Sophie", "Benson", "step-sister"),
            ("Naomi", "Clarke", "father's partner"),
            ("Sian", "Hartley", "maternal aunt (by marriage)"),
            ("Anita", "Shah", "teacher"),
            ("Rita", "Kowalski", "maternal grandmother's neighbour"),
        ] {
            assert_eq!(
                member(&members, given, family)["kinship"]["label"],
                label,
                "{given} {family}"
            );
        }
        let carol = &member(&members, "Carol", "Hartley")["kinship"];
        assert_eq!(carol["side"], "MATERNAL");
        assert_eq!(
            carol["paths"][0]["people"],
            json!([{ "givenName": "Mia" }, { "givenName": "Jodie" }, { "givenName": "Carol" }])
        );
        assert_eq!(network["kinshipWarnings"], json!([]));
    })
    .await;
}

#[tokio::test]
async fn the_lost_aunt_is_reached_through_the_grandmother_and_cut_points_are_named() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let answer = app.gql(&token, MIA, json!({ "ref": "DEMO-001" })).await;
        let node = &answer.ok()["children"]["edges"][0]["node"];
        let members = node["network"]["members"].as_array().cloned().unwrap_or_default();
        let kelly = string(&member(&members, "Kelly", "Mills")["person"]["id"]);
        let dean = string(&member(&members, "Dean", "Walsh")["person"]["id"]);
        const PATH: &str = r#"query($id: ID!, $to: ID!) { child(id: $id) { network {
            introductionPath(to: $to) { cost people { givenName } }
            health { members byStatus { status count } cutPoints { person { givenName } cutOff { givenName } }
                     betweenness(first: 3) { person { givenName } score } growth { month added total } }
        } } }"#;
        let child = string(&node["id"]);
        let answer = app.gql(&token, PATH, json!({ "id": child, "to": kelly })).await;
        let network = &answer.ok()["child"]["network"];
        // Her sister Jodie is cut off from her, and Jodie, whose location must not be
        // disclosed, brokers no introduction; her mother Carol, in touch with Mia herself, is
        // close to her.
        assert_eq!(
            network["introductionPath"]["people"],
            json!([{ "givenName": "Mia" }, { "givenName": "Carol" }, { "givenName": "Kelly" }])
        );
        let central = network["health"]["betweenness"].as_array().cloned().unwrap_or_default();
        assert!(!central.is_empty());
        assert!(central.iter().all(|b| b["person"]["givenName"] != "Mia"), "{central:?}");
        let health = &network["health"];
        assert_eq!(health["members"], members.len());
        let lorraine = health["cutPoints"]
            .as_array()
            .and_then(|points| points.iter().find(|p| p["person"]["givenName"] == "Lorraine"))
            .cloned()
            .unwrap_or(Value::Null);
        assert_eq!(lorraine["cutOff"], json!([{ "givenName": "Darren" }, { "givenName": "Kai" }]));
        // Everyone was added when the demo was loaded: one month, all of them.
        assert_eq!(health["growth"].as_array().map(Vec::len), Some(1));
        assert_eq!(health["growth"][0]["added"], members.len());
        // Nobody is offered a route to a person the child must have no contact with.
        let to_dean = app.gql(&token, PATH, json!({ "id": child, "to": dean })).await;
        assert_eq!(to_dean.ok()["child"]["network"]["introductionPath"], Value::Null);
    })
    .await;
}

#[tokio::test]
async fn gaps_name_what_is_missing_with_a_next_step() {
    each_database(|app| async move {
        let token = demo(&app).await;
        const GAPS: &str = r#"query($ref: String!) { children(first: 1, filter: { caseReference: $ref }) {
            edges { node { network { members { id } gaps { kind side size target nextStep } } } } } }"#;
        let mia = app.gql(&token, GAPS, json!({ "ref": "DEMO-001" })).await;
        assert_eq!(mia.ok()["children"]["edges"][0]["node"]["network"]["gaps"], json!([]));
        let ruby = app.gql(&token, GAPS, json!({ "ref": "DEMO-003" })).await;
        let network = &ruby.ok()["children"]["edges"][0]["node"]["network"];
        let size = network["members"].as_array().map(Vec::len).unwrap_or_default();
        assert_eq!(network["gaps"][0]["kind"], "BELOW_TARGET");
        assert_eq!(network["gaps"][0]["size"], size);
        assert_eq!(network["gaps"][0]["target"], 40);
        assert!(network["gaps"][0]["nextStep"].as_str().is_some_and(|s| s.contains("Family Finding")));
        assert_eq!(network["gaps"].as_array().map(Vec::len), Some(1), "{network}");
        let bad = app
            .gql(&token, r#"{ children(first: 1) { edges { node { network { gaps(targetSize: 0) { kind } } } } } }"#, json!({}))
            .await;
        assert_eq!(bad.error("BAD_USER_INPUT")["extensions"]["field"], "targetSize");
    })
    .await;
}

const LEADS: &str = r#"query($ref: String!) { children(first: 1, filter: { caseReference: $ref }) {
    edges { node { id network { leads(first: 100) {
        person { id givenName familyName } reasons relation route { people { givenName } }
        searches { source outcome searchedOn }
    } } } } } }"#;

fn lead<'a>(leads: &'a [Value], given: &str, family: &str) -> Option<&'a Value> {
    leads
        .iter()
        .find(|l| l["person"]["givenName"] == given && l["person"]["familyName"] == family)
}

#[tokio::test]
async fn a_siblings_relative_is_offered_as_a_lead_only_to_those_who_may_see_them() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let answer = app.gql(&token, LEADS, json!({ "ref": "DEMO-002" })).await;
        let node = &answer.ok()["children"]["edges"][0]["node"];
        let leads = node["network"]["leads"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        // Kelly is in Mia's network, not Leo's: her mother Carol is in both.
        let kelly =
            lead(&leads, "Kelly", "Mills").unwrap_or_else(|| panic!("no Kelly in {leads:?}"));
        assert_eq!(kelly["reasons"], json!(["NOT_IN_NETWORK"]));
        assert_eq!(kelly["relation"], "maternal aunt");
        assert!(
            lead(&leads, "Tyler", "Mills").is_some(),
            "her son, two steps out"
        );
        // Florence is lost to Leo; his father and grandmother are in touch.
        let florence = lead(&leads, "Florence", "Adeyemi").unwrap_or_else(|| panic!("{leads:?}"));
        assert_eq!(florence["reasons"][0], "LOST_WITH_ROUTE");
        assert_eq!(florence["route"]["people"][0]["givenName"], "Leo");
        // What has been tried shows with the lead, and an old search is called stale.
        let recorded = app
            .gql(
                &token,
                r#"mutation($input: RecordSearchActivityInput!) { recordSearchActivity(input: $input) { searchActivity { id } } }"#,
                json!({ "input": { "childId": node["id"], "personId": florence["person"]["id"], "source": "RELATIVE",
                                   "searchedOn": "2025-01-05", "outcome": "NOT_FOUND" } }),
            )
            .await;
        recorded.ok();
        let again = app.gql(&token, LEADS, json!({ "ref": "DEMO-002" })).await;
        let again = again.ok()["children"]["edges"][0]["node"]["network"]["leads"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let florence = lead(&again, "Florence", "Adeyemi").cloned().unwrap_or_default();
        assert_eq!(florence["reasons"], json!(["LOST_WITH_ROUTE", "STALE_SEARCH"]));
        assert_eq!(
            florence["searches"],
            json!([{ "source": "RELATIVE", "outcome": "NOT_FOUND", "searchedOn": "2025-01-05" }])
        );
        // Nobody under a no-contact order, nobody dead.
        assert!(lead(&leads, "Dean", "Walsh").is_none());
        assert!(lead(&leads, "Emmanuel", "Okafor").is_none());

        // A practitioner on Leo's case alone cannot see Kelly, so she is no lead for them.
        let child = string(&node["id"]);
        crate::support::assign_in(
            &app,
            api::demo::ORGANISATION,
            &child,
            "leo-only",
            "COORDINATOR",
        )
        .await;
        let other = app.token(api::demo::ORGANISATION, "leo-only", &["coordinator"]);
        let answer = app.gql(&other, LEADS, json!({ "ref": "DEMO-002" })).await;
        let leads = answer.ok()["children"]["edges"][0]["node"]["network"]["leads"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(lead(&leads, "Kelly", "Mills").is_none(), "{leads:?}");
        assert!(lead(&leads, "Florence", "Adeyemi").is_some());
    })
    .await;
}

#[tokio::test]
async fn the_grandmother_recorded_twice_is_offered_as_a_duplicate() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let answer = app
            .gql(
                &token,
                "{ duplicateCandidates(first: 10) { score reasons a { givenName familyName } b { givenName familyName } } }",
                json!({}),
            )
            .await;
        let candidates = answer.ok()["duplicateCandidates"].as_array().cloned().unwrap_or_default();
        let names = |c: &Value| {
            let mut pair = [c["a"]["givenName"].clone(), c["b"]["givenName"].clone()];
            pair.sort_by_key(|v| v.to_string());
            pair
        };
        let carol = candidates
            .iter()
            .find(|c| names(c) == [json!("Carol"), json!("Caroline")])
            .unwrap_or_else(|| panic!("no Carol/Caroline in {candidates:?}"));
        assert!(carol["score"].as_f64().is_some_and(|s| s >= 0.75));
        assert!(carol["reasons"].as_array().is_some_and(|r| r.contains(&json!("birth dates agree"))));
        // Another organisation sees none of these people.
        let stranger = app.token("elsewhere", "someone", &["admin"]);
        let none = app.gql(&stranger, "{ duplicateCandidates { score } }", json!({})).await;
        assert_eq!(none.ok()["duplicateCandidates"], json!([]));
    })
    .await;
}

#[tokio::test]
async fn the_duplicate_grandmother_is_merged_and_the_merge_undone() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let search = |name: &'static str| {
            let app = &app;
            let token = token.clone();
            async move {
                let answer = app
                    .gql(&token, "query($q: String!) { searchPeople(query: $q) { id givenName birthDate otherNames } }", json!({ "q": name }))
                    .await;
                answer.ok()["searchPeople"].as_array().cloned().unwrap_or_default()
            }
        };
        let carol = search("carol hartley").await.into_iter().find(|p| p["givenName"] == "Carol").unwrap_or_default();
        let caroline = search("caroline hartley").await.into_iter().find(|p| p["givenName"] == "Caroline").unwrap_or_default();
        let (carol_id, caroline_id) = (string(&carol["id"]), string(&caroline["id"]));
        const RUBY: &str = r#"{ children(first: 1, filter: { caseReference: "DEMO-003" }) { edges { node { network {
            members { person { givenName familyName } knownToChildAs } } } } } }"#;
        let members = |answer: &tests::Gql| -> Vec<(String, Value)> {
            answer.ok()["children"]["edges"][0]["node"]["network"]["members"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|m| (format!("{} {}", m["person"]["givenName"].as_str().unwrap_or(""), m["person"]["familyName"].as_str().unwrap_or("")), m["knownToChildAs"].clone()))
                .collect()
        };
        let before = members(&app.gql(&token, RUBY, json!({})).await);
        assert!(before.iter().any(|(name, _)| name == "Caroline Hartley"));

        const MERGE: &str = "mutation($input: MergePeopleInput!) { mergePeople(input: $input) { person { id otherNames } } }";
        let itself = app.gql(&token, MERGE, json!({ "input": { "keepId": carol_id, "mergeId": carol_id } })).await;
        assert_eq!(itself.error("BAD_USER_INPUT")["extensions"]["field"], "mergeId");
        let elsewhere_token = app.token("elsewhere", "c", &["coordinator"]);
        let (_, foreign) = crate::support::create_child(&app, &elsewhere_token, "E-1").await;
        let across = app.gql(&token, MERGE, json!({ "input": { "keepId": carol_id, "mergeId": foreign } })).await;
        assert_eq!(across.error("BAD_USER_INPUT")["extensions"]["field"], "mergeId");

        let merged = app.gql(&token, MERGE, json!({ "input": { "keepId": carol_id, "mergeId": caroline_id } })).await;
        let other_names = merged.ok()["mergePeople"]["person"]["otherNames"].clone();
        assert_eq!(other_names, json!(["Carol Pritchard", "Caroline Hartley"]));
        let after = members(&app.gql(&token, RUBY, json!({})).await);
        assert!(!after.iter().any(|(name, _)| name == "Caroline Hartley"), "{after:?}");
        assert_eq!(after.len(), before.len() - 1, "Carol was already in Ruby's network");
        app.gql(&token, "query($id: ID!) { person(id: $id) { id } }", json!({ "id": caroline_id })).await.error("NOT_FOUND");
        // Found by her other name now.
        assert!(search("caroline").await.iter().any(|p| p["givenName"] == "Carol"));

        let undone = app
            .gql(&token, "mutation($input: UnmergePeopleInput!) { unmergePeople(input: $input) { person { givenName } } }", json!({ "input": { "mergedId": caroline_id } }))
            .await;
        assert_eq!(undone.ok()["unmergePeople"]["person"]["givenName"], "Caroline");
        let restored = members(&app.gql(&token, RUBY, json!({})).await);
        let mut restored_sorted = restored.clone();
        restored_sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let mut before_sorted = before.clone();
        before_sorted.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(restored_sorted, before_sorted);
        let carol_now = app.gql(&token, "query($id: ID!) { person(id: $id) { otherNames } }", json!({ "id": carol_id })).await;
        assert_eq!(carol_now.ok()["person"]["otherNames"], json!(["Carol Pritchard"]));
        let again = app
            .gql(&token, "mutation($input: UnmergePeopleInput!) { unmergePeople(input: $input) { person { id } } }", json!({ "input": { "mergedId": caroline_id } }))
            .await;
        again.error("BAD_USER_INPUT");
    })
    .await;
}

#[tokio::test]
async fn every_demo_member_on_a_side_of_the_family_is_related_to_that_child() {
    each_database(|app| async move {
        let token = demo(&app).await;
        for reference in ["DEMO-001", "DEMO-002", "DEMO-003"] {
            let answer = app
                .gql(
                    &token,
                    r#"query($ref: String!) { children(first: 1, filter: { caseReference: $ref }) { edges { node { network {
                        members { person { givenName familyName } side kinship { label } } } } } } }"#,
                    json!({ "ref": reference }),
                )
                .await;
            let members = answer.ok()["children"]["edges"][0]["node"]["network"]["members"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert!(!members.is_empty());
            let unrelated: Vec<String> = members
                .iter()
                .filter(|m| m["side"] != "NONE" && m["kinship"].is_null())
                .map(|m| format!("{} {} ({})", m["person"]["givenName"], m["person"]["familyName"], m["side"]))
                .collect();
            assert!(unrelated.is_empty(), "{reference}: on a side of the family but no relative: {unrelated:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn the_demo_reads_right_to_a_coordinator() {
    each_database(|app| async move {
        let token = demo(&app).await;
        for reference in ["DEMO-001", "DEMO-002", "DEMO-003"] {
            let answer = app
                .gql(
                    &token,
                    r#"query($ref: String!) { children(first: 1, filter: { caseReference: $ref }) { edges { node { network {
                        members { person { id givenName } connectionStatus }
                        leads(first: 100) { rank score reasons relation person { givenName } }
                        health { unreachable { id givenName } betweenness(first: 100) { person { id givenName deceased } } }
                    } } } } }"#,
                    json!({ "ref": reference }),
                )
                .await;
            let network = &answer.ok()["children"]["edges"][0]["node"]["network"];
            let list = |value: &Value| value.as_array().cloned().unwrap_or_default();
            // Whoever is in touch with the child has a route to the child.
            let in_touch: Vec<Value> = list(&network["members"])
                .into_iter()
                .filter(|m| m["connectionStatus"] == "ACTIVE" || m["connectionStatus"] == "REESTABLISHED")
                .map(|m| m["person"]["id"].clone())
                .collect();
            for group in list(&network["health"]["unreachable"]) {
                for person in list(&group) {
                    assert!(!in_touch.contains(&person["id"]), "{reference}: {} is in touch but unreachable", person["givenName"]);
                }
            }
            // Ranks are places; a relative recorded elsewhere is family.
            let leads = list(&network["leads"]);
            let ranks: Vec<i64> = leads.iter().filter_map(|l| l["rank"].as_i64()).collect();
            assert_eq!(ranks, (1..=i64::try_from(leads.len()).unwrap_or(0)).collect::<Vec<_>>(), "{reference}");
            for lead in leads.iter().filter(|l| l["reasons"].as_array().is_some_and(|r| r.contains(&json!("NOT_IN_NETWORK")))) {
                let relation = lead["relation"].as_str().unwrap_or_default();
                let social = ["friend", "teacher", "mentor", "professional", "neighbour", "connection", "carer"];
                assert!(!social.iter().any(|word| relation.contains(word)), "{reference}: {} offered as a relative: {relation}", lead["person"]["givenName"]);
            }
            for ranked in list(&network["health"]["betweenness"]) {
                assert_ne!(ranked["person"]["deceased"], true, "{reference}: {ranked}");
            }
        }
    })
    .await;
}
