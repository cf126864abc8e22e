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

pub use crate::models::chat::QueueChange;

/// Who listens to what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    /// Sessions created, accepted, closed: every agent's queue and badge.
    Queue,
    /// One chat session's messages, status and typing: its visitor and watching agents.
    Session(i64),
    /// One agent's personal counters (unread messages in their chats and channels).
    Agent(i64),
    /// One channel's messages and membership.
    Channel(i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HubEvent {
    /// A message was committed at `message.seq`.
    Message { session_id: i64, message: Message },
    /// The session's status changed (subscribers read it fresh).
    SessionChanged { session_id: i64 },
    /// Someone in the session started or stopped typing.
    Typing {
        session_id: i64,
        from_visitor: bool,
        name: Option<String>,
        typing: bool,
    },
    /// The queue changed.
    Queue {
        change: QueueChange,
        session_id: i64,
    },
    /// This agent's unread count may have changed.
    AgentCounters { agent_id: i64 },
    /// This agent's channel list or channel unread counts changed.
    ChannelsChanged { agent_id: i64 },
    /// A channel message was written, edited or deleted at `post.rev`.
    ChannelPost {
        channel_id: i64,
        post: crate::models::channel::ChannelPost,
    },
    /// Channel membership changed (watchers re-check their access).
    ChannelMembers { channel_id: i64 },
}

pub type Subscription = broadcast::Receiver<Arc<HubEvent>>;

pub trait Hub: Send + Sync + 'static {
    /// Delivers `event` to every current subscriber of `topic` (and to none later).
    fn publish(&self, topic: Topic, event: HubEvent);
    /// Starts listening. Subscribe before reading the state you will update with events,
    /// so nothing falls between the read and the first event.
    fn subscribe(&self, topic: Topic) -> Subscription;
}

pub type SharedHub = Arc<dyn Hub>;
