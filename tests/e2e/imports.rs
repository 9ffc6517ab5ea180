//! Files into a network: a GEDCOM family tree over the multipart convention, once, with
//! the kinship a genealogist would give it; a dry run that writes nothing; the same file
//! again changing nothing and a newer one changing what it changed; people already held
//! linked, and the link undone like a merge; a protected person's location protected; and
//! a bad file refused whole.

use std::collections::HashMap;

use serde_json::{Value, json};
use tests::{Gql, TestApp, each_database, fixture};

use crate::support::{add_person, coordinator, create_child, string};

const IMPORT: &str = r#"
mutation($input: ImportNetworkInput!) {
  importNetwork(input: $input) {
    dryRun
    people { created matched updated unchanged }
    relationships { created matched updated unchanged }
    members { created matched updated unchanged }
    links { record line personId name score reasons notLinked importedId }
    warnings { line message }
    skipped { line message }
  }
}"#;

async fn import(
    app: &TestApp,
    token: &str,
    child: &str,
    file: (&str, Vec<u8>),
    child_record: Option<&str>,
    dry_run: bool,
) -> Gql {
    app.upload(
        token,
        IMPORT,
        json!({ "input": {
            "childId": child,
            "file": null,
            "format": "GEDCOM",
            "childRecord": child_record,
            "dryRun": dry_run,
        }}),
        vec![("variables.input.file", file.0, file.1)],
    )
    .await
}

/// Imports `text` as the GEDCOM file it names, with `child_record` as the child.
async fn import_text(
    app: &TestApp,
    token: &str,
    child: &str,
    (name, text): (&str, &str),
    child_record: &str,
    dry_run: bool,
) -> Gql {
    let file = (name, text.as_bytes().to_vec());
    import(app, token, child, file, Some(child_record), dry_run).await
}

fn royal92() -> (&'static str, Vec<u8>) {
    let path = fixture("gedcom/samples/royal92.ged");
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{path:?}: {error}"));
    ("royal92.ged", bytes)
}

fn tally(report: &Value, kind: &str) -> [i64; 4] {
    let of = |field: &str| report[kind][field].as_i64().unwrap_or(-1);
    [of("created"), of("matched"), of("updated"), of("unchanged")]
}

