//! The network's files: each format with its type and name, the same access and redaction
//! as GraphQL (and a protected person's whereabouts in no file at all), and each file read
//! by the tool its users have.

use std::{path::PathBuf, process::Command};

use serde_json::{Value, json};
use tests::each_database;

use crate::support::{Fetched, assign_in, demo, demo_child_people, fetch};

const FILES: [&str; 7] = [
    "network.ged",
    "network.ged?version=5.5.1",
    "network.graphml",
    "network.json",
    "network.dot",
    "people.csv",
    "relationships.csv",
];

async fn get(app: &tests::TestApp, token: Option<&str>, path: &str) -> Fetched {
    fetch(app, token, path).await
}

/// The demo child's id, its members' count and its relationships' count.
async fn demo_child(app: &tests::TestApp, token: &str) -> (String, usize, usize) {
    let answer = app
        .gql(
            token,
            r#"{ children(first: 1, filter: { caseReference: "DEMO-001" }) { edges { node { id
            network { members { id } relationships { id } } } } } }"#,
            json!({}),
        )
        .await;
    let node = answer.ok()["children"]["edges"][0]["node"].clone();
    let count = |list: &Value| list.as_array().map(Vec::len).unwrap_or_default();
    (
        node["id"].as_str().unwrap_or_default().to_owned(),
        count(&node["network"]["members"]),
        count(&node["network"]["relationships"]),
    )
}

#[tokio::test]
async fn every_file_of_the_network_comes_with_its_type_and_a_name_from_the_case() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let (child, members, relationships) = demo_child(&app, &token).await;
        let people = members + 1;
        for (file, kind) in FILES.into_iter().zip([
            "text/vnd.familysearch.gedcom; charset=utf-8",
            "application/x-gedcom; charset=utf-8",
            "application/graphml+xml; charset=utf-8",
            "application/vnd.jgf+json",
            "text/vnd.graphviz; charset=utf-8",
            "text/csv; charset=utf-8; header=present",
            "text/csv; charset=utf-8; header=present",
        ]) {
            let answer = get(&app, Some(&token), &format!("/children/{child}/{file}")).await;
            assert_eq!(
                (answer.status, answer.header("content-type").as_str()),
                (200, kind),
                "{file}: {}",
                answer.body
            );
            let disposition = answer.header("content-disposition");
            assert!(
                disposition.starts_with("attachment; filename=\"network-DEMO-001."),
                "{disposition}"
            );
        }
        let body = |file: &'static str| {
            let app = &app;
            let token = &token;
            let child = &child;
            async move {
                get(app, Some(token), &format!("/children/{child}/{file}"))
                    .await
                    .body
            }
        };
        let seven = body("network.ged").await;
        assert!(seven.starts_with("0 HEAD\n1 GEDC\n2 VERS 7.0\n"), "{seven}");
        assert_eq!(seven.matches(" INDI\n").count(), people);
        assert!(seven.ends_with("0 TRLR\n"));
        assert!(
            !seven.contains("CONC") && !seven.contains("1 CHAR"),
            "7.0 has neither"
        );
        let five = body("network.ged?version=5.5.1").await;
        assert!(
            five.contains("2 VERS 5.5.1\n2 FORM LINEAGE-LINKED\n1 CHAR UTF-8\n"),
            "{five}"
        );
        assert!(
            five.contains("1 NAME Carol /Pritchard/\n2 TYPE maiden\n"),
            "{five}"
        );
        assert!(seven.contains("1 NAME Carol /Pritchard/\n2 TYPE MAIDEN\n"));
        assert!(seven.contains("2 DATE 2 SEP 1966\n") && seven.contains("2 DATE MAY 1990\n"));
        assert!(
            seven.contains("2 PEDI FOSTER\n"),
            "the former foster carer's family"
        );

        let graphml = body("network.graphml").await;
        let document =
            roxmltree::Document::parse(&graphml).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            document
                .descendants()
                .filter(|n| n.has_tag_name("node"))
                .count(),
            people
        );
        assert_eq!(
            document
                .descendants()
                .filter(|n| n.has_tag_name("edge"))
                .count(),
            relationships
        );
        let graph: Value = serde_json::from_str(&body("network.json").await).unwrap_or_default();
        assert_eq!(
            graph["graph"]["nodes"].as_object().map(|n| n.len()),
            Some(people)
        );
        assert_eq!(
            graph["graph"]["edges"].as_array().map(Vec::len),
            Some(relationships)
        );
        let dot = body("network.dot").await;
        assert!(dot.starts_with("digraph \"DEMO-001\" {") && dot.trim_end().ends_with('}'));
        assert_eq!(dot.matches(" -> ").count(), relationships);

        let rows = |text: String| {
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let header: Vec<String> = reader
                .headers()
                .map(|h| h.iter().map(str::to_owned).collect())
                .unwrap_or_default();
            let rows: Vec<Vec<String>> = reader
                .records()
                .map(|r| {
                    r.map(|r| r.iter().map(str::to_owned).collect())
                        .unwrap_or_default()
                })
                .collect();
            (header, rows)
        };
        let (header, people_rows) = rows(body("people.csv").await);
        assert_eq!(header[0], "person_id");
        assert_eq!(people_rows.len(), people);
        let (header, relationship_rows) = rows(body("relationships.csv").await);
        assert_eq!(
            &header[..3],
            ["relationship_id", "from_person_id", "to_person_id"]
        );
        assert_eq!(relationship_rows.len(), relationships);
        let ids: Vec<&String> = people_rows.iter().map(|r| &r[0]).collect();
        assert!(
            relationship_rows
                .iter()
                .all(|r| ids.contains(&&r[1]) && ids.contains(&&r[2])),
            "the ids join"
        );

        // Not a file of ours, and a version GEDCOM does not have.
        assert_eq!(
            get(
                &app,
                Some(&token),
                &format!("/children/{child}/network.xls")
            )
            .await
            .status,
            404
        );
        let refused = get(
            &app,
            Some(&token),
            &format!("/children/{child}/network.ged?version=6"),
        )
        .await;
        assert_eq!(refused.status, 400, "{}", refused.body);
        assert!(refused.body.contains("version"));
    })
    .await;
}

