//! The network's pictures: valid SVG, every person once, filters, and the same redaction
//! and access rules as GraphQL.

use serde_json::json;
use tests::each_database;

use crate::support::{demo, demo_child_people, fetch};

async fn get(app: &tests::TestApp, token: Option<&str>, path: &str) -> (u16, String, String) {
    let answer = fetch(app, token, path).await;
    let kind = answer.header("content-type");
    (answer.status, kind, answer.body)
}

/// The titles of the people drawn (each person's `<g class="person">` carries one).
fn people(svg: &str) -> Vec<String> {
    let document =
        roxmltree::Document::parse(svg).unwrap_or_else(|error| panic!("not XML: {error}"));
    document
        .descendants()
        .filter(|node| node.attribute("class") == Some("person"))
        .filter_map(|node| node.children().find(|c| c.has_tag_name("title")))
        .filter_map(|title| title.text().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn the_ecomap_draws_every_member_once_as_valid_svg() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let answer = app
            .gql(
                &token,
                r#"{ children(first: 1, filter: { caseReference: "DEMO-001" }) { edges { node { id
                network { members { id } ecomapSvg } } } } }"#,
                json!({}),
            )
            .await;
        let node = answer.ok()["children"]["edges"][0]["node"].clone();
        let child = node["id"].as_str().unwrap_or_default().to_owned();
        let members = node["network"]["members"]
            .as_array()
            .map(Vec::len)
            .unwrap_or_default();

        let policy = fetch(&app, Some(&token), &format!("/children/{child}/ecomap.svg"))
            .await
            .header("content-security-policy");
        assert_eq!(
            policy, "default-src 'none'",
            "a picture loads and runs nothing"
        );
        let (status, kind, svg) =
            get(&app, Some(&token), &format!("/children/{child}/ecomap.svg")).await;
        assert!(
            !svg.contains("<style"),
            "styled by attributes, so a strict page may show it"
        );
        assert_eq!(
            (status, kind.as_str()),
            (200, "image/svg+xml; charset=utf-8"),
            "{svg}"
        );
        usvg::Tree::from_str(&svg, &usvg::Options::default())
            .unwrap_or_else(|error| panic!("not SVG: {error}"));
        let drawn = people(&svg);
        assert_eq!(drawn.len(), members, "every member once");
        let mut unique = drawn.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), drawn.len());
        assert!(
            drawn
                .iter()
                .any(|t| t
                    .starts_with("Carol Hartley, maternal grandmother, known to the child as Nan")),
            "{drawn:?}"
        );
        assert!(
            drawn
                .iter()
                .any(|t| t.starts_with("Dean Walsh") && t.ends_with("no contact")),
            "{drawn:?}"
        );
        assert!(!svg.contains("<script"));
        // The same picture through GraphQL.
        assert_eq!(
            people(node["network"]["ecomapSvg"].as_str().unwrap_or_default()).len(),
            members
        );

        // Filters.
        let (_, _, inner) = get(
            &app,
            Some(&token),
            &format!("/children/{child}/ecomap.svg?circle=INNER&side=MATERNAL"),
        )
        .await;
        let inner = people(&inner);
        assert!(!inner.is_empty() && inner.len() < members);
        assert!(
            inner.iter().all(|t| t.contains("inner circle")),
            "{inner:?}"
        );
        let (status, _, body) = get(
            &app,
            Some(&token),
            &format!("/children/{child}/ecomap.svg?circle=SIDEWAYS"),
        )
        .await;
        assert_eq!(status, 400, "{body}");
        assert!(
            body.contains("\"field\":\"circle\"") || body.contains("circle"),
            "{body}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_picture_shows_nothing_the_viewer_may_not_see() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let (child, people) = demo_child_people(&app, &token).await;
        let jodie = &people["Jodie"];
        app.gql(&token, "mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { person { id } } }",
            json!({ "input": { "id": jodie["id"], "version": jodie["version"],
                               "address": "CANARY-ADDRESS", "area": "CANARY-AREA", "phone": "CANARY-PHONE" } }))
            .await
            .ok();
        let manager = app.token(api::demo::ORGANISATION, "another-manager", &["manager"]);
        let reader = app.token(api::demo::ORGANISATION, "a-reader", &["viewer"]);
        crate::support::assign_in(&app, api::demo::ORGANISATION, &child, "a-reader", "SOCIAL_WORKER").await;
        let outsider = app.token(api::demo::ORGANISATION, "unassigned", &["coordinator"]);
        let reads = "SELECT COUNT(*) FROM audit_event WHERE action = 'network.read'";
        let before = app.count(reads).await;
        for picture in ["ecomap.svg", "genogram.svg"] {
            let path = format!("/children/{child}/{picture}");
            for token in [&token, &manager, &reader] {
                let (status, _, svg) = get(&app, Some(token), &path).await;
                assert_eq!(status, 200);
                assert!(svg.contains("Jodie Hartley"), "{picture}");
                assert!(!svg.contains("CANARY"), "{picture} never carries whereabouts or contact details");
            }
            // A child the viewer may not see is missing, exactly as one that does not exist.
            let (hidden, _, hidden_body) = get(&app, Some(&outsider), &path).await;
            let (missing, _, missing_body) = get(&app, Some(&outsider), &format!("/children/{}/{picture}", uuid::Uuid::now_v7())).await;
            assert_eq!((hidden, missing), (404, 404), "{picture}");
            assert_eq!(hidden_body, missing_body);
            assert_eq!(get(&app, None, &path).await.0, 401);
        }
        // Each picture the child's team read is logged as a network read.
        assert_eq!(app.count(reads).await - before, 6);
    })
    .await;
}

