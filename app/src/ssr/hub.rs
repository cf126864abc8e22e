//! Fan-out of live events to connected clients.
//!
//! Features publish through this interface and never know how delivery works. The server
//! supplies the implementation: today one process with in-memory channels; with several
//! instances a PostgreSQL LISTEN/NOTIFY implementation replaces it without touching
//! features. Events are notifications: the database is the source of truth, and a
//! subscriber that falls behind re-reads what it missed from there.
use std::sync::Arc;

use protocol::Message;
use tokio::sync::broadcast;

use crate::models::agent::AgentId;
use crate::models::channel::ChannelId;
use crate::models::chat::ChatSessionId;
pub use crate::models::chat::QueueChange;

/// Who listens to what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    /// Sessions created, accepted, closed: every agent's queue and badge.
    Queue,
    /// One chat session's messages, status and typing: its visitor and watching agents.
    Session(ChatSessionId),
    /// One agent's personal counters (unread messages in their chats and channels).
    Agent(AgentId),
    /// One channel's messages and membership.
    Channel(ChannelId),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HubEvent {
    /// A message was committed at `message.seq`.
    Message {
        session_id: ChatSessionId,
        message: Message,
    },
    /// The session's status changed (subscribers read it fresh).
    SessionChanged { session_id: ChatSessionId },
    /// A chat was handed to `agent_id` (by a transfer): alert them like for a new chat.
    Assigned {
        session_id: ChatSessionId,
        agent_id: AgentId,
        by: String,
    },
    /// An internal note was written (agents re-read the notes; visitors never see them).
    NotesChanged { session_id: ChatSessionId },
    /// Someone in the session started or stopped typing.
    Typing {
        session_id: ChatSessionId,
        from_visitor: bool,
        name: Option<String>,
        typing: bool,
    },
    /// The queue changed.
    Queue {
        change: QueueChange,
        session_id: ChatSessionId,
    },
    /// This agent's unread count changed: `unread` is the new total when the writer counted
    /// it with its commit, `None` when the socket must count for itself.
    AgentCounters {
        agent_id: AgentId,
        unread: Option<u32>,
    },
    /// The channel list or channel unread counts changed: this agent's (on `Topic::Agent`)
    /// or everyone's (on `Topic::Queue`, when a public channel appears or goes).
    ChannelsChanged,
    /// A channel message was written, edited or deleted at `post.rev`.
    ChannelPost {
        channel_id: ChannelId,
        post: crate::models::channel::ChannelPost,
    },
    /// Channel membership changed (watchers re-check their access).
    ChannelMembers { channel_id: ChannelId },
    /// The agent signed out (`token_digest` names the session) or was deactivated (`None`:
    /// every session): their sockets close.
    SessionsRevoked {
        agent_id: AgentId,
        token_digest: Option<String>,
    },
    /// Events may have been missed (a hub lost its connection to the other instances):
    /// every subscriber re-reads its state from the database. Subscribers see it as
    /// `RecvError::Lagged`, the same as falling behind.
    Resync,
}

/// A subscriber's end of a topic. Dropping it unsubscribes; the hub forgets a topic when
/// its last subscriber leaves, so topics never outlive their listeners.
pub struct Subscription {
    rx: Option<broadcast::Receiver<Arc<HubEvent>>>,
    on_drop: Option<Box<dyn FnOnce() + Send + Sync>>,
}

impl Subscription {
    /// `on_drop` runs after the receiver is gone (so the sender's count no longer has it).
    pub fn new(
        rx: broadcast::Receiver<Arc<HubEvent>>,
        on_drop: impl FnOnce() + Send + Sync + 'static,
    ) -> Self {
        Self {
            rx: Some(rx),
            on_drop: Some(Box::new(on_drop)),
        }
    }

    /// A subscription that is already over (its `recv` says `Closed`).
    pub fn closed() -> Self {
        Self {
            rx: Some(broadcast::channel(1).1),
            on_drop: None,
        }
    }

