//! Subscriptions, as a front-end drawing the ecomap meets them: over graphql-transport-ws at
//! `/graphql`, each committed change arrives with its record as the subscriber may see it,
//! a child one may not see is missing, events stop when the assignment ends, the protocol's
//! close codes hold, and on PostgreSQL a change made through one replica reaches a
//! subscriber on another, through a lost listener and a rolling restart, with nothing lost.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{Value, json};
use tests::{
    Backend, TestApp, each_database, each_database_with,
    ws::{PATIENCE, Socket, subscribe},
};

use crate::support::{ORG, add_person, assign, coordinator, create_child, random_id, string};

const CHANGES: &str = r#"subscription($child: ID!, $after: String) {
  networkChanged(childId: $child, after: $after) {
    sequence childId change recordType action recordId version changedBy { subject } changedAt
    record {
      __typename id
      ... on NetworkMember { connectionStatus person { givenName contact { phone } area } }
      ... on Person { givenName contact { phone } area }
      ... on Relationship { kind from { givenName } to { givenName } }
    }
  }
}"#;

/// The next event of a subscription made with the client library.
async fn next_change(
    subscription: &mut graphql_ws_client::Subscription<tests::ws::Operation>,
) -> Value {
    let item = tokio::time::timeout(PATIENCE, subscription.next())
        .await
        .unwrap_or_else(|_| panic!("no event within {PATIENCE:?}"))
        .unwrap_or_else(|| panic!("the subscription ended"))
        .unwrap_or_else(|error| panic!("subscription error: {error}"));
    assert!(item.get("errors").is_none(), "{item}");
    item["data"]["networkChanged"].clone()
}

/// The next event a raw socket receives for `id`.
async fn next_event(socket: &mut Socket, id: &str) -> Value {
    let message = socket.next().await;
    assert_eq!(message["id"], id, "{message}");
    assert_eq!(message["type"], "next", "{message}");
    assert!(message["payload"].get("errors").is_none(), "{message}");
    message["payload"]["data"]["networkChanged"].clone()
}

const GRANDMOTHER: &str = "Margaret";

async fn add_grandmother(app: &TestApp, token: &str, child: &str) -> (String, String) {
    add_person(
        app,
        token,
        child,
        json!({ "givenName": GRANDMOTHER, "familyName": "Hartley", "phone": "01632 960001",
                "area": "Whitby" }),
        json!({ "connectionStatus": "LOST" }),
    )
    .await
}

/// The organisation's last change number now: a subscription made with it as `after`
/// receives everything from here on, however long the server takes to start it.
async fn now(app: &TestApp) -> String {
    app.count("SELECT COALESCE(MAX(last), 0) FROM network_event_counter")
        .await
        .to_string()
}

/// The next `count` events of subscription "1", each numbered after the one before it and
/// the first after `last` (which ends as the last one's number): the given names of the
/// members among them, in order.
async fn members_in_order(socket: &mut Socket, count: usize, last: &mut i64) -> Vec<Value> {
    let mut members = Vec::new();
    for _ in 0..count {
        let event = next_event(socket, "1").await;
        assert!(sequence(&event) > *last, "{event}");
        *last = sequence(&event);
        if event["recordType"] == "MEMBER" {
            members.push(event["record"]["person"]["givenName"].clone());
        }
    }
    members
}

fn sequence(event: &Value) -> i64 {
    string(&event["sequence"])
        .parse()
        .unwrap_or_else(|error| panic!("sequence: {error}"))
}

