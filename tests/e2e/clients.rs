//! What standard GraphQL clients and front-ends expect of a server: input mistakes are the
//! client's, every response names its request, browsers on allowed origins may call it.

use serde_json::json;
use tests::each_database;

use crate::support::coordinator;

#[tokio::test]
async fn a_missing_or_mistyped_variable_is_bad_user_input_not_internal() {
    each_database(|app| async move {
        let token = coordinator(&app);
        const CHILD: &str = "query($id: ID!) { child(id: $id) { caseReference } }";
        let missing = app.gql(&token, CHILD, json!({})).await;
        missing.error("BAD_USER_INPUT");
        let mistyped = app.gql(&token, CHILD, json!({ "id": [1, 2] })).await;
        mistyped.error("BAD_USER_INPUT");
        let first = app
            .gql(
                &token,
                "query($n: Int) { children(first: $n) { edges { node { id } } } }",
                json!({ "n": "ten" }),
            )
            .await;
        first.error("BAD_USER_INPUT");
    })
    .await;
}

#[tokio::test]
async fn every_response_names_its_request() {
    each_database(|app| async move {
        let mut seen = Vec::new();
        for path in ["/healthz", "/graphql", "/readyz"] {
            let response = app
                .http()
                .get(app.url(path))
                .header("x-request-id", "client-chosen\\nvalue")
                .send()
                .await
                .unwrap_or_else(|error| panic!("{error}"));
            let id = response
                .headers()
                .get("x-request-id")
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
                .unwrap_or_else(|| panic!("{path} has no x-request-id"));
            assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
            seen.push(id);
        }
        seen.dedup();
        assert_eq!(seen.len(), 3, "each request has an id of its own");
    })
    .await;
}

async fn preflight(app: &tests::TestApp, origin: &str) -> (u16, Option<String>) {
    let response = app
        .http()
        .request(reqwest::Method::OPTIONS, app.url("/graphql"))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type",
        )
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let allowed = response
        .headers()
        .get("access-control-allow-origin")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    assert!(
        response
            .headers()
            .get("access-control-allow-credentials")
            .is_none(),
        "credentials are never allowed"
    );
    (response.status().as_u16(), allowed)
}

#[tokio::test]
async fn a_front_end_on_an_allowed_origin_may_call_the_api_and_no_other() {
    tests::each_database_with(
        |config| config.cors_origins = vec!["https://app.example.gov.uk".into()],
        |app| async move {
            let (status, allowed) = preflight(&app, "https://app.example.gov.uk").await;
            assert_eq!(status, 200);
            assert_eq!(allowed.as_deref(), Some("https://app.example.gov.uk"));
            let (_, allowed) = preflight(&app, "https://elsewhere.example.com").await;
            assert_eq!(allowed, None);
            let response = app
                .http()
                .post(app.url("/graphql"))
                .header("origin", "https://app.example.gov.uk")
                .bearer_auth(coordinator(&app))
                .json(&json!({ "query": "{ me { roles } }" }))
                .send()
                .await
                .unwrap_or_else(|error| panic!("{error}"));
            assert_eq!(
                response
                    .headers()
                    .get("access-control-allow-origin")
                    .and_then(|v| v.to_str().ok()),
                Some("https://app.example.gov.uk")
            );
        },
    )
    .await;
}

#[tokio::test]
async fn no_origin_is_allowed_unless_configured() {
    each_database(|app| async move {
        let (_, allowed) = preflight(&app, "https://app.example.gov.uk").await;
        assert_eq!(allowed, None);
    })
    .await;
}