    pub async fn recv(&mut self) -> Result<Arc<HubEvent>, broadcast::error::RecvError> {
        match self.rx.as_mut() {
            Some(rx) => match rx.recv().await {
                Ok(e) if *e == HubEvent::Resync => Err(broadcast::error::RecvError::Lagged(0)),
                other => other,
            },
            None => Err(broadcast::error::RecvError::Closed),
        }
    }

    pub fn try_recv(&mut self) -> Result<Arc<HubEvent>, broadcast::error::TryRecvError> {
        match self.rx.as_mut() {
            Some(rx) => match rx.try_recv() {
                Ok(e) if *e == HubEvent::Resync => Err(broadcast::error::TryRecvError::Lagged(0)),
                other => other,
            },
            None => Err(broadcast::error::TryRecvError::Closed),
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        drop(self.rx.take());
        if let Some(f) = self.on_drop.take() {
            f();
        }
    }
}

pub trait Hub: Send + Sync + 'static {
    /// Delivers `event` to every current subscriber of `topic` (and to none later).
    fn publish(&self, topic: Topic, event: HubEvent);
    /// Starts listening. Subscribe before reading the state you will update with events,
    /// so nothing falls between the read and the first event.
    fn subscribe(&self, topic: Topic) -> Subscription;
    /// Topics that have subscribers now (for metrics and tests: it must fall back when
    /// they leave).
    fn topic_count(&self) -> usize;
    /// Writes what other instances must hear of `events` into the transaction that stores
    /// them, so they hear of them when, and only when, it commits (a crash between commit
    /// and publish cannot leave them unaware). Returns whether it did: then publish each
    /// event with `publish_here` after the commit, not `publish`. One process: nothing to do.
    fn notify_in<'a>(
        &'a self,
        _txn: &'a sea_orm::DatabaseTransaction,
        _events: &'a [(Topic, HubEvent)],
    ) -> NotifyFuture<'a> {
        Box::pin(async { Ok(false) })
    }
    /// Delivers `event` to this process's subscribers only (the others were told by
    /// `notify_in`).
    fn publish_here(&self, topic: Topic, event: HubEvent) {
        self.publish(topic, event);
    }
    /// Which implementation this is and whether it is connected (for `/healthz`).
    fn status(&self) -> HubStatus {
        HubStatus {
            kind: "local",
            connected: true,
        }
    }
}

/// Events a transaction makes, told to other instances inside it (so they hear of exactly
/// what commits, even if this process dies right after the commit) and to this instance's
/// subscribers once it has committed.
#[must_use = "publish it after the commit"]
pub struct Announcements {
    events: Vec<(Topic, HubEvent)>,
    /// The hub wrote its notes into the transaction.
    notified: bool,
}

impl Announcements {
    /// Writes the other instances' notes into `txn`; call it last before the commit.
    pub async fn write_in(
        hub: &dyn Hub,
        txn: &sea_orm::DatabaseTransaction,
        events: Vec<(Topic, HubEvent)>,
    ) -> Result<Self, sea_orm::DbErr> {
        let notified = hub.notify_in(txn, &events).await?;
        Ok(Self { events, notified })
    }

    /// After the commit: this instance's subscribers hear of the events.
    pub fn publish(self, hub: &dyn Hub) {
        for (topic, event) in self.events {
            if self.notified {
                hub.publish_here(topic, event);
            } else {
                hub.publish(topic, event);
            }
        }
    }
}

/// Commits `txn` and announces `events` (see `Announcements`).
pub async fn commit_announcing(
    hub: &dyn Hub,
    txn: sea_orm::DatabaseTransaction,
    events: Vec<(Topic, HubEvent)>,
) -> Result<(), sea_orm::DbErr> {
    let announcements = Announcements::write_in(hub, &txn, events).await?;
    txn.commit().await?;
    announcements.publish(hub);
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HubStatus {
    pub kind: &'static str,
    /// The PostgreSQL hub's listener is connected (always true for the local hub).
    pub connected: bool,
}

pub type SharedHub = Arc<dyn Hub>;

/// What `Hub::notify_in` returns: whether the notes went into the transaction.
pub type NotifyFuture<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<bool, sea_orm::DbErr>> + Send + 'a>>;
