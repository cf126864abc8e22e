//! The hub for several instances on one PostgreSQL: `LISTEN/NOTIFY` carries wake-ups
//! between instances, the database stays the source of truth.
//!
//! - `publish` hands the event to this instance's subscribers at once (as the local hub
//!   does) and queues a small note (`wake::Note`) that a sender task sends with
//!   `pg_notify`, many notes per statement under load.
//! - Chat messages (the group-commit writer) go further: their notes are written with
//!   `notify_in` inside the transaction that stores them, so they reach the other instances
//!   exactly when it commits, even if this process dies right after.
//! - One listening connection per instance. A note from another instance becomes a local
//!   event; for a message or channel post the row is read from the database once per
//!   instance, not once per subscriber.
//! - NOTIFY drops what is sent while a listener is disconnected. After every (re)connect
//!   each local subscriber gets `HubEvent::Resync` and re-reads from the database, so a gap
//!   costs a read, never a message.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, Statement};
use sqlx::postgres::{PgListener, PgPool};
use tokio::sync::{mpsc, watch};

use app::models::channel::ChannelId;
use app::ssr::channels::posts as channel_posts;
use app::ssr::chat::messages;
use app::ssr::hub::{Hub, HubEvent, HubStatus, NotifyFuture, Subscription, Topic};

use super::wake::{self, Note, Wake};
use super::LocalHub;

/// Notes sent in one `pg_notify` statement at most.
const NOTES_PER_STATEMENT: usize = 256;
/// The longest wait between reconnect attempts.
const LAST_RETRY: Duration = Duration::from_secs(5);

pub struct PgHub {
    local: Arc<LocalHub>,
    instance: u64,
    notes: mpsc::UnboundedSender<String>,
    listening: Arc<AtomicBool>,
}

impl PgHub {
    /// Starts the sender and the listener; returns once the listener is connected, so an
    /// instance that answers requests hears the others.
    /// `database_url` is the one `db` was opened with: the listener has a connection of its
    /// own, outside the pool (closing the pool never waits for it).
    pub async fn start(
        db: &DatabaseConnection,
        database_url: &str,
        shutdown: watch::Receiver<bool>,
        first_retry: Duration,
    ) -> Result<Arc<PgHub>, String> {
        let pool = db.get_postgres_connection_pool().clone();
        let local = Arc::new(LocalHub::new());
        let instance = rand::random::<u64>();
        let listening = Arc::new(AtomicBool::new(false));
        let (notes, outbox) = mpsc::unbounded_channel();
        let listener = connect(database_url).await.map_err(|e| e.to_string())?;
        listening.store(true, Ordering::SeqCst);
        tokio::spawn(send_notes(pool.clone(), outbox));
        tokio::spawn(listen(
            Listen {
                url: database_url.to_string(),
                db: db.clone(),
                local: local.clone(),
                instance,
                listening: listening.clone(),
                first_retry,
            },
            listener,
            shutdown,
        ));
        Ok(Arc::new(PgHub {
            local,
            instance,
            notes,
            listening,
        }))
    }
}

impl PgHub {
    /// The note other instances get for `event`, as NOTIFY's payload.
    fn note(&self, topic: Topic, event: &HubEvent) -> Option<String> {
        let note = Note {
            from: self.instance,
            at_ms: chrono::Utc::now().timestamp_millis(),
            topic: topic.into(),
            wake: wake::of(event)?,
        };
        serde_json::to_string(&note).ok()
    }
}

impl Hub for PgHub {
    fn publish(&self, topic: Topic, event: HubEvent) {
        if let Some(text) = self.note(topic, &event) {
            let _ = self.notes.send(text);
        }
        self.local.publish(topic, event);
    }

    /// One statement in the writing transaction: PostgreSQL delivers the notes when it
    /// commits, and drops them if it rolls back.
    fn notify_in<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        events: &'a [(Topic, HubEvent)],
    ) -> NotifyFuture<'a> {
        Box::pin(async move {
            let notes: Vec<String> = events
                .iter()
                .filter_map(|(topic, event)| self.note(*topic, event))
                .collect();
            for chunk in notes.chunks(NOTES_PER_STATEMENT) {
                let calls: Vec<String> = (0..chunk.len())
                    .map(|i| format!("pg_notify('{}', ${})", wake::CHANNEL, i + 1))
                    .collect();
                let sql = format!("SELECT {}", calls.join(", "));
                let values: Vec<sea_orm::Value> = chunk.iter().map(|n| n.clone().into()).collect();
                txn.execute_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    sql,
                    values,
                ))
                .await?;
            }
            Ok(true)
        })
    }

    fn publish_here(&self, topic: Topic, event: HubEvent) {
        self.local.publish(topic, event);
    }

    fn subscribe(&self, topic: Topic) -> Subscription {
        self.local.subscribe(topic)
    }

    fn topic_count(&self) -> usize {
        self.local.topic_count()
    }

    fn status(&self) -> HubStatus {
        HubStatus {
            kind: "postgres",
            connected: self.listening.load(Ordering::SeqCst),
        }
    }
}

