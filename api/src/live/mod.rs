//! Live updates: the hub that carries committed network events to this process's
//! subscribers, and the WebSocket that speaks graphql-transport-ws to them.

pub mod hub;
pub mod ws;
