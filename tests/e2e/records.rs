//! Records a council can stand behind: how long a child's records are kept, and who may
//! see what is due.

use serde_json::json;
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