#[tokio::test]
async fn a_subscriber_is_told_of_each_change_as_it_commits() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, child_person) = create_child(&app, &token, "LIVE-1").await;
        let after = now(&app).await;
        let mut changes = subscribe(
            app.address,
            &token,
            CHANGES,
            json!({ "child": child, "after": after }),
        )
        .await;

        let (member, grandmother) = add_grandmother(&app, &token, &child).await;
        // The person is created and then placed; both are changes to this network.
        let person = next_change(&mut changes).await;
        assert_eq!(person["recordType"], "PERSON");
        assert_eq!(person["change"], "CREATED");
        assert_eq!(person["recordId"], grandmother.as_str());
        let joined = next_change(&mut changes).await;
        assert_eq!(joined["recordType"], "MEMBER");
        assert_eq!(joined["recordId"], member.as_str());
        assert_eq!(joined["childId"], child.as_str());
        assert_eq!(joined["version"], 1);
        assert_eq!(joined["changedBy"]["subject"], "coordinator-1");
        assert_eq!(joined["record"]["__typename"], "NetworkMember");
        assert_eq!(joined["record"]["person"]["givenName"], GRANDMOTHER);
        assert_eq!(joined["record"]["person"]["contact"]["phone"], "01632 960001");
        assert!(sequence(&joined) > sequence(&person));

        // A relationship between two people of the network is a change to it.
        let related = app
            .gql(
                &token,
                crate::support::ADD_RELATIONSHIP,
                json!({ "input": { "fromPersonId": grandmother, "toPersonId": child_person,
                                   "kind": "FRIEND" } }),
            )
            .await;
        related.ok();
        let tie = next_change(&mut changes).await;
        assert_eq!(tie["recordType"], "RELATIONSHIP");
        assert_eq!(tie["record"]["from"]["givenName"], GRANDMOTHER);
        assert!(sequence(&tie) > sequence(&joined));

        // A change to a person of the network, made anywhere, is a change to it.
        let renamed = app
            .gql(
                &token,
                "mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { person { version } } }",
                json!({ "input": { "id": grandmother, "version": 1, "preferredName": "Peggy" } }),
            )
            .await;
        renamed.ok();
        let changed = next_change(&mut changes).await;
        assert_eq!(changed["recordType"], "PERSON");
        assert_eq!(changed["change"], "UPDATED");
        assert_eq!(changed["version"], 2);

        // Another child's network is another stream.
        let (other, _) = create_child(&app, &token, "LIVE-2").await;
        add_grandmother(&app, &token, &other).await;
        let removed = app
            .gql(
                &token,
                "mutation($input: RemoveFromNetworkInput!) { removeFromNetwork(input: $input) { removedMemberId } }",
                json!({ "input": { "id": member, "version": 1 } }),
            )
            .await;
        removed.ok();
        let gone = next_change(&mut changes).await;
        assert_eq!(gone["childId"], child.as_str(), "{gone}");
        assert_eq!(gone["change"], "REMOVED");
        assert_eq!(gone["record"], Value::Null);
    })
    .await;
}

#[tokio::test]
async fn searches_and_merges_are_changes_to_the_network() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "LIVE-10").await;
        let (_, aunt) = add_person(&app, &token, &child, json!({ "givenName": "Aunt" }), json!({})).await;
        let (_, again) = add_person(&app, &token, &child, json!({ "givenName": "Aunty" }), json!({})).await;
        let mut socket = Socket::signed_in(app.address, &token).await;
        socket
            .subscribe("1", CHANGES, json!({ "child": child, "after": now(&app).await }))
            .await;
        app.gql(
            &token,
            "mutation($input: RecordSearchActivityInput!) { recordSearchActivity(input: $input) { searchActivity { id } } }",
            json!({ "input": { "childId": child, "personId": aunt, "source": "CASE_FILE",
                               "searchedOn": "2026-11-30", "outcome": "FOUND" } }),
        )
        .await
        .ok();
        let search = next_event(&mut socket, "1").await;
        assert_eq!(search["recordType"], "SEARCH", "{search}");
        assert_eq!(search["change"], "CREATED");

        app.gql(
            &token,
            "mutation($input: MergePeopleInput!) { mergePeople(input: $input) { person { id } } }",
            json!({ "input": { "keepId": aunt, "mergeId": again } }),
        )
        .await
        .ok();
        // The record kept is the network's; the one merged into it has left every network.
        let merged = next_event(&mut socket, "1").await;
        assert_eq!(merged["recordType"], "PERSON", "{merged}");
        assert_eq!(merged["change"], "MERGED", "{merged}");
        assert_eq!(merged["recordId"], aunt.as_str());
        assert_ne!(merged["recordId"], again.as_str());
    })
    .await;
}