/// A child's network members, with their kinship.
async fn member_list(app: &TestApp, token: &str, child: &str) -> Vec<Value> {
    let answer = app
        .gql(
            token,
            r#"query($id: ID!) { node(id: $id) { ... on Child { network { members {
              id side connectionStatus restriction restrictionReason foundVia
              kinship { label side }
              person { id givenName familyName otherNames birthDate area }
            } } } } }"#,
            json!({ "id": child }),
        )
        .await;
    answer.ok()["node"]["network"]["members"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// A child's network members by full name (given and family), with their kinship; of
/// several with one name, the last.
async fn members(app: &TestApp, token: &str, child: &str) -> HashMap<String, Value> {
    member_list(app, token, child)
        .await
        .into_iter()
        .map(|member| {
            let part = |field: &str| member["person"][field].as_str().unwrap_or("").to_owned();
            (
                format!("{} {}", part("givenName"), part("familyName")),
                member,
            )
        })
        .collect()
}

fn label(members: &HashMap<String, Value>, name: &str) -> (String, String) {
    let member = members
        .get(name)
        .unwrap_or_else(|| panic!("{name} is not in the network"));
    (string(&member["kinship"]["label"]), string(&member["side"]))
}

#[tokio::test]
async fn a_family_tree_joins_the_network_once_with_the_kinship_a_genealogist_gives_it() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "ROYAL-1").await;

        let planned = import(&app, &token, &child, royal92(), Some("@I115@"), true).await;
        let report = &planned.ok()["importNetwork"];
        assert_eq!(report["dryRun"], json!(true));
        // 3,010 people in the file, one of them the child.
        assert_eq!(tally(report, "people"), [3009, 0, 0, 0]);
        assert_eq!(tally(report, "members"), [3009, 0, 0, 0]);
        let relationships = tally(report, "relationships");
        assert!(relationships[0] > 4000, "{relationships:?}");
        // Dates kinmap cannot hold are reported with their lines, never silently dropped.
        let skipped = report["skipped"].as_array().cloned().unwrap_or_default();
        assert!(
            skipped.iter().any(|line| line["line"].as_i64() > Some(0)
                && string(&line["message"]).contains("birth date")),
            "{skipped:?}"
        );
        assert!(
            members(&app, &token, &child).await.is_empty(),
            "a dry run wrote"
        );

        let imported = import(&app, &token, &child, royal92(), Some("@I115@"), false).await;
        let report = &imported.ok()["importNetwork"];
        assert_eq!(report["dryRun"], json!(false));
        assert_eq!(tally(report, "people"), [3009, 0, 0, 0]);
        assert_eq!(tally(report, "relationships"), relationships);
        let list = member_list(&app, &token, &child).await;
        assert_eq!(list.len(), 3009);
        assert!(
            list.iter().all(
                |member| member["connectionStatus"] == json!("NOT_YET_CONTACTED")
                    && string(&member["foundVia"]) == "imported from royal92.ged"
            ),
            "an imported person joined as something other than not yet contacted"
        );
        let network = members(&app, &token, &child).await;
        // William (@I115@) is the child; his family as a genealogist would name it.
        for (name, expected, side) in [
            ("Charles Philip Arthur Windsor", "father", "PATERNAL"),
            ("Diana Frances Spencer", "mother", "MATERNAL"),
            ("Henry Charles Albert Windsor", "brother", "NONE"),
            (
                "Elizabeth_II Alexandra Mary Windsor",
                "paternal grandmother",
                "PATERNAL",
            ),
            ("Philip Mountbatten", "paternal grandfather", "PATERNAL"),
            (
                "Edward John VIII Spencer",
                "maternal grandfather",
                "MATERNAL",
            ),
            ("Anne Elizabeth Alice Windsor", "paternal aunt", "PATERNAL"),
            (
                "Peter Mark Andrew Phillips",
                "paternal first cousin",
                "PATERNAL",
            ),
        ] {
            assert_eq!(
                label(&network, name),
                (expected.to_owned(), side.to_owned()),
                "{name}"
            );
        }

        // The same file again changes nothing.
        let again = import(&app, &token, &child, royal92(), Some("@I115@"), false).await;
        let report = &again.ok()["importNetwork"];
        assert_eq!(tally(report, "people"), [0, 0, 0, 3009]);
        assert_eq!(tally(report, "relationships")[0], 0);
        assert_eq!(member_list(&app, &token, &child).await.len(), 3009);
    })
    .await;
}

const FAMILY: &str = "0 HEAD
1 GEDC
2 VERS 7.0
0 @C@ INDI
1 NAME Mia /Hartley/
1 SEX F
1 FAMC @F1@
0 @M@ INDI
1 NAME Jodie /Hartley/
1 SEX F
1 BIRT
2 DATE 1990
1 RESN CONFIDENTIAL
1 FAMS @F1@
0 @G@ INDI
1 NAME Margaret /Hartley/
1 SEX F
1 BIRT
2 DATE 12 MAR 1962
1 FAMS @F2@
0 @F1@ FAM
1 WIFE @M@
1 CHIL @C@
0 @F2@ FAM
1 WIFE @G@
1 CHIL @M@
0 TRLR
";

#[tokio::test]
async fn a_newer_file_changes_what_it_changed_and_a_confidential_record_keeps_its_location() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "FILE-1").await;
        let first = import_text(&app, &token, &child, ("family.ged", FAMILY), "@C@", false).await;
        assert_eq!(tally(&first.ok()["importNetwork"], "people"), [2, 0, 0, 0]);
        let network = members(&app, &token, &child).await;
        let jodie = &network["Jodie Hartley"];
        assert_eq!(jodie["restriction"], json!("DO_NOT_DISCLOSE_LOCATION"));
        assert_eq!(
            label(&network, "Jodie Hartley"),
            ("mother".into(), "MATERNAL".into())
        );
        assert_eq!(
            label(&network, "Margaret Hartley"),
            ("maternal grandmother".into(), "MATERNAL".into())
        );

        // A practitioner records where Margaret lives; the newer file corrects her birth.
        let margaret = network["Margaret Hartley"]["person"].clone();
        let changed = app
            .gql(
                &token,
                r#"mutation($input: UpdatePersonInput!) { updatePerson(input: $input) {
                  person { version } } }"#,
                json!({ "input": {
                    "id": margaret["id"], "version": 1, "area": "Leeds",
                }}),
            )
            .await;
        changed.ok();
        let newer = FAMILY.replace("2 DATE 12 MAR 1962", "2 DATE 14 MAR 1962");
        let second = import_text(&app, &token, &child, ("family.ged", &newer), "@C@", false).await;
        let report = &second.ok()["importNetwork"];
        assert_eq!(tally(report, "people"), [0, 0, 1, 1]);
        let network = members(&app, &token, &child).await;
        let margaret = &network["Margaret Hartley"]["person"];
        assert_eq!(
            (string(&margaret["birthDate"]), string(&margaret["area"])),
            ("1962-03-14".to_owned(), "Leeds".to_owned()),
            "the newer file's change, and the practitioner's kept"
        );
        assert_eq!(network.len(), 2);
    })
    .await;
}