/// Type name → its fields, input fields or enum values, as the SDL declares them.
fn declared(sdl: &str) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let mut types = std::collections::BTreeMap::new();
    let mut current: Option<String> = None;
    let mut in_description = false;
    // Inside a field's argument list, which may span lines.
    let mut arguments = 0usize;
    for line in sdl.lines() {
        let trimmed = line.trim();
        if in_description {
            in_description = !trimmed.contains("\"\"\"");
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("\"\"\"") {
            in_description = !rest.contains("\"\"\"");
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('"') {
            continue;
        }
        let inside = arguments > 0;
        arguments =
            (arguments + trimmed.matches('(').count()).saturating_sub(trimmed.matches(')').count());
        if inside {
            continue;
        }
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        match words.as_slice() {
            [kind, name, ..]
                if ["type", "input", "enum", "interface", "union", "scalar"].contains(kind) =>
            {
                let name = name.trim_end_matches('{').to_owned();
                types.insert(name.clone(), std::collections::BTreeSet::new());
                current = trimmed.ends_with('{').then_some(name);
            }
            ["}"] => current = None,
            _ => {
                if let Some(name) = &current {
                    let member: String = trimmed
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !member.is_empty()
                        && let Some(members) = types.get_mut(name)
                    {
                        members.insert(member);
                    }
                }
            }
        }
    }
    types
}

#[tokio::test]
async fn the_standard_introspection_query_answers_the_whole_published_schema() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let sdl = std::fs::read_to_string(tests::fixture("../../api/schema.graphql"))
            .unwrap_or_else(|error| panic!("{error}"));
        let declared = declared(&sdl);
        assert!(
            declared.len() > 50,
            "the SDL reader found only {} types",
            declared.len()
        );
        for fixture in ["graphql-js-16.graphql", "graphql-js-16-all-options.graphql"] {
            let query =
                std::fs::read_to_string(tests::fixture(&format!("introspection/{fixture}")))
                    .unwrap_or_else(|error| panic!("{error}"));
            let answer = app.gql(&token, &query, json!({})).await;
            let types = answer.ok()["__schema"]["types"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let answered: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
                types
                    .iter()
                    .filter_map(|t| {
                        let name = t["name"].as_str()?.to_owned();
                        if name.starts_with("__") {
                            return None;
                        }
                        let members = ["fields", "inputFields", "enumValues"]
                            .iter()
                            .flat_map(|key| t[*key].as_array().cloned().unwrap_or_default())
                            .filter_map(|member| member["name"].as_str().map(str::to_owned))
                            .collect();
                        Some((name, members))
                    })
                    .filter(|(name, _)| {
                        !["String", "Int", "Float", "Boolean", "ID"].contains(&name.as_str())
                            || declared.contains_key(name)
                    })
                    .collect();
            assert_eq!(
                answered, declared,
                "{fixture}: the schema rebuilt from introspection differs from api/schema.graphql"
            );
        }
        // The depth limit still holds for data, and for introspection that multiplies.
        let nested =
            "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }";
        app.gql(&token, nested, json!({}))
            .await
            .error("BAD_USER_INPUT");
    })
    .await;
}

async fn post(app: &tests::TestApp, accept: &str, query: &str) -> (u16, String, serde_json::Value) {
    let response = app
        .http()
        .post(app.url("/graphql"))
        .header("accept", accept)
        .bearer_auth(coordinator(app))
        .json(&json!({ "query": query, "variables": { "id": crate::support::random_id() } }))
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let status = response.status().as_u16();
    let media = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, media, response.json().await.unwrap_or_default())
}

#[tokio::test]
async fn graphql_over_http_media_type_and_status_codes() {
    each_database(|app| async move {
        const MEDIA: &str = "application/graphql-response+json";
        let (status, media, body) = post(&app, MEDIA, "{ me { roles } }").await;
        assert_eq!((status, media.as_str()), (200, MEDIA), "{body}");
        // Did not validate: 400, and no data.
        let (status, media, body) = post(&app, MEDIA, "{ me { nope } }").await;
        assert_eq!((status, media.as_str()), (400, MEDIA), "{body}");
        assert!(body.get("data").is_none_or(serde_json::Value::is_null));
        let (status, _, _) = post(&app, MEDIA, "{ me { ").await;
        assert_eq!(status, 400);
        // Executed, with a field error: 200.
        let (status, _, body) =
            post(&app, MEDIA, "query($id: ID!) { child(id: $id) { id } }").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["errors"][0]["extensions"]["code"], "NOT_FOUND");
        // Clients that ask for JSON get JSON, 200, as before.
        for accept in [
            "application/json",
            "*/*",
            "application/json, application/graphql-response+json;q=0",
        ] {
            let (status, media, _) = post(&app, accept, "{ me { nope } }").await;
            assert_eq!(status, 200, "{accept}");
            assert!(media.starts_with("application/json"), "{accept}: {media}");
        }
    })
    .await;
}