async fn connect(url: &str) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect(url).await?;
    listener.listen(wake::CHANNEL).await?;
    Ok(listener)
}

/// Sends queued notes, as many as are waiting in one statement.
async fn send_notes(pool: PgPool, mut outbox: mpsc::UnboundedReceiver<String>) {
    let mut batch = Vec::with_capacity(NOTES_PER_STATEMENT);
    while outbox.recv_many(&mut batch, NOTES_PER_STATEMENT).await > 0 {
        let sent = sqlx::query("SELECT pg_notify($1, note) FROM unnest($2::text[]) AS note")
            .bind(wake::CHANNEL)
            .bind(&batch)
            .execute(&pool)
            .await;
        if let Err(e) = sent {
            // Other instances miss these wake-ups; their subscribers catch up on the next
            // event of the same topic (positions show the gap) or on a resync.
            tracing::warn!(error = %e, notes = batch.len(), "pg_notify failed");
        }
        batch.clear();
    }
}

struct Listen {
    url: String,
    db: DatabaseConnection,
    local: Arc<LocalHub>,
    instance: u64,
    listening: Arc<AtomicBool>,
    first_retry: Duration,
}

async fn listen(l: Listen, mut listener: PgListener, mut shutdown: watch::Receiver<bool>) {
    loop {
        // Connected: relay notes until the connection is lost.
        loop {
            let next = tokio::select! {
                _ = shutdown.changed() => return,
                next = listener.try_recv() => next,
            };
            match next {
                Ok(Some(n)) => l.relay(n.payload()).await,
                Ok(None) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "hub listener lost its connection");
                    break;
                }
            }
        }
        l.listening.store(false, Ordering::SeqCst);
        let mut wait = l.first_retry;
        listener = loop {
            tokio::select! {
                _ = shutdown.changed() => return,
                _ = tokio::time::sleep(wait) => {}
            }
            match connect(&l.url).await {
                Ok(listener) => break listener,
                Err(e) => {
                    tracing::warn!(error = %e, "hub listener cannot reconnect yet");
                    wait = (wait * 2).min(LAST_RETRY);
                }
            }
        };
        l.listening.store(true, Ordering::SeqCst);
        app::ssr::metrics::metrics().listener_reconnects.inc();
        tracing::info!("hub listener reconnected; every subscriber resyncs");
        l.local.publish_to_all(HubEvent::Resync);
    }
}

impl Listen {
    async fn relay(&self, payload: &str) {
        let Ok(note) = serde_json::from_str::<Note>(payload) else {
            tracing::warn!("unreadable hub note");
            return;
        };
        if note.from == self.instance {
            return;
        }
        if note.at_ms > 0 {
            let lag_ms = chrono::Utc::now().timestamp_millis() - note.at_ms;
            app::ssr::metrics::metrics()
                .hub_lag_seconds
                .observe(lag_ms.max(0) as f64 / 1000.0);
        }
        let topic = Topic::from(note.topic);
        if !self.local.is_heard(topic) {
            return;
        }
        let event = match note.wake {
            Wake::Event(e) => HubEvent::from(e),
            Wake::Message { session_id, seq } => {
                match messages::after(&self.db, session_id, seq - 1, 1).await {
                    Ok(mut found) if found.first().is_some_and(|m| m.seq == seq) => {
                        HubEvent::Message {
                            session_id: app::models::chat::ChatSessionId(session_id),
                            message: found.remove(0),
                        }
                    }
                    _ => HubEvent::Resync,
                }
            }
            Wake::ChannelPost { channel_id, rev } => {
                let id = ChannelId(channel_id);
                match channel_posts::changes_after(&self.db, id, rev - 1, 1).await {
                    Ok(mut found) if found.first().is_some_and(|p| p.rev == rev) => {
                        HubEvent::ChannelPost {
                            channel_id: id,
                            post: found.remove(0),
                        }
                    }
                    _ => HubEvent::Resync,
                }
            }
        };
        self.local.publish(topic, event);
    }
}
