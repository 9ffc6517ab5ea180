//! The number of SQL statements for a network query does not grow with the network.

use serde_json::json;
use tests::{TestApp, each_database, each_database_with};

use crate::support::{ORG, coordinator};

const NETWORK: &str = r#"query($id: ID!) { child(id: $id) { network {
  members { person { otherNames } }
  relationships { from { id } to { id } }
} } }"#;

/// The statements `query` cost for the network of `child`, whose `size - 1` members it must
/// list.
async fn whole_network_cost(
    app: &TestApp,
    token: &str,
    query: &str,
    child: uuid::Uuid,
    size: usize,
) -> u64 {
    let before = app.statements().await;
    let answer = app
        .gql(token, query, json!({ "id": child.to_string() }))
        .await;
    let cost = app.statements().await - before;
    let members = answer.ok()["child"]["network"]["members"]
        .as_array()
        .map(Vec::len);
    assert_eq!(members, Some(size - 1));
    cost
}

/// A coordinator's token, with their user recorded (as their first request records it), so
/// that no statement counted below is the user's first sign-in.
async fn signed_in(app: &TestApp) -> String {
    let token = coordinator(app);
    app.gql(&token, "{ me { roles } }", json!({})).await.ok();
    token
}

/// A new child in the coordinator's caseload with a network of `size` people, the child
/// included.
async fn synthetic(app: &TestApp, size: usize) -> uuid::Uuid {
    api::demo::synthetic(&app.state.db, ORG, "coordinator-1", size)
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

#[tokio::test]
async fn a_network_of_500_costs_the_same_statements_as_one_of_10() {
    each_database(|app| async move {
        let token = signed_in(&app).await;
        let mut costs = Vec::new();
        for size in [10, 500] {
            let child = synthetic(&app, size).await;
            costs.push(whole_network_cost(&app, &token, NETWORK, child, size).await);
        }
        assert_eq!(
            costs[0], costs[1],
            "statements for 10 and 500 people: {costs:?}"
        );
        assert!(costs[0] <= 8, "statements: {costs:?}");
    })
    .await;
}

/// The peers' benchmark question (`bench/peers`): members with their names, birth date
/// and sex; relationships with both people's names.
const PEERS: &str = include_str!("../../bench/peers/kinmap.graphql");

/// The graph questions, which read the network for analysis.
const GRAPH: &str = r#"query($id: ID!) { child(id: $id) { network {
  health { members betweenness(first: 3) { score } }
  members { kinship { label } }
} } }"#;

/// The peers' question and the graph questions at once, as the page asks them.
const BOTH: &str = r#"query($id: ID!) { child(id: $id) { network {
  members { person { id givenName } kinship { label } }
  relationships { from { id } to { id } }
  health { members }
} } }"#;

#[tokio::test]
async fn the_peers_question_and_the_graph_questions_cost_the_same_statements_at_any_size() {
    // Each question reads its rows from the database, not from what the one before kept.
    each_database_with(
        |config| config.network_cache_mb = 0,
        |app| async move {
            let token = signed_in(&app).await;
            let mut costs: Vec<[u64; 3]> = Vec::new();
            for size in [10, 500] {
                let child = synthetic(&app, size).await;
                let mut cost = [0; 3];
                for (spent, query) in cost.iter_mut().zip([PEERS, GRAPH, BOTH]) {
                    *spent = whole_network_cost(&app, &token, query, child, size).await;
                }
                costs.push(cost);
            }
            assert_eq!(
                costs[0], costs[1],
                "statements for 10 and 500 people: {costs:?}"
            );
            let [peers, graph, both] = costs[0];
            // Asked together, the analysis reads no people or relationships of its own: only
            // the consents and, for growth, when each member joined.
            assert!(both <= peers + 2, "{costs:?}");
            assert!(both < peers + graph, "{costs:?}");
        },
    )
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
        let token = signed_in(&app).await;
        let mut costs = Vec::new();
        for size in [60, 500] {
            let child = synthetic(&app, size).await;
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

#[tokio::test]
async fn a_network_read_again_unchanged_reads_none_of_its_rows() {
    each_database(|app| async move {
        let token = signed_in(&app).await;
        let mut costs: Vec<[u64; 3]> = Vec::new();
        for size in [10, 500] {
            let child = synthetic(&app, size).await;
            let first = whole_network_cost(&app, &token, PEERS, child, size).await;
            let hits = app.metric("kinmap_network_cache_hits_total").await;
            let again = whole_network_cost(&app, &token, PEERS, child, size).await;
            assert_eq!(
                app.metric("kinmap_network_cache_hits_total").await,
                hits + 1,
                "the second read was not answered from the rows kept"
            );
            // A change to the network (here, the child's record) and it is read afresh.
            let version = app
                .gql(
                    &token,
                    "query($id: ID!) { child(id: $id) { version } }",
                    json!({ "id": child.to_string() }),
                )
                .await;
            let version = version.ok()["child"]["version"].clone();
            app.gql(
                &token,
                "mutation($input: UpdateChildInput!) { updateChild(input: $input) { child { id } } }",
                json!({ "input": { "id": child.to_string(), "version": version, "caseReference": format!("CHANGED-{size}") } }),
            )
            .await
            .ok();
            let changed = whole_network_cost(&app, &token, PEERS, child, size).await;
            costs.push([first, again, changed]);
        }
        assert_eq!(
            costs[0], costs[1],
            "statements for 10 and 500 people: {costs:?}"
        );
        let [first, again, changed] = costs[0];
        // The members, the people and the relationships are not read again, nor the
        // child's own person: only the child (with its caseload check and its network's
        // last event) and the access row.
        assert!(again + 3 <= first, "{costs:?}");
        assert_eq!(again, 2, "{costs:?}");
        assert_eq!(changed, first, "{costs:?}");
    })
    .await;
}
