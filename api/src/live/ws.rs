//! The graphql-transport-ws protocol on `GET /graphql` (a WebSocket upgrade), written out
//! here rather than taken from async-graphql, whose handler closes with 1002 and 1011
//! where the protocol says 4400, 4401 and 4403, waits for `connection_init` for ever and
//! lets a second subscription take an id in use.
//!
//! The token comes in `connection_init`'s payload (`{"Authorization": "Bearer …"}`), is
//! checked as on HTTP, and the connection closes (4403) when it expires. Each operation runs
//! against the schema with a request context of its own; a subscription's events are
//! checked and read again one by one (`schema::subscriptions`).

use std::{
    collections::{HashMap, hash_map::Entry},
    sync::{Arc, Mutex, PoisonError},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use async_graphql::{Request, Response as GraphqlResponse, Variables};
use axum::{
    extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade},
    http::HeaderValue,
    response::{IntoResponse, Response},
};
use futures_util::{SinkExt, StreamExt, stream::SplitSink};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::{
    sync::{mpsc, watch},
    task::AbortHandle,
    time::{Instant, sleep_until},
};
use uuid::Uuid;

use crate::{
    AppState,
    auth::Claims,
    config::Config,
    error::{ApiError, mask_response},
    schema::{context::RequestContext, inline::Shapes, subscriptions::Live},
    service::{Viewer, access::Via},
};

/// The subprotocol spoken.
pub const PROTOCOL: &str = "graphql-transport-ws";

/// Bytes read from a socket at a time.
const READ_BUFFER: usize = 8 * 1024;

/// The close codes of the protocol, and the standard ones used beside them.
pub mod close {
    pub const GOING_AWAY: u16 = 1001;
    pub const POLICY: u16 = 1008;
    pub const TRY_AGAIN_LATER: u16 = 1013;
    pub const BAD_MESSAGE: u16 = 4400;
    pub const UNAUTHORISED: u16 = 4401;
    pub const FORBIDDEN: u16 = 4403;
    pub const SUBPROTOCOL: u16 = 4406;
    pub const INIT_TIMEOUT: u16 = 4408;
    pub const DUPLICATE_ID: u16 = 4409;
    pub const TOO_MANY_INITS: u16 = 4429;
}

/// The WebSocket limits, and the count of each user's open sockets on this server.
pub struct Sockets {
    init_timeout: Duration,
    keepalive: Duration,
    max_subscriptions: usize,
    max_per_user: usize,
    send_buffer: usize,
    slow_consumer: Duration,
    open: Mutex<HashMap<(Uuid, Uuid), usize>>,
    /// Set once the server stops: every socket closes with 1001.
    closing: watch::Sender<bool>,
}

impl Sockets {
    pub fn new(config: &Config) -> Self {
        Self {
            init_timeout: Duration::from_secs(config.ws_init_timeout_secs),
            keepalive: Duration::from_secs(config.ws_keepalive_secs.max(1)),
            max_subscriptions: config.ws_max_subscriptions,
            max_per_user: config.ws_max_connections_per_user,
            send_buffer: config.ws_send_buffer.max(1),
            slow_consumer: Duration::from_secs(config.ws_slow_consumer_secs),
            open: Mutex::new(HashMap::new()),
            closing: watch::channel(false).0,
        }
    }

    /// Closes every socket (1001), for a server that is stopping: a client reconnects to
    /// another replica and resumes with `after`.
    pub fn close_all(&self) {
        self.closing.send_replace(true);
    }

    /// Counts one more socket of the user, or `None` past the limit.
    fn admit(self: &Arc<Self>, viewer: &Viewer) -> Option<Admitted> {
        let key = (viewer.organisation_id, viewer.user_id);
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(key).or_default();
        if *count >= self.max_per_user {
            return None;
        }
        *count += 1;
        Some(Admitted {
            sockets: self.clone(),
            key,
        })
    }
}

/// One counted socket; dropping it uncounts it.
struct Admitted {
    sockets: Arc<Sockets>,
    key: (Uuid, Uuid),
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut open = self
            .sockets
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Entry::Occupied(mut count) = open.entry(self.key) {
            *count.get_mut() -= 1;
            if *count.get() == 0 {
                count.remove();
            }
        }
    }
}

