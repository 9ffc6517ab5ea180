//! Networks' rows are kept between requests (`KINMAP_NETWORK_CACHE_MB`): a kept network is
//! never served after a write has changed it, through this server or another on the same
//! database, nor to a viewer who may no longer read it, nor with a location a restriction
//! in another child's network has since hidden.

use serde_json::{Value, json};
use tests::{TestApp, each_database};

use crate::support::{
    ORG, add_existing, add_person, assign, coordinator, create_child, manager, relate, string,
};

const NETWORK: &str = r#"query($id: ID!) { child(id: $id) { network {
  members {
    id version connectionStatus circle restriction
    person { id version displayName givenName otherNames area }
    kinship { label }
  }
  relationships { id version kind quality from { id displayName } to { id displayName } }
  health { members }
} } }"#;

/// What a network read answered on each server, which must be the same on all of them:
/// the servers that keep rows and the one that keeps none.
async fn read_everywhere(servers: &[&TestApp], token: &str, child: &str) -> Value {
    let mut answers = Vec::new();
    for server in servers {
        let answer = server.gql(token, NETWORK, json!({ "id": child })).await;
        answers.push(answer.ok()["child"]["network"].clone());
    }
    let reference = answers.pop().unwrap_or_default();
    for (server, answer) in answers.iter().enumerate() {
        assert_eq!(
            answer, &reference,
            "server {server} (rows kept) and the server keeping none disagree"
        );
    }
    reference
}

fn member_of<'a>(network: &'a Value, person: &str) -> &'a Value {
    network["members"]
        .as_array()
        .and_then(|members| members.iter().find(|m| m["person"]["id"] == person))
        .unwrap_or_else(|| panic!("{person} is not in {network}"))
}

/// Takes in the answer after a change, which must differ from the one before it.
#[track_caller]
fn moved(seen: &mut Value, now: Value, what: &str) {
    assert_ne!(&now, seen, "{what} did not change the network");
    *seen = now;
}

fn version(value: &Value) -> i64 {
    value["version"].as_i64().unwrap_or_default()
}

/// Sends a mutation that must succeed.
async fn change(server: &TestApp, token: &str, mutation: &str, input: Value) -> Value {
    server
        .gql(token, mutation, json!({ "input": input }))
        .await
        .ok()
        .clone()
}

const UPDATE_PERSON: &str =
    "mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { person { id } } }";
const UPDATE_MEMBER: &str = "mutation($input: UpdateNetworkMemberInput!) { updateNetworkMember(input: $input) { member { id } } }";
const REMOVE_MEMBER: &str = "mutation($input: RemoveFromNetworkInput!) { removeFromNetwork(input: $input) { removedMemberId } }";
const RESTORE: &str =
    "mutation($input: RestoreInput!) { restore(input: $input) { networkMember { id } } }";
const UPDATE_RELATIONSHIP: &str = "mutation($input: UpdateRelationshipInput!) { updateRelationship(input: $input) { relationship { id } } }";
const REMOVE_RELATIONSHIP: &str = "mutation($input: RemoveRelationshipInput!) { removeRelationship(input: $input) { removedRelationshipId } }";

/// Two siblings, Mia and Leo, with one `person` in both networks: returns their child ids,
/// the person's id and the id of their place in Leo's network.
async fn siblings_sharing(
    app: &TestApp,
    token: &str,
    references: [&str; 2],
    person: Value,
    membership: Value,
) -> (String, String, String, String) {
    let (mia, _) = create_child(app, token, references[0]).await;
    let (leo, _) = create_child(app, token, references[1]).await;
    let (_, shared) = add_person(app, token, &mia, person, membership).await;
    let in_leos = add_existing(app, token, &leo, &shared).await;
    (mia, leo, shared, in_leos)
}