#[tokio::test]
async fn the_highlight_follows_the_introduction_path_the_api_gives() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let (child, people) = demo_child_people(&app, &token).await;
        let kelly = people["Kelly"]["id"].clone();
        let path = app
            .gql(&token, "query($id: ID!, $to: ID!) { child(id: $id) { network { introductionPath(to: $to) { people { id } } } } }",
                json!({ "id": child, "to": kelly }))
            .await;
        let steps = path.ok()["child"]["network"]["introductionPath"]["people"].as_array().map(Vec::len).unwrap_or_default();
        assert!(steps >= 2, "{path:?}");
        let kelly = kelly.as_str().unwrap_or_default();
        for picture in ["ecomap.svg", "genogram.svg"] {
            let (status, _, svg) = get(&app, Some(&token), &format!("/children/{child}/{picture}?highlight={kelly}")).await;
            assert_eq!(status, 200);
            let document = roxmltree::Document::parse(&svg).unwrap_or_else(|error| panic!("{error}"));
            let drawn = document
                .descendants()
                .find(|n| n.attribute("class") == Some("path"))
                .and_then(|g| g.children().find(|c| c.has_tag_name("polyline")))
                .and_then(|line| line.attribute("points"))
                .map(|points| points.split_whitespace().count())
                .unwrap_or_default();
            assert_eq!(drawn, steps, "{picture}: one point for each person on the path");
            let (plain_status, _, plain) = get(&app, Some(&token), &format!("/children/{child}/{picture}")).await;
            assert_eq!(plain_status, 200);
            assert!(!plain.contains("class=\"path\""));
        }
    })
    .await;
}

/// The boxes of an SVG's text, estimated from the font sizes the pictures use (13 and 11
/// pixels, at most 0.6 of the size a letter on average).
fn text_boxes(svg: &str) -> Vec<(String, f64, f64, f64, f64)> {
    let document = roxmltree::Document::parse(svg).unwrap_or_else(|error| panic!("{error}"));
    document
        .descendants()
        .filter(|node| node.has_tag_name("text"))
        .filter(|node| {
            node.ancestors()
                .any(|a| a.attribute("class") == Some("person"))
        })
        .filter_map(|node| {
            let text = node.text()?.to_owned();
            let x: f64 = node.attribute("x")?.parse().ok()?;
            let y: f64 = node.attribute("y")?.parse().ok()?;
            let size = if node.attribute("class") == Some("small") {
                11.0
            } else {
                13.0
            };
            let width = text.chars().count() as f64 * size * 0.6;
            Some((text, x - width / 2.0, y - size, width, size))
        })
        .collect()
}

#[tokio::test]
async fn no_two_labels_overlap_on_the_demo_pictures() {
    each_database(|app| async move {
        let token = demo(&app).await;
        for (reference, picture) in ["DEMO-001", "DEMO-002", "DEMO-003"].into_iter().flat_map(|r| [(r, "ecomapSvg"), (r, "genogramSvg")]) {
            let answer = app
                .gql(&token, &format!("query($r: String!) {{ children(first: 1, filter: {{ caseReference: $r }}) {{ edges {{ node {{ network {{ {picture} }} }} }} }} }}"),
                    json!({ "r": reference }))
                .await;
            let svg = answer.ok()["children"]["edges"][0]["node"]["network"][picture].as_str().unwrap_or_default().to_owned();
            let boxes = text_boxes(&svg);
            assert!(boxes.len() > 20, "{reference} {picture}");
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    let apart = a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1 || a.2 + a.4 <= b.2 || b.2 + b.4 <= a.2;
                    assert!(apart, "{reference} {picture}: `{}` overlaps `{}`", a.0, b.0);
                }
            }
        }
    })
    .await;
}