#[tokio::test]
async fn a_viewer_receives_no_contact_details_and_a_stranger_a_missing_child() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "LIVE-3").await;
        assign(&app, &child, "viewer-1", "VIEWER").await;
        let viewer = app.token(ORG, "viewer-1", &["viewer"]);
        let mut watching = Socket::signed_in(app.address, &viewer).await;
        watching
            .subscribe(
                "1",
                CHANGES,
                json!({ "child": child, "after": now(&app).await }),
            )
            .await;

        // A practitioner of the same organisation not assigned to the child, and an id
        // that names nothing, are told the same.
        let stranger = app.token(ORG, "coordinator-2", &["coordinator"]);
        let mut refused = Socket::signed_in(app.address, &stranger).await;
        refused
            .subscribe("a", CHANGES, json!({ "child": child }))
            .await;
        refused
            .subscribe("b", CHANGES, json!({ "child": random_id() }))
            .await;
        let mut answers = [refused.next().await, refused.next().await];
        answers.sort_by_key(|answer| answer["id"].as_str().map(str::to_owned));
        for answer in &answers {
            assert_eq!(answer["type"], "error", "{answer}");
            assert_eq!(answer["payload"][0]["extensions"]["code"], "NOT_FOUND");
        }
        assert_eq!(
            answers[0]["payload"][0]["message"],
            answers[1]["payload"][0]["message"]
        );

        add_grandmother(&app, &token, &child).await;
        let person = next_event(&mut watching, "1").await;
        assert_eq!(person["record"]["givenName"], GRANDMOTHER);
        assert_eq!(person["record"]["contact"], Value::Null, "{person}");
        let member = next_event(&mut watching, "1").await;
        assert_eq!(member["record"]["person"]["givenName"], GRANDMOTHER);
        assert_eq!(
            member["record"]["person"]["contact"],
            Value::Null,
            "{member}"
        );
        // Every event delivered is a read, on record with its way in.
        let reads = app
            .count("SELECT COUNT(*) FROM audit_event WHERE action = 'network_event.read'")
            .await;
        assert!(reads >= 2, "{reads} reads logged");
    })
    .await;
}

#[tokio::test]
async fn events_stop_when_the_subscriber_is_unassigned() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "LIVE-4").await;
        let user = assign(&app, &child, "coordinator-2", "COORDINATOR").await;
        let second = app.token(ORG, "coordinator-2", &["coordinator"]);
        let mut socket = Socket::signed_in(app.address, &second).await;
        socket
            .subscribe("1", CHANGES, json!({ "child": child, "after": now(&app).await }))
            .await;
        add_grandmother(&app, &token, &child).await;
        next_event(&mut socket, "1").await;
        next_event(&mut socket, "1").await;

        let unassigned = app
            .gql(
                &crate::support::manager(&app),
                "mutation($input: UnassignPractitionerInput!) { unassignPractitioner(input: $input) { removedAssignmentId } }",
                json!({ "input": { "childId": child, "userId": user } }),
            )
            .await;
        unassigned.ok();
        add_person(
            &app,
            &token,
            &child,
            json!({ "givenName": "Aunt", "familyName": "Jo", "phone": "01632 960002" }),
            json!({}),
        )
        .await;
        let last = socket.next().await;
        assert_eq!(last["type"], "next", "{last}");
        assert_eq!(last["payload"]["data"], Value::Null, "{last}");
        assert_eq!(last["payload"]["errors"][0]["extensions"]["code"], "NOT_FOUND");
        let complete = socket.next().await;
        assert_eq!(complete, json!({ "id": "1", "type": "complete" }));
        assert!(
            socket
                .next_within(Duration::from_millis(500))
                .await
                .is_ok_and(|message| message.is_none()),
            "nothing more"
        );
    })
    .await;
}