/// Answers the upgrade, offering the protocol; a client that asks for another one is
/// closed with 4406 once connected, as the protocol has it.
pub fn upgrade(state: AppState, upgrade: WebSocketUpgrade) -> Response {
    let speaks = upgrade.requested_protocols().any(|protocol| {
        protocol
            .to_str()
            .is_ok_and(|protocol| protocol.trim() == PROTOCOL)
    });
    let mut response = upgrade
        .protocols([PROTOCOL])
        .max_message_size(crate::http::BODY_LIMIT)
        // A subscriber's messages are small and few: a thousand sockets should not hold a
        // thousand of the default 128 KiB read buffers.
        .read_buffer_size(READ_BUFFER)
        .on_upgrade(move |socket| async move {
            if speaks {
                Connection::new(state, socket).run().await;
            } else {
                refuse(socket, close::SUBPROTOCOL, "Subprotocol not acceptable").await;
            }
        })
        .into_response();
    response
        .headers_mut()
        .insert("cache-control", HeaderValue::from_static("no-store"));
    response
}

async fn refuse(mut socket: WebSocket, code: u16, reason: &'static str) {
    let _ = socket
        .send(Message::Close(Some(CloseFrame {
            code,
            reason: Utf8Bytes::from_static(reason),
        })))
        .await;
}