#[tokio::test]
async fn no_file_carries_what_its_reader_may_not_see_nor_a_protected_persons_whereabouts() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let (child, people) = demo_child_people(&app, &token).await;
        let member = |given: &str| people[given].clone();
        let update = "mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { person { id } } }";
        // The mother's location is protected; her whereabouts are canaries.
        let jodie = member("Jodie");
        app.gql(&token, update, json!({ "input": { "id": jodie["id"], "version": jodie["version"],
            "address": "CANARY-ADDRESS", "area": "CANARY-AREA", "phone": "CANARY-PHONE", "email": "canary@example.com" } }))
            .await
            .ok();
        // A name a spreadsheet would run.
        let kelly = member("Kelly");
        app.gql(&token, update, json!({ "input": { "id": kelly["id"], "version": kelly["version"],
            "preferredName": "=HYPERLINK(\"http://example.com\")" } }))
            .await
            .ok();
        let manager = app.token(api::demo::ORGANISATION, "another-manager", &["manager"]);
        let reader = app.token(api::demo::ORGANISATION, "a-reader", &["viewer"]);
        assign_in(&app, api::demo::ORGANISATION, &child, "a-reader", "SOCIAL_WORKER").await;
        let outsider = app.token(api::demo::ORGANISATION, "unassigned", &["coordinator"]);
        for file in FILES {
            let path = format!("/children/{child}/{file}");
            // The child's own team too: a file goes where no policy follows it.
            for (who, token) in [("the coordinator", &token), ("a manager off the case", &manager), ("a reader", &reader)] {
                let answer = get(&app, Some(token), &path).await;
                assert_eq!(answer.status, 200, "{file}");
                assert!(answer.body.contains("Jodie") || file == "relationships.csv", "{file}");
                assert!(!answer.body.contains("CANARY") && !answer.body.contains("canary@"), "{file} for {who} carries the protected mother's whereabouts");
            }
            let hidden = get(&app, Some(&outsider), &path).await;
            let missing = get(&app, Some(&outsider), &format!("/children/{}/{file}", uuid::Uuid::now_v7())).await;
            assert_eq!((hidden.status, missing.status), (404, 404), "{file}");
            assert_eq!(hidden.body, missing.body);
            assert_eq!(get(&app, None, &path).await.status, 401);
        }
        let ged = get(&app, Some(&token), &format!("/children/{child}/network.ged")).await.body;
        let jodie_record = ged.split("\n0 ").find(|record| record.contains("1 NAME Jodie /Hartley/")).unwrap_or_default();
        assert!(jodie_record.contains("1 RESN CONFIDENTIAL"), "{jodie_record}");
        let five = get(&app, Some(&token), &format!("/children/{child}/network.ged?version=5.5.1")).await.body;
        assert!(five.contains("1 RESN confidential"));

        // Contact details by role: the coordinator's file has the grandmother's phone, the
        // reader's has none.
        let phone = "07700 900123";
        for file in ["people.csv", "network.graphml", "network.json"] {
            let path = format!("/children/{child}/{file}");
            assert!(get(&app, Some(&token), &path).await.body.contains(phone), "{file}");
            assert!(!get(&app, Some(&reader), &path).await.body.contains(phone), "{file}");
        }
        // The formula is text in the spreadsheet.
        let people = get(&app, Some(&token), &format!("/children/{child}/people.csv")).await.body;
        assert!(!people.contains(",=HYPERLINK") && !people.contains(",\"=HYPERLINK"), "{people}");
        assert!(people.contains("'=HYPERLINK"), "{people}");
    })
    .await;
}