#[tokio::test]
async fn someone_already_held_is_linked_and_the_link_undone_like_a_merge() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (sibling, _) = create_child(&app, &token, "SIB-1").await;
        let (_, nan) = add_person(
            &app,
            &token,
            &sibling,
            json!({
                "givenName": "Margaret", "familyName": "Hartley", "sex": "FEMALE",
                "birthDate": "1962-03-12",
            }),
            json!({ "connectionStatus": "ACTIVE", "side": "MATERNAL", "circle": "INNER" }),
        )
        .await;
        let (child, _) = create_child(&app, &token, "SIB-2").await;
        let imported =
            import_text(&app, &token, &child, ("family.ged", FAMILY), "@C@", false).await;
        let report = &imported.ok()["importNetwork"];
        assert_eq!(tally(report, "people"), [1, 1, 0, 0]);
        let links = report["links"].as_array().cloned().unwrap_or_default();
        assert_eq!(links.len(), 1, "{links:?}");
        let link = &links[0];
        assert_eq!(
            (string(&link["record"]), string(&link["personId"])),
            ("@G@".to_owned(), nan.clone())
        );
        assert!(link["notLinked"].is_null(), "{link}");
        // One person in both networks, the grandmother of each.
        let network = members(&app, &token, &child).await;
        assert_eq!(string(&network["Margaret Hartley"]["person"]["id"]), nan);
        assert_eq!(
            label(&network, "Margaret Hartley"),
            ("maternal grandmother".into(), "MATERNAL".into())
        );

        let undone = app
            .gql(
                &token,
                r#"mutation($input: UnmergePeopleInput!) { unmergePeople(input: $input) {
                  person { id } } }"#,
                json!({ "input": { "mergedId": link["importedId"] } }),
            )
            .await;
        let separate = string(&undone.ok()["unmergePeople"]["person"]["id"]);
        assert_ne!(separate, nan);
        let network = members(&app, &token, &child).await;
        assert_eq!(
            string(&network["Margaret Hartley"]["person"]["id"]),
            separate
        );
        assert_eq!(
            label(&network, "Margaret Hartley"),
            ("maternal grandmother".into(), "MATERNAL".into()),
            "the undo took the imported record's ties back with it"
        );
        let first = members(&app, &token, &sibling).await;
        assert_eq!(string(&first["Margaret Hartley"]["person"]["id"]), nan);
    })
    .await;
}