#[tokio::test]
async fn a_subscriber_resuming_after_a_sequence_misses_nothing() {
    each_database(|app| async move {
        let token = coordinator(&app);
        let (child, _) = create_child(&app, &token, "LIVE-5").await;
        let mut socket = Socket::signed_in(app.address, &token).await;
        socket
            .subscribe(
                "1",
                CHANGES,
                json!({ "child": child, "after": now(&app).await }),
            )
            .await;
        add_grandmother(&app, &token, &child).await;
        let first = next_event(&mut socket, "1").await;
        next_event(&mut socket, "1").await;
        drop(socket);

        // Changes while nobody listens.
        for name in ["Aunt", "Uncle"] {
            add_person(
                &app,
                &token,
                &child,
                json!({ "givenName": name }),
                json!({}),
            )
            .await;
        }
        let mut socket = Socket::signed_in(app.address, &token).await;
        socket
            .subscribe(
                "1",
                CHANGES,
                json!({ "child": child, "after": first["sequence"] }),
            )
            .await;
        let mut seen = Vec::new();
        for _ in 0..5 {
            seen.push(next_event(&mut socket, "1").await);
        }
        let sequences: Vec<i64> = seen.iter().map(sequence).collect();
        assert!(
            sequences.windows(2).all(|pair| pair[0] < pair[1]),
            "{sequences:?}"
        );
        assert_eq!(seen[0]["recordType"], "MEMBER");
        let names: Vec<&Value> = seen
            .iter()
            .filter(|event| event["recordType"] == "MEMBER")
            .map(|event| &event["record"]["person"]["givenName"])
            .collect();
        assert_eq!(names, [GRANDMOTHER, "Aunt", "Uncle"]);
        // And then the live stream, without a repeat.
        add_person(
            &app,
            &token,
            &child,
            json!({ "givenName": "Cousin" }),
            json!({}),
        )
        .await;
        let next = next_event(&mut socket, "1").await;
        assert!(sequence(&next) > sequences[4]);
        let bad = app.token(ORG, "coordinator-1", &["coordinator"]);
        let mut refused = Socket::signed_in(app.address, &bad).await;
        refused
            .subscribe("x", CHANGES, json!({ "child": child, "after": "-3" }))
            .await;
        let answer = refused.next().await;
        assert_eq!(answer["payload"][0]["extensions"]["code"], "BAD_USER_INPUT");
    })
    .await;
}

#[tokio::test]
async fn the_protocol_s_close_codes_hold() {
    each_database_with(
        |config| {
            config.ws_init_timeout_secs = 1;
            config.ws_max_subscriptions = 2;
        },
        |app| async move {
            let token = coordinator(&app);
            let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } });

            let mut socket = Socket::open(app.address, "graphql-transport-ws").await;
            socket.send_text("{ not json").await;
            assert_eq!(socket.closed().await, 4400, "a message that is not JSON");

            let mut socket = Socket::open(app.address, "graphql-transport-ws").await;
            socket.send(json!({ "type": "start", "id": "1" })).await;
            assert_eq!(socket.closed().await, 4400, "a message of another protocol");

            let mut socket = Socket::open(app.address, "graphql-transport-ws").await;
            socket
                .subscribe("1", CHANGES, json!({ "child": random_id() }))
                .await;
            assert_eq!(socket.closed().await, 4401, "a subscribe before the ack");

            let mut socket = Socket::open(app.address, "graphql-transport-ws").await;
            socket
                .send(json!({ "type": "connection_init", "payload": { "Authorization": "Bearer not-a-token" } }))
                .await;
            assert_eq!(socket.closed().await, 4403, "a bad token");

            let mut socket = Socket::open(app.address, "graphql-transport-ws").await;
            socket.send(json!({ "type": "connection_init" })).await;
            assert_eq!(socket.closed().await, 4403, "no token");

            let mut socket = Socket::open(app.address, "graphql-transport-ws").await;
            assert_eq!(socket.closed().await, 4408, "no connection_init");

            let mut socket = Socket::open(app.address, "").await;
            assert_eq!(socket.closed().await, 4406, "no subprotocol");

            let mut socket = Socket::open(app.address, "graphql-transport-ws").await;
            socket.send(init.clone()).await;
            assert_eq!(socket.next().await["type"], "connection_ack");
            socket.send(init.clone()).await;
            assert_eq!(socket.closed().await, 4429, "a second connection_init");

            let (child, _) = create_child(&app, &token, "LIVE-6").await;
            let mut socket = Socket::signed_in(app.address, &token).await;
            socket.send(json!({ "type": "ping" })).await;
            assert_eq!(socket.next().await["type"], "pong");
            socket.subscribe("1", CHANGES, json!({ "child": child })).await;
            socket.subscribe("2", CHANGES, json!({ "child": child })).await;
            // Past the limit: that operation is refused, the connection stays.
            socket.subscribe("3", CHANGES, json!({ "child": child })).await;
            let refused = socket.next().await;
            assert_eq!(refused["id"], "3");
            assert_eq!(refused["type"], "error");
            // A client may end one; a query over the socket answers once and completes.
            socket.send(json!({ "id": "2", "type": "complete" })).await;
            tokio::time::sleep(Duration::from_millis(200)).await;
            socket
                .subscribe("q", "{ me { user { subject } } }", json!({}))
                .await;
            let answer = socket.next().await;
            assert_eq!(answer["payload"]["data"]["me"]["user"]["subject"], "coordinator-1", "{answer}");
            assert_eq!(socket.next().await, json!({ "id": "q", "type": "complete" }));
            // An id that ended may be used again; one in use may not.
            tokio::time::sleep(Duration::from_millis(200)).await;
            socket.subscribe("2", CHANGES, json!({ "child": child })).await;
            socket.subscribe("1", CHANGES, json!({ "child": child })).await;
            assert_eq!(socket.closed().await, 4409, "an id in use");

            // A token that runs out closes the connection.
            let mut claims = TestApp::claims(ORG, "coordinator-1", &["coordinator"]);
            claims.exp = jsonwebtoken::get_current_timestamp() + 2;
            let brief = api::auth::mint(&api::config::Secret::new(tests::TEST_SECRET), &claims)
                .unwrap_or_else(|error| panic!("mint: {error}"));
            let mut socket = Socket::signed_in(app.address, &brief).await;
            socket.subscribe("1", CHANGES, json!({ "child": child })).await;
            assert_eq!(socket.closed().await, 4403, "an expired token");
        },
    )
    .await;
}