/// The tools that read the files, as `.ci/run` installs them: a Python with `gedcom7`,
/// `networkx` and `jsonschema` (`KINMAP_PYTHON`), Graphviz's `dot` and Gramps. Outside CI
/// the test says it skips where one is missing; in CI a missing tool fails it.
fn tools() -> Option<PathBuf> {
    let python = std::env::var_os("KINMAP_PYTHON").map(PathBuf::from);
    let runs = |program: &str, argument: &str| {
        Command::new(program)
            .arg(argument)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let ready = python.as_ref().is_some_and(|p| p.exists())
        && runs("dot", "-V")
        && runs("gramps", "--version");
    if ready {
        return python;
    }
    assert!(
        std::env::var("CI").is_err(),
        "CI must have KINMAP_PYTHON (with gedcom7, networkx, jsonschema), dot and gramps"
    );
    eprintln!(
        "skipped: no KINMAP_PYTHON, dot or gramps here (.ci/run installs them); CI runs this test"
    );
    None
}

#[tokio::test]
async fn each_file_reads_cleanly_in_the_tool_its_users_have() {
    let Some(python) = tools() else {
        return;
    };
    each_database(|app| {
        let python = python.clone();
        async move {
            let token = demo(&app).await;
            let (child, members, relationships) = demo_child(&app, &token).await;
            let people = members + 1;
            let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
            for (file, name) in [
                ("network.ged", "network.ged"),
                ("network.ged?version=5.5.1", "network-5.5.1.ged"),
                ("network.graphml", "network.graphml"),
                ("network.json", "network.json"),
                ("network.dot", "network.dot"),
                ("people.csv", "people.csv"),
                ("relationships.csv", "relationships.csv"),
            ] {
                let answer = get(&app, Some(&token), &format!("/children/{child}/{file}")).await;
                assert_eq!(answer.status, 200);
                std::fs::write(dir.path().join(name), answer.body)
                    .unwrap_or_else(|error| panic!("{error}"));
            }
            // Graphviz draws the DOT.
            let drawn = Command::new("dot")
                .arg("-Tsvg")
                .arg(dir.path().join("network.dot"))
                .output()
                .unwrap_or_else(|error| panic!("{error}"));
            assert!(
                drawn.status.success(),
                "{}",
                String::from_utf8_lossy(&drawn.stderr)
            );
            assert!(String::from_utf8_lossy(&drawn.stdout).contains("<svg"));
            // Gramps imports the GEDCOM 5.5.1 and writes its own tree back out.
            let home = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
            let gramps_tree = dir.path().join("tree.gramps");
            let imported = Command::new("gramps")
                .env("HOME", home.path())
                .args(["-y", "-i"])
                .arg(dir.path().join("network-5.5.1.ged"))
                .arg("-e")
                .arg(&gramps_tree)
                .output()
                .unwrap_or_else(|error| panic!("{error}"));
            let said = String::from_utf8_lossy(&imported.stdout).into_owned()
                + &String::from_utf8_lossy(&imported.stderr);
            assert!(
                imported.status.success() && said.contains("No errors detected"),
                "{said}"
            );
            // The rest in Python.
            let checked = Command::new(&python)
                .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tools/check_exports.py"))
                .arg(dir.path())
                .arg(
                    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                        .join("fixtures/schemas/json-graph-schema_v2.json"),
                )
                .arg(&gramps_tree)
                .output()
                .unwrap_or_else(|error| panic!("{error}"));
            assert!(
                checked.status.success(),
                "{}",
                String::from_utf8_lossy(&checked.stderr)
            );
            let found: Value =
                serde_json::from_slice(&checked.stdout).unwrap_or_else(|error| panic!("{error}"));
            assert_eq!(found["gedcom_problems"], json!([]), "{found}");
            assert_eq!(found["gedcom_individuals"], json!(people), "{found}");
            assert_eq!(found["gedcom_confidential"], json!(1), "{found}");
            assert_eq!(found["gramps_people"], json!(people), "{found}");
            assert_eq!(
                found["gramps_families"], found["gedcom_families"],
                "{found}"
            );
            assert_eq!(found["graphml_nodes"], json!(people), "{found}");
            assert_eq!(found["graphml_edges"], json!(relationships), "{found}");
            assert_eq!(found["graphml_children"], json!(1), "{found}");
            for key in ["name", "kinship", "side", "circle", "status", "restriction"] {
                assert!(
                    found["graphml_keys"]
                        .as_array()
                        .is_some_and(|k| k.contains(&json!(key))),
                    "{key}: {found}"
                );
            }
            assert_eq!(
                (found["json_nodes"].clone(), found["json_edges"].clone()),
                (json!(people), json!(relationships))
            );
            assert_eq!(
                (
                    found["csv_people"].clone(),
                    found["csv_relationships"].clone()
                ),
                (json!(people), json!(relationships))
            );
            assert_eq!(found["csv_joined"], json!(true));
        }
    })
    .await;
}

#[tokio::test]
async fn a_gedcom_export_reads_back_as_the_same_people_and_ties() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let answer = app
            .gql(
                &token,
                r#"{ children(first: 1, filter: { caseReference: "DEMO-001" }) { edges { node { id
                network { members { person { id } } relationships { kind parentKind } } } } } }"#,
                json!({}),
            )
            .await;
        let node = answer.ok()["children"]["edges"][0]["node"].clone();
        let child = node["id"].as_str().unwrap_or_default().to_owned();
        let recorded = node["network"]["relationships"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let count = |kind: &str, parent: Option<&str>| {
            recorded
                .iter()
                .filter(|r| r["kind"] == kind && parent.is_none_or(|p| r["parentKind"] == p))
                .count()
        };
        for file in ["network.ged", "network.ged?version=5.5.1"] {
            let body = get(&app, Some(&token), &format!("/children/{child}/{file}"))
                .await
                .body;
            let document = api::imports::gedcom::read(body.as_bytes())
                .unwrap_or_else(|error| panic!("{file}: {error}"));
            let back = api::imports::mapping::network(&document);
            assert!(back.skipped.is_empty(), "{file}: {:?}", back.skipped);
            assert_eq!(
                back.people.len(),
                node["network"]["members"].as_array().map_or(0, Vec::len) + 1,
                "{file}"
            );
            let ties = |kind: entity::enums::RelationshipKind,
                        parent: Option<entity::enums::ParentKind>| {
                back.ties
                    .iter()
                    .filter(|t| t.kind == kind && (parent.is_none() || t.parent_kind == parent))
                    .count()
            };
            use entity::enums::{ParentKind as P, RelationshipKind as K};
            assert_eq!(
                ties(K::Partner, None),
                count("PARTNER", None),
                "{file}: partners"
            );
            assert_eq!(
                ties(K::Parent, Some(P::Birth)),
                count("PARENT", Some("BIRTH")),
                "{file}: birth parents"
            );
            if file == "network.ged" {
                // 7.0 keeps every way of being a parent; 5.5.1 has only birth, adopted and foster.
                for (kind, name) in [
                    (P::Adoptive, "ADOPTIVE"),
                    (P::Foster, "FOSTER"),
                    (P::Step, "STEP"),
                    (P::Guardian, "GUARDIAN"),
                ] {
                    assert_eq!(
                        ties(K::Parent, Some(kind)),
                        count("PARENT", Some(name)),
                        "{file}: {name}"
                    );
                }
            }
            for (kind, name) in [
                (K::Friend, "FRIEND"),
                (K::Teacher, "TEACHER"),
                (K::Professional, "PROFESSIONAL"),
            ] {
                assert_eq!(ties(kind, None), count(name, None), "{file}: {name}");
            }
            let carol = back
                .people
                .iter()
                .find(|p| p.given.as_deref() == Some("Carol"))
                .unwrap_or_else(|| panic!("no Carol"));
            assert_eq!(carol.born.as_deref(), Some("1966-09-02"));
            assert_eq!(
                carol.other_names,
                [(
                    "Carol Pritchard".to_owned(),
                    entity::enums::NameKind::Maiden
                )]
            );
            let jodie = back
                .people
                .iter()
                .find(|p| p.given.as_deref() == Some("Jodie"))
                .unwrap_or_else(|| panic!("no Jodie"));
            assert!(jodie.confidential, "{file}");
            assert!(back.people.iter().filter(|p| p.deceased).count() >= 5);
        }
    })
    .await;
}