#[tokio::test]
async fn a_bad_file_is_refused_with_its_line_and_writes_nothing() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "BAD-1").await;
        let broken = "0 HEAD\n1 GEDC\n2 VERS 7.0\n0 @I1@ INDI\n3 NAME Skipped /Level/\n0 TRLR\n";
        let answer = import_text(&app, &token, &child, ("broken.ged", broken), "@I1@", false).await;
        let error = answer.error("BAD_USER_INPUT");
        assert!(string(&error["message"]).contains("line 5"), "{error}");

        let missing = import_text(
            &app,
            &token,
            &child,
            ("family.ged", FAMILY),
            "@NOBODY@",
            false,
        )
        .await;
        let error = missing.error("BAD_USER_INPUT");
        assert_eq!(
            error["extensions"]["field"],
            json!("childRecord"),
            "{error}"
        );
        assert!(members(&app, &token, &child).await.is_empty());

        // Someone not assigned to the child finds no child at all.
        let stranger = app.token(crate::support::ORG, "coordinator-2", &["coordinator"]);
        let refused = import_text(
            &app,
            &stranger,
            &child,
            ("family.ged", FAMILY),
            "@C@",
            false,
        )
        .await;
        refused.error("NOT_FOUND");
        let viewer = app.token(crate::support::ORG, "viewer-1", &["viewer"]);
        import_text(&app, &viewer, &child, ("family.ged", FAMILY), "@C@", true)
            .await
            .code()
            .map(str::to_owned)
            .filter(|code| code == "NOT_FOUND" || code == "FORBIDDEN")
            .unwrap_or_else(|| panic!("a viewer imported"));
        assert!(members(&app, &token, &child).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_network_exported_as_gedcom_and_imported_for_another_child_keeps_its_kinship() {
    each_database(|app| async move {
        let token = crate::support::demo(&app).await;
        let (demo_child, _) = crate::support::demo_child_people(&app, &token).await;
        let exported = crate::support::fetch(
            &app,
            Some(&token),
            &format!("/children/{demo_child}/network.ged"),
        )
        .await;
        assert_eq!(exported.status, 200);
        let (child, _) = create_child(&app, &token, "ROUND-1").await;
        // The export writes the child first, as @I1@.
        let imported = import(
            &app,
            &token,
            &child,
            ("network.ged", exported.body.into_bytes()),
            Some("@I1@"),
            false,
        )
        .await;
        let report = imported.ok()["importNetwork"].clone();
        assert_eq!(
            report["skipped"],
            json!([]),
            "kinmap's own file reads whole"
        );
        let before = members(&app, &token, &demo_child).await;
        let after = members(&app, &token, &child).await;
        assert_eq!(before.len(), after.len());
        for (name, member) in &before {
            let theirs = after
                .get(name)
                .unwrap_or_else(|| panic!("{name} did not come across"));
            // GEDCOM has no place for the end of a placement (a `FAMC` link has no date),
            // so a former foster carer comes back as a foster carer.
            let label = |member: &Value| string(&member["kinship"]["label"]).replace("former ", "");
            assert_eq!(label(member), label(theirs), "{name}");
        }
        // The people the demo holds are linked, not recorded twice; the children's own
        // records, which are never merged, are reported and recorded apart.
        let links = report["links"].as_array().cloned().unwrap_or_default();
        let linked = links
            .iter()
            .filter(|link| link["notLinked"].is_null())
            .count();
        assert!(
            linked * 2 > before.len(),
            "{linked} of {} linked",
            before.len()
        );
        for link in links.iter().filter(|link| !link["notLinked"].is_null()) {
            assert!(
                string(&link["notLinked"]).contains("child's own record"),
                "{link}"
            );
        }
        // Jodie's protected location is protected in the new network too.
        assert_eq!(
            after["Jodie Hartley"]["restriction"],
            json!("DO_NOT_DISCLOSE_LOCATION")
        );
    })
    .await;
}

#[tokio::test]
async fn an_upload_past_the_limit_or_a_batch_of_operations_is_refused() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "HUGE-1").await;
        let huge = vec![b'0'; 52 * 1024 * 1024];
        let answer = import(
            &app,
            &token,
            &child,
            ("huge.ged", huge),
            Some("@I1@"),
            false,
        )
        .await;
        assert_eq!(answer.status, 413, "{}", answer.body);
        assert_eq!(answer.code(), Some("BAD_USER_INPUT"));

        let form = reqwest::multipart::Form::new()
            .text(
                "operations",
                json!([{ "query": "{ me { roles } }" }, { "query": "{ me { roles } }" }])
                    .to_string(),
            )
            .text("map", "{}");
        let batch = app
            .http()
            .post(app.url("/graphql"))
            .bearer_auth(&token)
            .multipart(form)
            .send()
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(batch.status(), 400);
        assert!(members(&app, &token, &child).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn kinmaps_own_csv_pair_brings_the_network_back_with_each_persons_place() {
    each_database(|app| async move {
        let token = crate::support::demo(&app).await;
        let (demo_child, _) = crate::support::demo_child_people(&app, &token).await;
        let file = |name: &'static str| {
            let (app, token, demo_child) = (&app, &token, &demo_child);
            async move {
                let fetched = crate::support::fetch(
                    app,
                    Some(token),
                    &format!("/children/{demo_child}/{name}"),
                )
                .await;
                assert_eq!(fetched.status, 200);
                fetched.body.into_bytes()
            }
        };
        let (people, relationships) = (file("people.csv").await, file("relationships.csv").await);
        let (child, _) = create_child(&app, &token, "CSV-1").await;
        let upload = |dry_run: bool| {
            app.upload(
                &token,
                IMPORT,
                json!({ "input": {
                    "childId": child, "file": null, "relationshipsFile": null,
                    "format": "CSV", "dryRun": dry_run,
                }}),
                vec![
                    ("variables.input.file", "people.csv", people.clone()),
                    (
                        "variables.input.relationshipsFile",
                        "relationships.csv",
                        relationships.clone(),
                    ),
                ],
            )
        };
        let report = upload(false).await.ok()["importNetwork"].clone();
        assert_eq!(report["skipped"], json!([]));
        let before = members(&app, &token, &demo_child).await;
        let after = members(&app, &token, &child).await;
        assert_eq!(before.len(), after.len());
        for (name, member) in &before {
            let theirs = &after[name];
            // The CSV carries each person's place: their side, circle and status as recorded.
            for field in ["side", "connectionStatus", "restriction"] {
                assert_eq!(member[field], theirs[field], "{name}: {field}");
            }
            assert_eq!(
                member["kinship"]["label"], theirs["kinship"]["label"],
                "{name}"
            );
        }
        let again = upload(false).await.ok()["importNetwork"].clone();
        assert_eq!(again["people"]["created"], json!(0));
        assert_eq!(members(&app, &token, &child).await.len(), after.len());
    })
    .await;
}