/// What a client sends.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ClientMessage {
    ConnectionInit {
        #[serde(default)]
        payload: Option<Value>,
    },
    Ping {},
    Pong {},
    Subscribe {
        id: String,
        payload: SubscribePayload,
    },
    Complete {
        id: String,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubscribePayload {
    query: String,
    #[serde(default)]
    operation_name: Option<String>,
    #[serde(default)]
    variables: Option<Value>,
    #[serde(default)]
    extensions: Option<HashMap<String, Value>>,
}

/// Why the connection is ending: a close code and its reason.
type Ending = (u16, String);

/// What a subscription's task tells the connection.
enum Report {
    /// The operation ended (completed, failed, or cancelled by the client).
    Done(String),
    /// The client does not read what is sent; the connection must end.
    Stalled,
}

struct Connection {
    state: AppState,
    sockets: Arc<Sockets>,
    incoming: futures_util::stream::SplitStream<WebSocket>,
    outgoing: mpsc::Sender<Message>,
    writer: tokio::task::JoinHandle<()>,
    reports: (
        mpsc::UnboundedSender<Report>,
        mpsc::UnboundedReceiver<Report>,
    ),
    /// Set once `connection_init` arrives.
    initialised: bool,
    /// The viewer, once the connection is acknowledged, with the token's expiry.
    signed_in: Option<(Viewer, Instant, Admitted)>,
    running: HashMap<String, AbortHandle>,
    heard: Instant,
}

impl Connection {
    fn new(state: AppState, socket: WebSocket) -> Self {
        let sockets = state.sockets.clone();
        let (sink, incoming) = socket.split();
        let (outgoing, queue) = mpsc::channel(sockets.send_buffer);
        Self {
            writer: tokio::spawn(write(sink, queue)),
            state,
            sockets,
            incoming,
            outgoing,
            reports: mpsc::unbounded_channel(),
            initialised: false,
            signed_in: None,
            running: HashMap::new(),
            heard: Instant::now(),
        }
    }

    async fn run(mut self) {
        let opened = Instant::now();
        let mut keepalive =
            tokio::time::interval_at(opened + self.sockets.keepalive, self.sockets.keepalive);
        let mut closing = self.sockets.closing.subscribe();
        let ending: Ending = loop {
            let expires = self.signed_in.as_ref().map(|(_, expires, _)| *expires);
            tokio::select! {
                received = self.incoming.next() => match received {
                    Some(Ok(message)) => {
                        self.heard = Instant::now();
                        if let Err(ending) = self.receive(message).await {
                            break ending;
                        }
                    }
                    // The client went, or the socket failed: nobody to tell.
                    Some(Err(_)) | None => break (0, String::new()),
                },
                Some(report) = self.reports.1.recv() => match report {
                    Report::Done(id) => {
                        self.running.remove(&id);
                    }
                    Report::Stalled => {
                        break stalled();
                    }
                },
                () = sleep_until(opened + self.sockets.init_timeout), if !self.initialised => {
                    break (close::INIT_TIMEOUT, "Connection initialisation timeout".into());
                }
                () = sleep_until(expires.unwrap_or(opened)), if expires.is_some() => {
                    break (close::FORBIDDEN, "Forbidden: the token has expired".into());
                }
                _ = keepalive.tick() => {
                    if self.heard.elapsed() > self.sockets.keepalive * 2 {
                        break (close::GOING_AWAY, "no answer to ping".into());
                    }
                    if self.send(json!({ "type": "ping" })).is_err() {
                        break stalled();
                    }
                }
                _ = closing.changed() => {
                    break (close::GOING_AWAY, "the server is restarting".into());
                }
            }
        };
        for (_, task) in self.running.drain() {
            task.abort();
        }
        if ending.0 != 0 {
            // A client that reads nothing would not read this either: it is not waited for.
            let _ = self.outgoing.try_send(Message::Close(Some(CloseFrame {
                code: ending.0,
                reason: ending.1.into(),
            })));
        }
        drop(self.outgoing);
        if tokio::time::timeout(Duration::from_secs(1), &mut self.writer)
            .await
            .is_err()
        {
            self.writer.abort();
        }
    }

    /// Queues a message without waiting; a full queue is a client that stopped reading.
    fn send(&self, message: Value) -> Result<(), ()> {
        self.outgoing
            .try_send(Message::Text(message.to_string().into()))
            .map_err(|_| ())
    }

    async fn receive(&mut self, message: Message) -> Result<(), Ending> {
        let text = match message {
            Message::Text(text) => text,
            // The socket's own pings are answered by the socket.
            Message::Ping(_) | Message::Pong(_) => return Ok(()),
            Message::Close(_) => return Err((0, String::new())),
            Message::Binary(_) => {
                return Err((close::BAD_MESSAGE, "Invalid message: binary".into()));
            }
        };
        let message: ClientMessage = serde_json::from_str(text.as_str())
            .map_err(|_| (close::BAD_MESSAGE, "Invalid message received".to_owned()))?;
        match message {
            ClientMessage::ConnectionInit { payload } => self.initialise(payload).await,
            ClientMessage::Ping {} => self.send(json!({ "type": "pong" })).map_err(|()| stalled()),
            ClientMessage::Pong {} => Ok(()),
            ClientMessage::Subscribe { id, payload } => self.subscribe(id, payload),
            ClientMessage::Complete { id } => {
                if let Some(task) = self.running.remove(&id) {
                    task.abort();
                }
                Ok(())
            }
        }
    }

    async fn initialise(&mut self, payload: Option<Value>) -> Result<(), Ending> {
        if self.initialised {
            return Err((
                close::TOO_MANY_INITS,
                "Too many initialisation requests".into(),
            ));
        }
        self.initialised = true;
        let forbidden = || (close::FORBIDDEN, "Forbidden".to_owned());
        let token = payload
            .as_ref()
            .and_then(|payload| {
                payload
                    .get("Authorization")
                    .or_else(|| payload.get("authorization"))
            })
            .and_then(Value::as_str)
            .and_then(crate::auth::bearer)
            .ok_or_else(forbidden)?;
        let claims = self.state.verifier.verify(token).map_err(|reason| {
            tracing::info!(reason = %crate::untrusted::for_log(&reason.to_string()), "token refused");
            forbidden()
        })?;
        let viewer = crate::http::viewer_of(&self.state, &claims)
            .await
            .map_err(|_| forbidden())?
            .through(Via::Subscription);
        let admitted = self.sockets.admit(&viewer).ok_or_else(|| {
            (
                close::TRY_AGAIN_LATER,
                "too many connections for this user".to_owned(),
            )
        })?;
        self.signed_in = Some((viewer, expiry(&claims), admitted));
        self.send(json!({ "type": "connection_ack" }))
            .map_err(|()| stalled())
    }

    fn subscribe(&mut self, id: String, payload: SubscribePayload) -> Result<(), Ending> {
        let Some((viewer, _, _)) = &self.signed_in else {
            return Err((close::UNAUTHORISED, "Unauthorized".into()));
        };
        if self.running.contains_key(&id) {
            return Err((
                close::DUPLICATE_ID,
                format!(
                    "Subscriber for {} already exists",
                    crate::untrusted::for_log(&id)
                ),
            ));
        }
        if self.running.len() >= self.sockets.max_subscriptions {
            let refusal = ApiError::bad_input(
                "subscribe",
                format!(
                    "a connection runs at most {} operations at once",
                    self.sockets.max_subscriptions
                ),
            );
            return self
                .send(error_message(&id, &refusal_response(refusal)))
                .map_err(|()| stalled());
        }
        let mut viewer = viewer.clone();
        viewer.at = self.state.clock.now();
        let operation = Operation {
            id: id.clone(),
            state: self.state.clone(),
            viewer,
            payload,
            outgoing: self.outgoing.clone(),
            reports: self.reports.0.clone(),
            slow_consumer: self.sockets.slow_consumer,
        };
        let task = tokio::spawn(operation.run());
        self.running.insert(id, task.abort_handle());
        Ok(())
    }
}

fn stalled() -> Ending {
    (
        close::POLICY,
        "the client does not read its messages".into(),
    )
}

/// When the token stops being valid, on this process's clock.
fn expiry(claims: &Claims) -> Instant {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    Instant::now() + Duration::from_secs(claims.exp.saturating_sub(now))
}

/// Writes queued messages to the socket until the queue closes.
async fn write(mut sink: SplitSink<WebSocket, Message>, mut queue: mpsc::Receiver<Message>) {
    while let Some(message) = queue.recv().await {
        let last = matches!(message, Message::Close(_));
        if sink.send(message).await.is_err() || last {
            break;
        }
    }
    let _ = sink.close().await;
}

/// One operation a client started: a subscription, or a query or mutation sent over the
/// socket.
struct Operation {
    id: String,
    state: AppState,
    viewer: Viewer,
    payload: SubscribePayload,
    outgoing: mpsc::Sender<Message>,
    reports: mpsc::UnboundedSender<Report>,
    slow_consumer: Duration,
}

impl Operation {
    async fn run(self) {
        let id = self.id.clone();
        let reports = self.reports.clone();
        let report = match self.execute().await {
            Ok(()) => Report::Done(id),
            Err(()) => Report::Stalled,
        };
        let _ = reports.send(report);
    }

    /// Runs the operation to its end, sending each result; `Err` when the client stopped
    /// reading.
    async fn execute(self) -> Result<(), ()> {
        let request_id = Uuid::now_v7();
        let request = match self.request() {
            Ok(request) => request,
            Err(refusal) => {
                return self
                    .deliver(error_message(&self.id, &refusal_response(refusal)))
                    .await;
            }
        };
        let live = Live {
            hub: self.state.hub.clone(),
            clock: self.state.clock.clone(),
        };
        let context = RequestContext::new(
            self.viewer.clone(),
            self.state.db.clone(),
            self.state.emergency_access,
        );
        let mut results = self
            .state
            .schema
            .execute_stream(request.data(context).data(Shapes::default()).data(live));
        let mut first = true;
        while let Some(mut response) = results.next().await {
            mask_response(&mut response, request_id);
            self.state.metrics.count_request();
            // Refused before it began (a query that does not validate, a child you may not
            // see): the protocol's `error`, and nothing more.
            if first && response.data == async_graphql::Value::Null && response.is_err() {
                return self.deliver(error_message(&self.id, &response)).await;
            }
            first = false;
            let next = json!({ "id": self.id, "type": "next", "payload": response });
            self.deliver(next).await?;
        }
        self.deliver(json!({ "id": self.id, "type": "complete" }))
            .await
    }

    /// The operation as a GraphQL request, screened as the HTTP handler screens one.
    fn request(&self) -> Result<Request, ApiError> {
        let payload = &self.payload;
        let document = crate::http::screen(&self.state.queries, &payload.query)
            .map_err(|refusal| ApiError::bad_input("query", refusal))?;
        let mut request = Request::new(payload.query.clone());
        if let Some(document) = document {
            request.set_parsed_query(document);
        }
        if let Some(name) = &payload.operation_name {
            request = request.operation_name(name.clone());
        }
        if let Some(variables) = &payload.variables {
            request = request.variables(Variables::from_json(variables.clone()));
        }
        if let Some(extensions) = &payload.extensions {
            for (name, value) in extensions {
                if let Ok(value) = async_graphql::Value::from_json(value.clone()) {
                    request.extensions.insert(name.clone(), value);
                }
            }
        }
        Ok(request)
    }

    /// Queues a message, waiting at most the slow-consumer time for room.
    async fn deliver(&self, message: Value) -> Result<(), ()> {
        self.outgoing
            .send_timeout(
                Message::Text(message.to_string().into()),
                self.slow_consumer,
            )
            .await
            .map_err(|_| ())
    }
}

/// A refusal as the response it would be.
fn refusal_response(refusal: ApiError) -> GraphqlResponse {
    // About the operation as a whole: no place in its text.
    let mut error = async_graphql::Error::from(refusal).into_server_error(Default::default());
    error.locations.clear();
    let mut response = GraphqlResponse::from_errors(vec![error]);
    mask_response(&mut response, Uuid::now_v7());
    response
}

/// The protocol's `error` message: the operation's errors, and nothing more for its id.
fn error_message(id: &str, response: &GraphqlResponse) -> Value {
    json!({ "id": id, "type": "error", "payload": response.errors })
}