#[tokio::test]
async fn a_csv_export_reads_back_as_the_same_people_and_ties() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let (child, members, relationships) = demo_child(&app, &token).await;
        let people = get(&app, Some(&token), &format!("/children/{child}/people.csv"))
            .await
            .body;
        let ties = get(
            &app,
            Some(&token),
            &format!("/children/{child}/relationships.csv"),
        )
        .await
        .body;
        let back = api::imports::csv::network(people.as_bytes(), ties.as_bytes())
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(
            back.skipped.is_empty() && back.warnings.is_empty(),
            "{:?} {:?}",
            back.skipped,
            back.warnings
        );
        assert_eq!(
            (back.people.len(), back.ties.len()),
            (members + 1, relationships)
        );
        assert_eq!(back.people.iter().filter(|p| p.child).count(), 1);
        let jodie = back
            .people
            .iter()
            .find(|p| p.given.as_deref() == Some("Jodie"))
            .unwrap_or_else(|| panic!("no Jodie"));
        assert!(jodie.confidential);
        let membership = jodie
            .membership
            .clone()
            .unwrap_or_else(|| panic!("no membership"));
        assert_eq!(
            membership.restriction,
            entity::enums::Restriction::DoNotDiscloseLocation
        );
        assert_eq!(membership.known_to_child_as.as_deref(), Some("Mum"));
    })
    .await;
}