#[tokio::test]
async fn a_kept_network_is_never_served_after_a_change_through_any_server() {
    each_database(|first| async move {
        let second = first.replica().await;
        let keeps_none = first.replica_with(|config| config.network_cache_mb = 0).await;
        let servers = [&first, &second, &keeps_none];
        let token = coordinator(&first);
        let (mia, _, aunt, _) = siblings_sharing(
            &first,
            &token,
            ["CACHE-1", "CACHE-2"],
            json!({ "givenName": "Sam", "familyName": "Hartley", "area": "Leeds" }),
            json!({ "connectionStatus": "ACTIVE", "side": "MATERNAL" }),
        )
        .await;
        let (_, gran) = add_person(
            &first,
            &token,
            &mia,
            json!({ "givenName": "June", "familyName": "Hartley" }),
            json!({ "connectionStatus": "LOST", "side": "MATERNAL" }),
        )
        .await;
        let tie = relate(
            &first,
            &token,
            json!({ "fromPersonId": gran, "toPersonId": aunt, "kind": "PARENT", "parentKind": "BIRTH" }),
        )
        .await;
        let tie = string(&tie.ok()["addRelationship"]["relationship"]["id"]);

        // Each change goes through one server, the next through the other; after each,
        // every server answers as the one that keeps nothing, and the answer moved.
        let mut seen = read_everywhere(&servers, &token, &mia).await;

        // The aunt is in both networks: a change made while working on Leo's is Mia's too.
        let person = member_of(&seen, &aunt)["person"].clone();
        change(&second, &token, UPDATE_PERSON, json!({ "id": aunt, "version": version(&person), "givenName": "Samantha" })).await;
        let now = read_everywhere(&servers, &token, &mia).await;
        assert_eq!(member_of(&now, &aunt)["person"]["givenName"], "Samantha");
        moved(&mut seen, now, "a person's new name");

        let person = member_of(&seen, &aunt)["person"].clone();
        change(&first, &token, UPDATE_PERSON, json!({ "id": aunt, "version": version(&person), "otherNames": [{ "name": "Sammy" }] })).await;
        moved(&mut seen, read_everywhere(&servers, &token, &mia).await, "a person's other names");

        let (_, cousin) = add_person(
            &second,
            &token,
            &mia,
            json!({ "givenName": "Ava", "familyName": "Hartley" }),
            json!({}),
        )
        .await;
        moved(&mut seen, read_everywhere(&servers, &token, &mia).await, "a new member");

        let member = member_of(&seen, &gran).clone();
        change(&first, &token, UPDATE_MEMBER, json!({ "id": member["id"], "version": version(&member), "circle": "INNER" })).await;
        moved(&mut seen, read_everywhere(&servers, &token, &mia).await, "a member's circle");

        relate(
            &second,
            &token,
            json!({ "fromPersonId": aunt, "toPersonId": cousin, "kind": "PARENT", "parentKind": "BIRTH" }),
        )
        .await
        .ok();
        moved(&mut seen, read_everywhere(&servers, &token, &mia).await, "a new relationship");

        let relationship = seen["relationships"]
            .as_array()
            .and_then(|all| all.iter().find(|r| r["id"] == tie.as_str()))
            .cloned()
            .unwrap_or_default();
        change(&first, &token, UPDATE_RELATIONSHIP, json!({ "id": tie, "version": version(&relationship), "quality": "CLOSE" })).await;
        moved(&mut seen, read_everywhere(&servers, &token, &mia).await, "a relationship's quality");

        change(&second, &token, REMOVE_RELATIONSHIP, json!({ "id": tie, "version": version(&relationship) + 1 })).await;
        moved(&mut seen, read_everywhere(&servers, &token, &mia).await, "a removed relationship");

        let member = member_of(&seen, &cousin).clone();
        change(&first, &token, REMOVE_MEMBER, json!({ "id": member["id"], "version": version(&member) })).await;
        moved(&mut seen, read_everywhere(&servers, &token, &mia).await, "a removed member");

        change(&second, &token, RESTORE, json!({ "id": member["id"], "toVersion": version(&member), "version": version(&member) + 1 })).await;
        let now = read_everywhere(&servers, &token, &mia).await;
        member_of(&now, &cousin);
        moved(&mut seen, now, "a restored member");
    })
    .await;
}

#[tokio::test]
async fn a_kept_network_hides_what_a_restriction_elsewhere_hides_and_ends_with_the_caseload() {
    each_database(|first| async move {
        let second = first.replica().await;
        let keeps_none = first.replica_with(|config| config.network_cache_mb = 0).await;
        let servers = [&first, &second, &keeps_none];
        let token = coordinator(&first);
        let (mia, leo, father, in_leos) = siblings_sharing(
            &first,
            &token,
            ["CACHE-3", "CACHE-4"],
            json!({ "givenName": "Dan", "familyName": "Hartley", "area": "Hull" }),
            json!({ "connectionStatus": "ACTIVE", "side": "PATERNAL" }),
        )
        .await;
        // A second coordinator works with Mia alone.
        let colleague = first.token(ORG, "coordinator-2", &["coordinator"]);
        let colleague_id = assign(&first, &mia, "coordinator-2", "COORDINATOR").await;

        let before = read_everywhere(&servers, &colleague, &mia).await;
        assert_eq!(member_of(&before, &father)["person"]["area"], "Hull");

        // In Leo's network his father's whereabouts must not be disclosed: a record of
        // Leo's network, not of Mia's, and it still hides him in Mia's from anyone not
        // working with Leo.
        let leos = second.gql(&token, NETWORK, json!({ "id": leo })).await;
        let member = member_of(&leos.ok()["child"]["network"], &father).clone();
        assert_eq!(member["id"], in_leos.as_str());
        change(
            &second,
            &token,
            UPDATE_MEMBER,
            json!({
                "id": in_leos,
                "version": version(&member),
                "restriction": "DO_NOT_DISCLOSE_LOCATION",
                "restrictionReason": "risk to the child's mother",
            }),
        )
        .await;
        let after = read_everywhere(&servers, &colleague, &mia).await;
        assert_eq!(member_of(&after, &father)["person"]["area"], Value::Null);
        // The coordinator of both children still sees it.
        let both = read_everywhere(&servers, &token, &mia).await;
        assert_eq!(member_of(&both, &father)["person"]["area"], "Hull");

        // Taken off Mia's case, the colleague reads her network no more, kept or not.
        first
            .gql(
                &manager(&first),
                "mutation($input: UnassignPractitionerInput!) { unassignPractitioner(input: $input) { removedAssignmentId } }",
                json!({ "input": { "childId": mia, "userId": colleague_id } }),
            )
            .await
            .ok();
        for server in servers {
            let answer = server.gql(&colleague, NETWORK, json!({ "id": mia })).await;
            answer.error("NOT_FOUND");
        }
    })
    .await;
}