#[tokio::test]
async fn the_demo_childs_pictures_are_pinned() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let answer = app
            .gql(&token, r#"{ children(first: 1, filter: { caseReference: "DEMO-001" }) { edges { node { network { ecomapSvg genogramSvg } } } } }"#, json!({}))
            .await;
        let network = answer.ok()["children"]["edges"][0]["node"]["network"].clone();
        for (name, field) in [("demo_ecomap", "ecomapSvg"), ("demo_genogram", "genogramSvg")] {
            let svg = network[field].as_str().unwrap_or_default();
            insta::assert_snapshot!(name, pinned(svg));
        }
    })
    .await;
}

/// Each person's place on a genogram, by the start of their title.
fn places(svg: &str) -> Vec<(String, f64, f64)> {
    let document = roxmltree::Document::parse(svg).unwrap_or_else(|error| panic!("{error}"));
    document
        .descendants()
        .filter(|node| matches!(node.attribute("class"), Some("person" | "child")))
        .filter_map(|group| {
            let title = group
                .children()
                .find(|c| c.has_tag_name("title"))?
                .text()?
                .to_owned();
            // The first text is the name, centred under the symbol.
            let label = group.descendants().find(|c| c.has_tag_name("text"))?;
            let x: f64 = label.attribute("x")?.parse().ok()?;
            let y: f64 = label.attribute("y")?.parse().ok()?;
            Some((title, x, y))
        })
        .collect()
}

#[tokio::test]
async fn the_genogram_draws_the_family_once_in_generations() {
    each_database(|app| async move {
        let token = demo(&app).await;
        let answer = app
            .gql(
                &token,
                r#"{ children(first: 1, filter: { caseReference: "DEMO-001" }) { edges { node { id
                network { genogramSvg } } } } }"#,
                json!({}),
            )
            .await;
        let node = answer.ok()["children"]["edges"][0]["node"].clone();
        let child = node["id"].as_str().unwrap_or_default().to_owned();
        let (status, kind, svg) = get(
            &app,
            Some(&token),
            &format!("/children/{child}/genogram.svg"),
        )
        .await;
        assert_eq!(
            (status, kind.as_str()),
            (200, "image/svg+xml; charset=utf-8"),
            "{svg}"
        );
        usvg::Tree::from_str(&svg, &usvg::Options::default())
            .unwrap_or_else(|error| panic!("not SVG: {error}"));
        assert!(!svg.contains("<script"));
        assert_eq!(
            node["network"]["genogramSvg"].as_str(),
            Some(svg.as_str()),
            "the same picture through GraphQL"
        );

        let placed = places(&svg);
        let mut titles: Vec<&str> = placed.iter().map(|(t, _, _)| t.as_str()).collect();
        let drawn = titles.len();
        titles.sort();
        titles.dedup();
        assert_eq!(titles.len(), drawn, "no one twice");
        let at = |start: &str| {
            placed
                .iter()
                .find(|(title, _, _)| title.starts_with(start))
                .map(|(_, x, y)| (*x, *y))
                .unwrap_or_else(|| panic!("{start} is not drawn: {titles:?}"))
        };
        let (nan, mum, mia) = (
            at("Carol Hartley"),
            at("Jodie Hartley"),
            at("Mia Hartley-Okafor"),
        );
        assert!(
            nan.1 < mum.1 && mum.1 < mia.1,
            "generations run down: {nan:?} {mum:?} {mia:?}"
        );
        assert_eq!(
            at("Leo Hartley-Okafor").1,
            mia.1,
            "brother and sister in one row"
        );
        assert!(
            at("Mia Hartley-Okafor").0 < at("Leo Hartley-Okafor").0,
            "the elder first"
        );
        assert!(
            at("Samuel Okafor").0 < mum.0,
            "the father's family on the left"
        );
        // Family only: friends and professionals are on the ecomap.
        for stranger in ["Chloe Evans", "Anita Shah", "Hannah Lowe"] {
            assert!(!svg.contains(stranger), "{stranger}");
        }

        let (_, _, paternal) = get(
            &app,
            Some(&token),
            &format!("/children/{child}/genogram.svg?side=PATERNAL"),
        )
        .await;
        let paternal = places(&paternal);
        assert!(!paternal.is_empty() && paternal.len() < placed.len());
        assert!(
            paternal
                .iter()
                .all(|(title, _, _)| !title.contains("maternal")),
            "{paternal:?}"
        );
        let (status, _, body) = get(
            &app,
            Some(&token),
            &format!("/children/{child}/genogram.svg?status=MISSING"),
        )
        .await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("status"), "{body}");
    })
    .await;
}

/// A picture as a snapshot holds it: one element a line, so that a change reads as a
/// diff, and each person's id (new with every database) replaced by a mark.
fn pinned(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    const ATTRIBUTE: &str = "data-person=\"";
    while let Some(at) = rest.find(ATTRIBUTE) {
        out.push_str(&rest[..at + ATTRIBUTE.len()]);
        rest = &rest[at + ATTRIBUTE.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push_str("[id]");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.replace("><", ">\n<")
}
