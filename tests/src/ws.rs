//! WebSocket clients for the subscription tests: [`Socket`], which sends exactly what a
//! test says (to break the protocol on purpose), and [`subscribe`], which uses a real
//! graphql-transport-ws client library.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde::Serialize;
use serde_json::{Value, json};
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream, connect_async,
    tungstenite::{Message, client::IntoClientRequest, http::HeaderValue},
};

type Stream = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

/// How long a test waits for a message it expects.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// A raw WebSocket to `/graphql`, speaking what the test sends.
pub struct Socket {
    stream: Stream,
}

/// How a socket ended: the close code and reason, or `None` for a drop without one.
pub type Closed = Option<(u16, String)>;

impl Socket {
    /// Opens a socket offering `protocol` (graphql-transport-ws, unless a test offers
    /// none).
    pub async fn open(address: std::net::SocketAddr, protocol: &str) -> Self {
        let (stream, _) = connect_async(upgrade(address, protocol))
            .await
            .unwrap_or_else(|error| panic!("connect: {error}"));
        Self { stream }
    }

    /// Opens a socket whose receive buffer is a few kilobytes, so that a test that stops
    /// reading soon has the server's messages pile up.
    pub async fn open_narrow(address: std::net::SocketAddr) -> Self {
        let socket = tokio::net::TcpSocket::new_v4().unwrap_or_else(|error| panic!("{error}"));
        socket
            .set_recv_buffer_size(4096)
            .unwrap_or_else(|error| panic!("{error}"));
        let tcp = socket
            .connect(address)
            .await
            .unwrap_or_else(|error| panic!("connect: {error}"));
        let request = upgrade(address, "graphql-transport-ws");
        let (stream, _) = tokio_tungstenite::client_async(request, MaybeTlsStream::Plain(tcp))
            .await
            .unwrap_or_else(|error| panic!("handshake: {error}"));
        Self { stream }
    }

    /// Opens a socket and is acknowledged with `token`.
    pub async fn signed_in(address: std::net::SocketAddr, token: &str) -> Self {
        let mut socket = Self::open(address, "graphql-transport-ws").await;
        socket
            .send(json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } }))
            .await;
        let ack = socket.next().await;
        assert_eq!(ack["type"], "connection_ack", "{ack}");
        socket
    }

    pub async fn send(&mut self, message: Value) {
        self.send_text(&message.to_string()).await;
    }

    pub async fn send_text(&mut self, text: &str) {
        self.stream
            .send(Message::Text(text.into()))
            .await
            .unwrap_or_else(|error| panic!("send: {error}"));
    }

    pub async fn send_message(&mut self, message: Message) {
        self.stream
            .send(message)
            .await
            .unwrap_or_else(|error| panic!("send: {error}"));
    }

    /// Starts `query` under `id`.
    pub async fn subscribe(&mut self, id: &str, query: &str, variables: Value) {
        self.send(json!({ "id": id, "type": "subscribe", "payload": { "query": query, "variables": variables } }))
            .await;
    }

    /// The next protocol message, answering the server's pings on the way; panics on a
    /// close or after [`PATIENCE`].
    pub async fn next(&mut self) -> Value {
        match self.next_within(PATIENCE).await {
            Ok(Some(message)) => message,
            Ok(None) => panic!("no message within {PATIENCE:?}"),
            Err(closed) => panic!("the socket closed: {closed:?}"),
        }
    }

    /// The next protocol message within `wait`: `Ok(None)` when none came, `Err` when the
    /// socket closed.
    pub async fn next_within(&mut self, wait: Duration) -> Result<Option<Value>, Closed> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let received = tokio::time::timeout_at(deadline, self.stream.next()).await;
            let Ok(received) = received else {
                return Ok(None);
            };
            match received {
                Some(Ok(Message::Text(text))) => {
                    let message: Value = serde_json::from_str(text.as_str())
                        .unwrap_or_else(|error| panic!("not JSON: {error}: {text}"));
                    if message["type"] == "ping" {
                        self.send(json!({ "type": "pong" })).await;
                        continue;
                    }
                    return Ok(Some(message));
                }
                Some(Ok(Message::Close(frame))) => {
                    return Err(
                        frame.map(|frame| (u16::from(frame.code), frame.reason.to_string()))
                    );
                }
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return Err(None),
            }
        }
    }

    /// The close code the server ends the socket with, after any messages before it.
    pub async fn closed(&mut self) -> u16 {
        loop {
            match self.next_within(PATIENCE).await {
                Ok(Some(_)) => continue,
                Ok(None) => panic!("the socket stayed open for {PATIENCE:?}"),
                Err(Some((code, _))) => return code,
                Err(None) => panic!("the socket dropped without a close frame"),
            }
        }
    }
}

/// The upgrade request to `/graphql`, offering `protocol` (none when empty).
fn upgrade(
    address: std::net::SocketAddr,
    protocol: &str,
) -> tokio_tungstenite::tungstenite::handshake::client::Request {
    let mut request = format!("ws://{address}/graphql")
        .into_client_request()
        .unwrap_or_else(|error| panic!("request: {error}"));
    if !protocol.is_empty() {
        request.headers_mut().insert(
            "sec-websocket-protocol",
            HeaderValue::from_str(protocol).unwrap_or_else(|error| panic!("{error}")),
        );
    }
    request
}

/// An operation for the client library: the query and its variables, as sent.
#[derive(Serialize)]
pub struct Operation {
    pub query: String,
    pub variables: Value,
}

impl graphql_ws_client::graphql::GraphqlOperation for Operation {
    type Response = Value;
    type Error = serde_json::Error;

    fn decode(&self, data: Value) -> Result<Value, serde_json::Error> {
        Ok(data)
    }
}

/// Subscribes with the graphql-ws-client library, signed in with `token`; each item is a
/// whole `next` payload (`data`, `errors`).
pub async fn subscribe(
    address: std::net::SocketAddr,
    token: &str,
    query: &str,
    variables: Value,
) -> graphql_ws_client::Subscription<Operation> {
    let (connection, _) = connect_async(upgrade(address, "graphql-transport-ws"))
        .await
        .unwrap_or_else(|error| panic!("connect: {error}"));
    graphql_ws_client::Client::build(connection)
        .payload(json!({ "Authorization": format!("Bearer {token}") }))
        .unwrap_or_else(|error| panic!("payload: {error}"))
        .subscribe(Operation {
            query: query.to_owned(),
            variables,
        })
        .await
        .unwrap_or_else(|error| panic!("subscribe: {error}"))
}