#[tokio::test]
async fn graphiql_is_served_whole_from_the_server() {
    each_database(|app| async move {
        let page = app
            .http()
            .get(app.url("/graphql"))
            .send()
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap_or_default();
        // Every script and style sheet comes from this server; nothing from a CDN.
        let sources: Vec<&str> = html
            .split(['"', '\''])
            .filter(|part| part.ends_with(".js") || part.ends_with(".css"))
            .collect();
        assert_eq!(sources.len(), 5, "{html}");
        assert!(
            !html.contains("http://") && !html.contains("https://") && !html.contains("//unpkg"),
            "{html}"
        );
        for source in sources {
            assert!(source.starts_with("/graphiql/"), "{source}");
            let asset = app
                .http()
                .get(app.url(source))
                .send()
                .await
                .unwrap_or_else(|error| panic!("{error}"));
            assert_eq!(asset.status(), 200, "{source}");
            let media = asset
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            assert!(
                media.starts_with(if source.ends_with(".css") {
                    "text/css"
                } else {
                    "text/javascript"
                }),
                "{source}: {media}"
            );
            let body = asset.bytes().await.unwrap_or_default();
            assert!(body.len() > 500, "{source}");
            let text = String::from_utf8_lossy(&body);
            assert!(
                !text.contains("sourceMappingURL"),
                "{source} points at a map that is not served"
            );
        }
        let missing = app
            .http()
            .get(app.url("/graphiql/nope.js"))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(missing.status(), 404);
    })
    .await;
}

#[tokio::test]
async fn the_coordinators_page_is_served_whole_under_a_strict_policy() {
    each_database(|app| async move {
        let page = app
            .http()
            .get(app.url("/"))
            .send()
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(page.status(), 200);
        let header = |response: &reqwest::Response, name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let policy = header(&page, "content-security-policy");
        assert!(policy.contains("default-src 'none'"), "{policy}");
        assert!(
            policy.contains("script-src 'self'") && !policy.contains("unsafe"),
            "{policy}"
        );
        assert!(policy.contains("connect-src 'self'"), "{policy}");
        assert!(header(&page, "content-type").starts_with("text/html"));
        let html = page.text().await.unwrap_or_default();
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{html}"
        );
        for (source, media) in [
            ("/page/app.js", "text/javascript"),
            ("/page/api.js", "text/javascript"),
            ("/page/styles.css", "text/css"),
        ] {
            assert!(
                html.contains(source) || source == "/page/api.js",
                "{source}"
            );
            let asset = app
                .http()
                .get(app.url(source))
                .send()
                .await
                .unwrap_or_else(|error| panic!("{error}"));
            assert_eq!(asset.status(), 200, "{source}");
            assert!(
                header(&asset, "content-type").starts_with(media),
                "{source}"
            );
            assert_eq!(header(&asset, "x-content-type-options"), "nosniff");
        }
        let missing = app
            .http()
            .get(app.url("/page/nope.js"))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(missing.status(), 404);
    })
    .await;
}

