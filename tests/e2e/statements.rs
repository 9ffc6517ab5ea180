//! The number of SQL statements for a network query does not grow with the network.

use serde_json::json;
use tests::each_database;

use crate::support::{ORG, coordinator};

const NETWORK: &str = r#"query($id: ID!) { child(id: $id) { network {
  members { person { otherNames } }
  relationships { from { id } to { id } }
} } }"#;

#[tokio::test]
async fn a_network_of_500_costs_the_same_statements_as_one_of_10() {
    each_database(|app| async move {
        let token = coordinator(&app);
        app.gql(&token, "{ me { roles } }", json!({})).await.ok();
        let mut costs = Vec::new();
        for size in [10, 500] {
            let child = api::demo::synthetic(&app.state.db, ORG, "coordinator-1", size)
                .await
                .unwrap_or_else(|error| panic!("{error}"));
            let before = app.statements().await;
            let answer = app
                .gql(&token, NETWORK, json!({ "id": child.to_string() }))
                .await;
            let cost = app.statements().await - before;
            let members = answer.ok()["child"]["network"]["members"]
                .as_array()
                .map(Vec::len);
            assert_eq!(members, Some(size - 1));
            costs.push(cost);
        }
        assert_eq!(
            costs[0], costs[1],
            "statements for 10 and 500 people: {costs:?}"
        );
        assert!(costs[0] <= 8, "statements: {costs:?}");
    })
    .await;
}

const PAGE: &str = r#"query($id: ID!, $after: String) { child(id: $id) { network {
  membersConnection(first: 25, after: $after) {
    edges { cursor node { id person { displayName otherNames area } } }
    pageInfo { hasNextPage endCursor }
  }
} } }"#;

#[tokio::test]
async fn a_page_of_members_costs_the_same_statements_whatever_the_network_size() {
    each_database(|app| async move {
        let token = coordinator(&app);
        app.gql(&token, "{ me { roles } }", json!({})).await.ok();
        let mut costs = Vec::new();
        for size in [60, 500] {
            let child = api::demo::synthetic(&app.state.db, ORG, "coordinator-1", size)
                .await
                .unwrap_or_else(|error| panic!("{error}"));
            let before = app.statements().await;
            let answer = app
                .gql(&token, PAGE, json!({ "id": child.to_string() }))
                .await;
            costs.push(app.statements().await - before);
            let page = &answer.ok()["child"]["network"]["membersConnection"];
            assert_eq!(page["edges"].as_array().map(Vec::len), Some(25));
            assert_eq!(page["pageInfo"]["hasNextPage"], true);
        }
        assert_eq!(
            costs[0], costs[1],
            "statements for a page of 60 and of 500: {costs:?}"
        );
    })
    .await;
}