#[tokio::test]
async fn a_user_s_connections_are_capped() {
    each_database_with(
        |config| config.ws_max_connections_per_user = 2,
        |app| async move {
            let token = coordinator(&app);
            let first = Socket::signed_in(app.address, &token).await;
            let _second = Socket::signed_in(app.address, &token).await;
            let mut third = Socket::open(app.address, "graphql-transport-ws").await;
            third
                .send(json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } }))
                .await;
            assert_eq!(third.closed().await, 1013);
            // Another user is not counted against this one, and a closed socket frees room.
            Socket::signed_in(app.address, &app.token(ORG, "coordinator-2", &["coordinator"]))
                .await;
            drop(first);
            tokio::time::sleep(Duration::from_millis(300)).await;
            Socket::signed_in(app.address, &token).await;
        },
    )
    .await;
}

#[tokio::test]
async fn a_subscriber_that_stops_reading_is_disconnected_not_buffered() {
    each_database_with(
        |config| {
            config.ws_send_buffer = 4;
            config.ws_slow_consumer_secs = 1;
            config.ws_keepalive_secs = 600;
        },
        |app| async move {
            let token = coordinator(&app);
            let (child, _) = create_child(&app, &token, "LIVE-9").await;
            let mut socket = Socket::open_narrow(app.address).await;
            socket
                .send(json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } }))
                .await;
            assert_eq!(socket.next().await["type"], "connection_ack");
            let after = now(&app).await;
            let subscriptions = 30;
            // Messages of a few kilobytes each, more in all than the sockets' buffers hold.
            let heavy = "subscription($child: ID!, $after: String) { networkChanged(childId: $child, after: $after) {
                sequence record { ... on Person { notes } ... on NetworkMember { person { notes } } } } }";
            for id in 0..subscriptions {
                socket
                    .subscribe(&id.to_string(), heavy, json!({ "child": child, "after": after }))
                    .await;
            }
            // The socket reads nothing while a few thousand messages are sent to it.
            let writes = 120;
            for number in 0..writes {
                add_person(
                    &app,
                    &token,
                    &child,
                    json!({ "givenName": format!("Relative {number}"), "notes": "x".repeat(3000) }),
                    json!({}),
                )
                .await;
            }
            tokio::time::sleep(Duration::from_secs(3)).await;
            let mut received = 0;
            let ended = loop {
                match socket.next_within(PATIENCE).await {
                    Ok(Some(_)) => received += 1,
                    Ok(None) => break false,
                    Err(_) => break true,
                }
            };
            assert!(ended, "the socket stayed open after {received} messages");
            assert!(
                received < writes * 2 * subscriptions,
                "every one of {received} messages was kept for it"
            );
            // The user is not shut out.
            Socket::signed_in(app.address, &token).await;
        },
    )
    .await;
}

