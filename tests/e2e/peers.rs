//! The peers' benchmark data loaded through kinmap's bulk path (`kinmap seed-demo --peers`,
//! what `bench/peers/run` measures on): read from a database in the peers' own schema
//! (`bench/peers/schema.sql`), each authority becomes an organisation, a professional in
//! two networks stays one person, a repeated relationship is given another kind, and
//! every read after it is a normal read.

use sea_orm::{ConnectionTrait, Database};
use serde_json::json;
use tests::{Backend, POSTGRES_ENV, TestDatabase, each_database};

const SCHEMA: &str = include_str!("../../bench/peers/schema.sql");

const ROWS: &str = "
INSERT INTO local_authority (id, name) VALUES (1, 'County Council'), (2, 'Other Authority');
INSERT INTO person (id, given_name, family_name, birth_date, gender, phone, email) VALUES
  (1, 'Ava', 'Smith', '2012-03-04', 'female', NULL, NULL),
  (2, 'Mia', 'Smith', '1985-01-01', 'female', '07000000000', 'mia@example.org'),
  (3, 'Leo', 'Jones', '2013-05-06', 'male', NULL, NULL),
  (4, 'Sam', 'Khan', '1970-01-01', 'non-binary', NULL, 'staff@example.org'),
  (5, 'Ivy', 'Hall', '2014-01-01', 'unknown', NULL, NULL),
  (6, 'Jo', 'Hall', '1960-01-01', NULL, NULL, NULL);
INSERT INTO child (id, person_id, local_authority_id, case_reference) VALUES
  (1, 1, 1, 'CR-1'), (2, 3, 1, 'CR-2'), (3, 5, 2, 'CR-3');
INSERT INTO network_member (child_id, person_id, role) VALUES
  (1, 1, 'self'), (1, 2, 'family'), (1, 4, 'professional'),
  (2, 3, 'self'), (2, 4, 'professional'),
  (3, 5, 'self'), (3, 6, 'family');
INSERT INTO relationship (from_person_id, to_person_id, kind, status) VALUES
  (2, 1, 'mother', 'active'), (2, 1, 'father', 'lost'),
  (4, 1, 'social worker', 'active'), (4, 3, 'social worker', 'active'),
  (6, 5, 'grandparent', 'unknown');
";

const NETWORK: &str = r#"query($id: ID!) { child(id: $id) { caseReference network {
  members { connectionStatus side person { id givenName familyName birthDate sex } }
  relationships { kind confidence from { givenName } to { givenName } }
} } }"#;

/// A database in the peers' schema on the test server, with a few rows, dropped with the
/// value; `None` where no PostgreSQL server is named (CI always names one).
async fn source() -> Option<TestDatabase> {
    let Ok(server) = std::env::var(POSTGRES_ENV) else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must set {POSTGRES_ENV}: the peers' data is read from PostgreSQL"
        );
        eprintln!("skipped: no {POSTGRES_ENV} here (the peers' data lives in PostgreSQL)");
        return None;
    };
    let database = TestDatabase::create(&Backend::Postgres(server)).await;
    let peers = Database::connect(database.url())
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    for (what, sql) in [("schema", SCHEMA), ("rows", ROWS)] {
        peers
            .execute_unprepared(sql)
            .await
            .unwrap_or_else(|error| panic!("{what}: {error}"));
    }
    peers.close().await.ok();
    Some(database)
}

#[tokio::test]
async fn the_peers_data_loads_as_organisations_whose_networks_read_as_any_other() {
    let Some(database) = source().await else {
        return;
    };
    let source = database.url().to_owned();
    each_database(|app| {
        let source = source.clone();
        async move {
            let loaded = api::demo::peers(&app.state.db, &source, "coordinator-1")
                .await
                .unwrap_or_else(|error| panic!("{error}"));
            assert_eq!(
                (loaded.people, loaded.relationships, loaded.relabelled),
                (6, 5, 1)
            );
            let child = |reference: &str| {
                let child = loaded
                    .children
                    .iter()
                    .find(|child| child.case_reference == reference)
                    .unwrap_or_else(|| panic!("no {reference}"));
                (
                    child.organisation.clone(),
                    child.id.to_string(),
                    child.members,
                )
            };
            let (first_org, first, first_size) = child("CR-1");
            let (_, second, _) = child("CR-2");
            let (other_org, other, _) = child("CR-3");
            assert_eq!((first_org.as_str(), other_org.as_str()), ("la1", "la2"));
            assert_eq!(
                first_size, 2,
                "the child is not a member of their own network"
            );

            let county = app.token("la1", "coordinator-1", &["coordinator"]);
            let answer = app.gql(&county, NETWORK, json!({ "id": first })).await;
            let network = &answer.ok()["child"]["network"];
            let names: Vec<&str> = network["members"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|member| member["person"]["givenName"].as_str())
                .collect();
            assert_eq!(names, ["Mia", "Sam"]);
            assert_eq!(network["members"][0]["side"], "MATERNAL");
            assert_eq!(network["members"][1]["person"]["sex"], "OTHER");
            let mut kinds: Vec<&str> = network["relationships"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|tie| tie["kind"].as_str())
                .collect();
            kinds.sort_unstable();
            assert_eq!(kinds, ["OTHER", "PARENT", "PROFESSIONAL"]);

            let sam = |answer: &tests::Gql| {
                answer.ok()["child"]["network"]["members"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|member| member["person"]["givenName"] == "Sam")
                    .map(|member| member["person"]["id"].clone())
            };
            let theirs = app.gql(&county, NETWORK, json!({ "id": second })).await;
            assert!(sam(&answer).is_some());
            assert_eq!(sam(&answer), sam(&theirs), "one social worker, one person");

            let elsewhere = app.gql(&county, NETWORK, json!({ "id": other })).await;
            elsewhere.error("NOT_FOUND");
            let other_token = app.token("la2", "coordinator-1", &["coordinator"]);
            let theirs = app.gql(&other_token, NETWORK, json!({ "id": other })).await;
            let tie = &theirs.ok()["child"]["network"]["relationships"][0];
            assert_eq!(
                (&tie["kind"], &tie["confidence"], &tie["from"]["givenName"]),
                (&json!("OTHER"), &json!("POSSIBLE"), &json!("Jo"))
            );
        }
    })
    .await;
}
