//! The subscription load: many subscribers spread over the replicas, a steady stream of
//! writes through them in turn, and for every event its delay from the change's time
//! (`changedAt`, on the server's clock: the same machine's) to its receipt. Checks that
//! every subscriber received each event of its child exactly once, in order. Run by
//! `bench/live`, which starts the replicas; usage:
//!
//!     live_load TOKEN SECONDS WRITES_PER_SECOND SUBSCRIBERS_PER_CHILD URL... -- CHILD...

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use chrono::{DateTime, Utc};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::{
    connect_async,
    tungstenite::{Message, client::IntoClientRequest, http::HeaderValue},
};

const CHANGES: &str = "subscription($child: ID!, $after: String) { networkChanged(childId: $child, after: $after) { sequence changedAt record { id } } }";

/// What one subscriber received: each event's sequence and delay.
#[derive(Default)]
struct Received {
    sequences: Vec<i64>,
    delays_ms: Vec<f64>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let split = args
        .iter()
        .position(|arg| arg == "--")
        .ok_or_else(|| anyhow::anyhow!("usage: TOKEN SECONDS RATE PER_CHILD URL... -- CHILD..."))?;
    let (head, children) = (&args[..split], &args[split + 1..]);
    let [token, seconds, rate, per_child, urls @ ..] = head else {
        anyhow::bail!("usage: TOKEN SECONDS RATE PER_CHILD URL... -- CHILD...");
    };
    let (seconds, rate, per_child): (u64, u64, usize) =
        (seconds.parse()?, rate.parse()?, per_child.parse()?);
    // Where the counter stands before the subscribers start (bench/live reads it), so
    // that no write is missed however long the subscriptions take to start.
    let after = std::env::var("LIVE_LOAD_AFTER").ok();

    // Subscribers, spread over the replicas in turn, each acknowledged before the writes.
    let mut subscribers = Vec::new();
    let mut index = 0;
    for child in children {
        for _ in 0..per_child {
            let url = &urls[index % urls.len()];
            index += 1;
            let received = Arc::new(Mutex::new(Received::default()));
            let ready = tokio::sync::oneshot::channel();
            tokio::spawn(subscriber(
                url.clone(),
                token.clone(),
                child.clone(),
                after.clone(),
                received.clone(),
                ready.0,
            ));
            ready.1.await??;
            subscribers.push((child.clone(), received));
        }
    }
    eprintln!("{} subscribers ready", subscribers.len());
    tokio::time::sleep(Duration::from_secs(1)).await;

    // The writes: one person added to a child's network at a time, children and replicas
    // in turn, at the rate asked.
    let client = reqwest::Client::new();
    let mut writes: HashMap<String, usize> = HashMap::new();
    let mut ticker = tokio::time::interval(Duration::from_micros(1_000_000 / rate.max(1)));
    let total = seconds * rate;
    for number in 0..total {
        ticker.tick().await;
        let child = &children[number as usize % children.len()];
        let url = &urls[number as usize % urls.len()];
        let answer: Value = client
            .post(format!("{url}/graphql"))
            .bearer_auth(token)
            .json(&json!({
                "query": "mutation($input: AddPersonToNetworkInput!) { addPersonToNetwork(input: $input) { member { id } } }",
                "variables": { "input": { "childId": child, "person": { "givenName": format!("Load {number}") } } },
            }))
            .send()
            .await?
            .json()
            .await?;
        anyhow::ensure!(answer.get("errors").is_none(), "a write failed: {answer}");
        *writes.entry(child.clone()).or_default() += 1;
    }
    // Time for the last events to arrive.
    tokio::time::sleep(Duration::from_secs(3)).await;

    let mut delays = Vec::new();
    let (mut lost, mut repeated) = (0usize, 0usize);
    for (child, received) in &subscribers {
        let received = received.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
        // Each write is two events: the person created, then their place in the network.
        let expected = writes.get(child).copied().unwrap_or_default() * 2;
        let mut unique = received.sequences.clone();
        unique.dedup();
        repeated += received.sequences.len() - unique.len();
        if !received.sequences.windows(2).all(|pair| pair[0] < pair[1]) {
            repeated += 1;
        }
        lost += expected.saturating_sub(unique.len());
        delays.extend_from_slice(&received.delays_ms);
    }
    delays.sort_by(f64::total_cmp);
    let at = |share: f64| {
        delays
            .get(((delays.len() as f64 * share) as usize).min(delays.len().saturating_sub(1)))
            .copied()
            .unwrap_or(f64::NAN)
    };
    println!(
        "RESULT subscribers={} writes={} events_delivered={} p50_ms={:.2} p99_ms={:.2} max_ms={:.2} lost={} repeated={}",
        subscribers.len(),
        total,
        delays.len(),
        at(0.50),
        at(0.99),
        delays.last().copied().unwrap_or(f64::NAN),
        lost,
        repeated
    );
    anyhow::ensure!(lost == 0 && repeated == 0, "events were lost or repeated");
    Ok(())
}

async fn subscriber(
    url: String,
    token: String,
    child: String,
    after: Option<String>,
    received: Arc<Mutex<Received>>,
    ready: tokio::sync::oneshot::Sender<anyhow::Result<()>>,
) {
    let mut ready = Some(ready);
    let result = async {
        let mut request = format!("{}/graphql", url.replacen("http", "ws", 1)).into_client_request()?;
        request
            .headers_mut()
            .insert("sec-websocket-protocol", HeaderValue::from_static("graphql-transport-ws"));
        let (mut socket, _) = connect_async(request).await?;
        socket
            .send(Message::Text(
                json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } })
                    .to_string()
                    .into(),
            ))
            .await?;
        while let Some(message) = socket.next().await {
            let Message::Text(text) = message? else {
                continue;
            };
            let message: Value = serde_json::from_str(text.as_str())?;
            match message["type"].as_str() {
                Some("connection_ack") => {
                    socket
                        .send(Message::Text(
                            json!({ "id": "1", "type": "subscribe", "payload": {
                                "query": CHANGES, "variables": { "child": child, "after": after } } })
                            .to_string()
                            .into(),
                        ))
                        .await?;
                    if let Some(ready) = ready.take() {
                        let _ = ready.send(Ok(()));
                    }
                }
                Some("ping") => {
                    socket
                        .send(Message::Text(json!({ "type": "pong" }).to_string().into()))
                        .await?
                }
                Some("next") => {
                    let now = Utc::now();
                    let event = &message["payload"]["data"]["networkChanged"];
                    let sequence: i64 = event["sequence"].as_str().unwrap_or("0").parse()?;
                    let at: DateTime<Utc> = event["changedAt"].as_str().unwrap_or_default().parse()?;
                    let delay = (now - at).num_microseconds().unwrap_or_default() as f64 / 1000.0;
                    let mut received = received.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
                    received.sequences.push(sequence);
                    received.delays_ms.push(delay);
                }
                Some("error" | "complete") => anyhow::bail!("the subscription ended: {message}"),
                _ => {}
            }
        }
        Ok(())
    }
    .await;
    if let Err(error) = result {
        eprintln!("subscriber failed: {error}");
        if let Some(ready) = ready.take() {
            let _ = ready.send(Err(error));
        }
    }
}