/// A test on two replicas sharing one PostgreSQL database; skipped on SQLite, which is
/// one process.
async fn on_two_replicas<F, Fut>(test: F)
where
    F: Fn(TestApp, TestApp) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    each_database(|first| {
        let test = &test;
        async move {
            if first.backend == Backend::Sqlite {
                return;
            }
            let second = first.replica().await;
            test(first, second).await;
        }
    })
    .await;
}

#[tokio::test]
async fn a_change_through_one_replica_reaches_a_subscriber_on_another() {
    on_two_replicas(|first, second| async move {
        let token = coordinator(&first);
        let (child, _) = create_child(&first, &token, "LIVE-7").await;
        let mut socket = Socket::signed_in(second.address, &token).await;
        socket
            .subscribe(
                "1",
                CHANGES,
                json!({ "child": child, "after": now(&first).await }),
            )
            .await;
        add_grandmother(&first, &token, &child).await;
        let person = next_event(&mut socket, "1").await;
        assert_eq!(person["record"]["givenName"], GRANDMOTHER);
        let member = next_event(&mut socket, "1").await;
        let mut last = sequence(&member);

        // The second replica's listener is cut off; what is written meanwhile still
        // arrives, in order, once.
        let terminated = second
            .count(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity \
                 WHERE datname = current_database() AND query LIKE 'LISTEN%'",
            )
            .await;
        assert!(terminated >= 1, "no listener to cut off");
        for name in ["Aunt", "Uncle", "Cousin"] {
            add_person(
                &first,
                &token,
                &child,
                json!({ "givenName": name }),
                json!({}),
            )
            .await;
        }
        let members = members_in_order(&mut socket, 6, &mut last).await;
        assert_eq!(members, ["Aunt", "Uncle", "Cousin"]);
        assert!(
            socket
                .next_within(Duration::from_millis(1500))
                .await
                .is_ok_and(|message| message.is_none()),
            "no event twice"
        );
    })
    .await;
}

#[tokio::test]
async fn a_rolling_restart_drops_no_committed_event() {
    on_two_replicas(|first, second| async move {
        let token = coordinator(&first);
        let (child, _) = create_child(&first, &token, "LIVE-8").await;
        let mut socket = Socket::signed_in(second.address, &token).await;
        socket
            .subscribe(
                "1",
                CHANGES,
                json!({ "child": child, "after": now(&first).await }),
            )
            .await;
        add_person(
            &first,
            &token,
            &child,
            json!({ "givenName": "Before" }),
            json!({}),
        )
        .await;
        next_event(&mut socket, "1").await;
        let mut last = sequence(&next_event(&mut socket, "1").await);
        let mut names = Vec::new();

        // The second replica stops: its subscriber is told to go elsewhere, and resumes on
        // the first from the last number it saw, while changes go on being made; then the
        // first stops, and the subscriber moves to a new replica.
        let replica = second.replica().await;
        let mut servers = [Some(first), Some(second), Some(replica)];
        for (stopping, next, name) in [(1, 0, "During"), (0, 2, "After")] {
            if let Some(stopping) = servers[stopping].take() {
                stopping.stop().await;
            }
            assert_eq!(socket.closed().await, 1001);
            let next = servers[next]
                .as_ref()
                .unwrap_or_else(|| panic!("replica {next} stopped"));
            add_person(
                next,
                &token,
                &child,
                json!({ "givenName": name }),
                json!({}),
            )
            .await;
            socket = Socket::signed_in(next.address, &token).await;
            socket
                .subscribe(
                    "1",
                    CHANGES,
                    json!({ "child": child, "after": last.to_string() }),
                )
                .await;
            names.extend(members_in_order(&mut socket, 2, &mut last).await);
        }
        assert_eq!(names, ["During", "After"]);
    })
    .await;
}
