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
                    .gql(&token, CANDIDATES, json!({ "ref": "DEMO-001", "size": size, "shared": shared }))
                    .await;
                answer.ok()["children"]["edges"][0]["node"]["network"]["supportCandidates"].clone()
            }
        };
        let private = ask(6, false).await;
        let candidates = private["candidates"].as_array().cloned().unwrap_or_default();
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
        let carol = candidates.iter().find(|c| name(c) == "Carol Hartley").cloned().unwrap_or_default();
        assert_eq!(carol["relation"], "maternal grandmother");
        assert!(carol["reasons"].as_str().unwrap_or_default().contains("offers emotional support, respite"), "{carol}");

        // The father under a no-contact order is left out, and may still give his views.
        let excluded = private["excluded"].as_array().cloned().unwrap_or_default();
        let dean = excluded.iter().find(|e| name(e) == "Dean Walsh").cloned().unwrap_or_default();
        assert_eq!(dean["reason"], "NO_CONTACT");
        assert_eq!(dean["mayStill"], json!(["SEPARATE_SESSION", "WRITTEN_VIEWS"]));
        assert!(!candidates.iter().any(|c| name(c) == "Dean Walsh"));

        // The list covers both sides of the family.
        let suggested = private["suggested"].as_array().cloned().unwrap_or_default();
        assert_eq!(suggested.len(), 6);
        let side_of = |who: &str| candidates.iter().find(|c| name(c) == who).map(|c| c["side"].clone());
        let sides: Vec<Value> = suggested.iter().filter_map(|s| side_of(&name(s))).collect();
        assert!(sides.contains(&json!("MATERNAL")) && sides.contains(&json!("PATERNAL")), "{suggested:?}");
        assert!(suggested[0]["why"].as_str().unwrap_or_default().starts_with("the best placed on the maternal side"));

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
        assert!(!shared["suggested"].as_array().into_iter().flatten().any(|s| name(s) == "Jodie Hartley"));
    })
    .await;
}

#[tokio::test]
async fn a_suggested_list_of_no_one_is_refused_with_the_field_named() {
    each_database(|app| async move {
        let token = demo(&app).await;
        for size in [0, 101] {
            let answer = app
                .gql(&token, CANDIDATES, json!({ "ref": "DEMO-001", "size": size, "shared": false }))
                .await;
            assert_eq!(answer.error("BAD_USER_INPUT")["extensions"]["field"], "size");
        }
    })
    .await;
}
