//! Small steps most tests take: a coordinator creates a child, puts people in the network.

use serde_json::{Value, json};
use tests::{Gql, TestApp};

pub const ORG: &str = "north";
pub const OTHER_ORG: &str = "south";

pub fn coordinator(app: &TestApp) -> String {
    app.token(ORG, "coordinator-1", &["coordinator"])
}

pub fn manager(app: &TestApp) -> String {
    app.token(ORG, "manager-1", &["manager"])
}

pub const CREATE_CHILD: &str = r#"
mutation($input: CreateChildInput!) {
  createChild(input: $input) { child { id version caseReference person { id } } }
}"#;

/// Creates a child; returns (child id, the child's person id).
pub async fn create_child(app: &TestApp, token: &str, reference: &str) -> (String, String) {
    let answer = app
        .gql(
            token,
            CREATE_CHILD,
            json!({ "input": {
                "person": { "givenName": "Mia", "familyName": "Hartley", "birthDate": "2012-03" },
                "caseReference": reference,
                "enteredCareOn": "2021-06-01",
            }}),
        )
        .await;
    let child = &answer.ok()["createChild"]["child"];
    (string(&child["id"]), string(&child["person"]["id"]))
}

pub const ADD_PERSON: &str = r#"
mutation($input: AddPersonToNetworkInput!) {
  addPersonToNetwork(input: $input) {
    member { id version connectionStatus restriction person { id version displayName otherNames } }
  }
}"#;

/// Adds a new person to a child's network; returns (member id, person id).
pub async fn add_person(
    app: &TestApp,
    token: &str,
    child: &str,
    person: Value,
    membership: Value,
) -> (String, String) {
    let answer = app
        .gql(
            token,
            ADD_PERSON,
            json!({ "input": { "childId": child, "person": person, "membership": membership } }),
        )
        .await;
    let member = &answer.ok()["addPersonToNetwork"]["member"];
    (string(&member["id"]), string(&member["person"]["id"]))
}

/// Adds an existing person to a child's network; returns the member id.
pub async fn add_existing(app: &TestApp, token: &str, child: &str, person: &str) -> String {
    let answer = app
        .gql(
            token,
            ADD_PERSON,
            json!({ "input": { "childId": child, "personId": person } }),
        )
        .await;
    string(&answer.ok()["addPersonToNetwork"]["member"]["id"])
}

pub const ADD_RELATIONSHIP: &str = r#"
mutation($input: AddRelationshipInput!) {
  addRelationship(input: $input) { relationship { id version kind parentKind from { id } to { id } } }
}"#;

pub async fn relate(app: &TestApp, token: &str, input: Value) -> Gql {
    app.gql(token, ADD_RELATIONSHIP, json!({ "input": input }))
        .await
}

pub const ASSIGN: &str = r#"
mutation($input: AssignPractitionerInput!) {
  assignPractitioner(input: $input) { assignment { id role user { id subject } } }
}"#;

/// A manager assigns the user `subject` to `child`; returns the user's id.
pub async fn assign(app: &TestApp, child: &str, subject: &str, role: &str) -> String {
    assign_in(app, ORG, child, subject, role).await
}

pub fn string(value: &Value) -> String {
    value
        .as_str()
        .unwrap_or_else(|| panic!("expected a string, got {value}"))
        .to_owned()
}

/// A well-formed id that names nothing.
pub fn random_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A manager of `org` assigns the user `subject` to `child`; returns the user's id.
pub async fn assign_in(app: &TestApp, org: &str, child: &str, subject: &str, role: &str) -> String {
    let answer = app
        .gql(
            &app.token(org, "manager-1", &["manager"]),
            ASSIGN,
            json!({ "input": { "childId": child, "subject": subject, "role": role } }),
        )
        .await;
    string(&answer.ok()["assignPractitioner"]["assignment"]["user"]["id"])
}

/// Loads the demo organisation; returns a token of its coordinator, assigned to all three
/// children.
pub async fn demo(app: &TestApp) -> String {
    api::demo::seed_if_empty(&app.state.db)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    app.token(
        api::demo::ORGANISATION,
        api::demo::COORDINATOR,
        &["coordinator"],
    )
}

/// What a GET answered.
pub struct Fetched {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Fetched {
    /// A header's value, or nothing.
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }
}

/// GETs `path`, with `token` as the bearer if there is one.
pub async fn fetch(app: &TestApp, token: Option<&str>, path: &str) -> Fetched {
    let mut request = reqwest::Client::new().get(app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    Fetched {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap_or_default(),
    }
}

/// The demo child `DEMO-001`: its id, and the people of its network (`id`, `version`,
/// `givenName`, `familyName`) by given name.
pub async fn demo_child_people(
    app: &TestApp,
    token: &str,
) -> (String, std::collections::HashMap<String, Value>) {
    let answer = app
        .gql(
            token,
            r#"{ children(first: 1, filter: { caseReference: "DEMO-001" }) { edges { node { id
            network { members { person { id version givenName familyName } } } } } } }"#,
            json!({}),
        )
        .await;
    let node = answer.ok()["children"]["edges"][0]["node"].clone();
    let people = node["network"]["members"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| (string(&m["person"]["givenName"]), m["person"].clone()))
        .collect();
    (string(&node["id"]), people)
}