#[tokio::test]
async fn every_conformance_file_and_sample_is_planned_or_refused_with_a_reason() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "CONF-1").await;
        let mut files: Vec<std::path::PathBuf> = ["conformance/5", "conformance/7", "samples"]
            .into_iter()
            .flat_map(|folder| {
                std::fs::read_dir(fixture(&format!("gedcom/{folder}")))
                    .unwrap_or_else(|error| panic!("{folder}: {error}"))
                    .filter_map(|entry| Some(entry.ok()?.path()))
                    .filter(|path| path.extension().is_some_and(|e| e == "ged"))
            })
            .collect();
        files.sort();
        assert!(files.len() > 40, "{files:?}");
        let mut planned = 0;
        for path in files {
            let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{error}"));
            // The file's first person stands for the child.
            let first = api::imports::gedcom::read(&bytes)
                .ok()
                .and_then(|document| {
                    document
                        .records("INDI")
                        .find_map(|record| record.xref.clone())
                });
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let answer = import(
                &app,
                &token,
                &child,
                (name.as_deref().unwrap_or("file.ged"), bytes),
                first.as_deref(),
                true,
            )
            .await;
            match answer.code() {
                None => {
                    let report = &answer.ok()["importNetwork"];
                    assert_eq!(report["dryRun"], json!(true), "{path:?}");
                    planned += 1;
                }
                // Only a file with no one in it has nothing to plan.
                Some("BAD_USER_INPUT") if first.is_none() => {
                    let error = answer.error("BAD_USER_INPUT");
                    assert_eq!(
                        string(&error["message"]),
                        "the file holds no people",
                        "{path:?}"
                    );
                }
                Some(other) => panic!("{path:?}: {other} {}", answer.body),
            }
        }
        assert!(planned > 20, "only {planned} files were planned");
        assert!(members(&app, &token, &child).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn an_import_that_fails_at_its_last_write_leaves_nothing_behind() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "HALF-1").await;
        // The import records what the file said of each record last of all.
        let failing = match app.backend {
            tests::Backend::Sqlite => vec![
                "CREATE TRIGGER fail_record BEFORE INSERT ON imported_record BEGIN SELECT RAISE(ABORT, 'forced failure'); END".to_owned(),
            ],
            tests::Backend::Postgres(_) => vec![
                "CREATE FUNCTION fail_record() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'forced failure'; END $$ LANGUAGE plpgsql".to_owned(),
                "CREATE TRIGGER fail_record BEFORE INSERT ON imported_record FOR EACH ROW EXECUTE FUNCTION fail_record()".to_owned(),
            ],
        };
        use sea_orm::ConnectionTrait;
        for statement in failing {
            app.db()
                .execute_unprepared(&statement)
                .await
                .unwrap_or_else(|error| panic!("{error}"));
        }
        let counts = || async {
            (
                app.count("SELECT COUNT(*) FROM person").await,
                app.count("SELECT COUNT(*) FROM relationship").await,
                app.count("SELECT COUNT(*) FROM network_member").await,
                app.count("SELECT COUNT(*) FROM revision").await,
            )
        };
        let before = counts().await;
        let answer = import_text(&app, &token, &child, ("family.ged", FAMILY), "@C@", false).await;
        answer.error("INTERNAL");
        assert_eq!(counts().await, before, "the people written first were rolled back");
    })
    .await;
}
