//! The hub: one task per process that reads numbered network events from the database, in
//! order, and hands them to this process's subscribers. It wakes when this process commits
//! events, when PostgreSQL announces another replica's (`LISTEN`), and once a second in
//! case an announcement was lost; whatever woke it, it reads everything after the last
//! number it delivered, so a dropped listener or a missed announcement delays events but
//! never loses one.

use std::{collections::HashMap, sync::Arc, time::Duration};

use entity::network_event;
use sea_orm::{DatabaseBackend, sqlx::postgres::PgListener};
use tokio::sync::{Mutex, broadcast};
use uuid::Uuid;

use crate::{db::Db, error::ApiError, service::network_events};

/// Events a subscriber may fall behind by before it reads the rest from the database.
const CAPACITY: usize = 1024;
/// Events read per statement while catching up.
const PAGE: u64 = 500;
/// How often the hub reads without being woken.
const SWEEP: Duration = Duration::from_secs(1);

/// Cheap to clone; every clone is the same hub.
#[derive(Clone)]
pub struct Hub {
    inner: Arc<Inner>,
}

struct Inner {
    db: Db,
    sender: broadcast::Sender<Arc<network_event::Model>>,
    /// For each organisation someone here follows, the last number delivered.
    delivered: Mutex<HashMap<Uuid, i64>>,
}

impl Hub {
    /// Starts the hub's task on the current runtime.
    pub fn start(db: Db) -> Self {
        let (sender, _) = broadcast::channel(CAPACITY);
        let hub = Self {
            inner: Arc::new(Inner {
                db,
                sender,
                delivered: Mutex::new(HashMap::new()),
            }),
        };
        tokio::spawn(hub.clone().run());
        hub
    }

    /// Every event this hub delivers from now on, of every organisation it follows.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<network_event::Model>> {
        self.inner.sender.subscribe()
    }

    /// Makes sure the hub follows `organisation`, from its last number now if it did not.
    /// Called after [`Hub::subscribe`]: every event numbered after the number read here
    /// reaches that receiver.
    pub async fn follow(&self, organisation: Uuid) -> Result<(), ApiError> {
        let mut delivered = self.inner.delivered.lock().await;
        if let std::collections::hash_map::Entry::Vacant(entry) = delivered.entry(organisation) {
            entry.insert(network_events::latest(&self.inner.db.conn, organisation).await?);
        }
        Ok(())
    }

    /// The database the hub reads.
    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    async fn run(self) {
        let postgres = self.inner.db.conn.get_database_backend() == DatabaseBackend::Postgres;
        let mut listener: Option<PgListener> = None;
        let mut sweep = tokio::time::interval(SWEEP);
        sweep.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            if postgres && listener.is_none() {
                listener = self.listen().await;
            }
            tokio::select! {
                _ = self.inner.db.committed.notified() => {}
                _ = sweep.tick() => {}
                heard = async {
                    match listener.as_mut() {
                        Some(listener) => listener.try_recv().await,
                        None => std::future::pending().await,
                    }
                } => match heard {
                    Ok(Some(_)) => {}
                    // The connection was lost and is back: announcements made meanwhile are
                    // gone, and the read below finds their events.
                    Ok(None) => tracing::info!("the event listener reconnected"),
                    Err(error) => {
                        tracing::warn!(%error, "the event listener failed; listening again");
                        listener = None;
                    }
                },
            }
            if let Err(error) = self.deliver().await {
                tracing::warn!(cause = %error.cause(), "could not read network events");
            }
        }
    }

    /// A listener on the events channel, or none while the database cannot give one.
    async fn listen(&self) -> Option<PgListener> {
        let pool = self.inner.db.conn.get_postgres_connection_pool();
        let listening = async {
            let mut listener = PgListener::connect_with(pool).await?;
            listener.listen(network_events::CHANNEL).await?;
            Ok::<_, sea_orm::sqlx::Error>(listener)
        };
        match listening.await {
            Ok(listener) => Some(listener),
            Err(error) => {
                tracing::warn!(%error, "could not listen for network events");
                None
            }
        }
    }

    /// Reads and hands on every event after the last delivered, organisation by
    /// organisation.
    async fn deliver(&self) -> Result<(), ApiError> {
        let mut delivered = self.inner.delivered.lock().await;
        for (organisation, last) in delivered.iter_mut() {
            loop {
                let events =
                    network_events::after(&self.inner.db.conn, *organisation, None, *last, PAGE)
                        .await?;
                let full = events.len() as u64 == PAGE;
                for event in events {
                    *last = event.sequence.unwrap_or(*last);
                    // No receiver is no error: nobody follows this organisation right now.
                    let _ = self.inner.sender.send(Arc::new(event));
                }
                if !full {
                    break;
                }
            }
        }
        Ok(())
    }
}