#[tokio::test]
async fn connections_page_through_every_list_once_in_order() {
    each_database(|app| async move {
        let token = crate::support::demo(&app).await;
        let whole = app
            .gql(
                &token,
                r#"{ children(first: 1, filter: { caseReference: "DEMO-001" }) { edges { node { id network {
                    members { id } relationships { id } } } } } }"#,
                json!({}),
            )
            .await;
        let node = whole.ok()["children"]["edges"][0]["node"].clone();
        let child = node["id"].clone();
        let ids = |list: &serde_json::Value| -> Vec<String> {
            list.as_array().into_iter().flatten().filter_map(|item| item["id"].as_str().map(str::to_owned)).collect()
        };
        let members = ids(&node["network"]["members"]);
        let mut relationships = ids(&node["network"]["relationships"]);
        relationships.sort();
        for (field, expected) in [("membersConnection", members), ("relationshipsConnection", relationships)] {
            let query = format!(
                "query($id: ID!, $after: String) {{ child(id: $id) {{ network {{ {field}(first: 7, after: $after) {{
                    edges {{ cursor node {{ id }} }} nodes {{ id }} pageInfo {{ hasPreviousPage hasNextPage startCursor endCursor }} }} }} }} }}"
            );
            let mut seen: Vec<String> = Vec::new();
            let mut after = serde_json::Value::Null;
            for round in 0.. {
                assert!(round < 100, "{field} never ended");
                let answer = app.gql(&token, &query, json!({ "id": child, "after": after })).await;
                let page = answer.ok()["child"]["network"][field].clone();
                let edges: Vec<String> = page["edges"].as_array().into_iter().flatten().filter_map(|e| e["node"]["id"].as_str().map(str::to_owned)).collect();
                assert_eq!(edges, ids(&page["nodes"]), "{field}: edges and nodes agree");
                assert_eq!(page["pageInfo"]["hasPreviousPage"], round > 0);
                seen.extend(edges);
                if page["pageInfo"]["hasNextPage"] != true {
                    break;
                }
                after = page["pageInfo"]["endCursor"].clone();
            }
            assert_eq!(seen, expected, "{field}: every record once, in order");
        }
        let bad = app
            .gql(&token, "query($id: ID!) { child(id: $id) { network { membersConnection(after: \"nonsense\") { nodes { id } } } } }", json!({ "id": child }))
            .await;
        assert_eq!(bad.error("BAD_USER_INPUT")["extensions"]["field"], "after");
        // A person's lists and a member's searches page the same way.
        let person = app
            .gql(
                &token,
                r#"query($id: ID!) { child(id: $id) { network { members { person { id } searchActivitiesConnection(first: 1) { nodes { id } pageInfo { hasNextPage } } } } } }"#,
                json!({ "id": child }),
            )
            .await;
        let first = person.ok()["child"]["network"]["members"][0]["person"]["id"].clone();
        let lists = app
            .gql(
                &token,
                "query($id: ID!) { person(id: $id) { networks { id } networksConnection(first: 100) { nodes { id } }
                  relationships { id } relationshipsConnection(first: 100) { nodes { id } } } }",
                json!({ "id": first }),
            )
            .await;
        let p = lists.ok()["person"].clone();
        assert_eq!(ids(&p["networksConnection"]["nodes"]), ids(&p["networks"]));
        let mut plain = ids(&p["relationships"]);
        plain.sort();
        assert_eq!(ids(&p["relationshipsConnection"]["nodes"]), plain);
    })
    .await;
}

/// The first fenced block of `language` after `heading` in the README.
fn readme_block(readme: &str, heading: &str, language: &str) -> String {
    let after = readme
        .split_once(heading)
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    let fence = format!("```{language}\n");
    let start = after
        .split_once(&fence)
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    start
        .split_once("```")
        .map(|(block, _)| block.to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_readme_example_answers_as_shown() {
    each_database(|app| async move {
        let token = crate::support::demo(&app).await;
        let readme = std::fs::read_to_string(tests::fixture("../../README.md")).unwrap_or_default();
        let query = readme_block(&readme, "## An example query", "graphql");
        // The answer as the README shows it, with its "..." elisions taken out.
        let shown = readme_block(&readme, "## An example query", "json")
            .lines()
            .filter(|line| line.trim() != "...")
            .collect::<Vec<_>>()
            .join("\n");
        let shown = shown.replace("},\n        ]", "}\n        ]").replace("},\n          ]", "}\n          ]");
        let shown: serde_json::Value = serde_json::from_str(&shown).unwrap_or_else(|error| panic!("the README's answer: {error}\n{shown}"));
        let id = app
            .gql(&token, r#"{ children(first: 1, filter: { caseReference: "DEMO-001" }) { edges { node { id } } } }"#, json!({}))
            .await
            .ok()["children"]["edges"][0]["node"]["id"]
            .clone();
        let answer = app.gql(&token, &query, json!({ "id": id })).await;
        let got = &answer.ok()["child"];
        let want = &shown["data"]["child"];
        assert_eq!(got["caseReference"], want["caseReference"]);
        assert_eq!(got["person"], want["person"]);
        assert_eq!(got["network"]["members"][0], want["network"]["members"][0]);
        assert_eq!(got["network"]["relationships"][0], want["network"]["relationships"][0]);
    })
    .await;
}
