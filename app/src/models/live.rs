//! Frames of the agent app's live socket (`/ws/agent`).
use protocol::{Message, SessionStatus};
use serde::{Deserialize, Serialize};

use super::chat::{Badge, ChatSessionId, QueueChange};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AgentClientFrame {
    /// Follow one session's messages from `after` (the last seq shown).
    Watch {
        session_id: ChatSessionId,
        after: i64,
    },
    Unwatch,
    Typing {
        session_id: ChatSessionId,
        typing: bool,
    },
    /// I have read the session up to `seq`.
    Read {
        session_id: ChatSessionId,
        seq: i64,
    },
    /// Follow one channel's changes after `after` (its last position shown).
    WatchChannel {
        channel_id: crate::models::channel::ChannelId,
        after: i64,
    },
    UnwatchChannel,
    /// I have read the channel up to `seq`.
    ReadChannel {
        channel_id: crate::models::channel::ChannelId,
        seq: i64,
    },
    Ping,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AgentServerFrame {
    /// After connecting, and whenever the counts change.
    Badge {
        badge: Badge,
    },
    /// Something changed in the queue: lists showing it should refresh.
    Queue {
        change: QueueChange,
        session_id: ChatSessionId,
    },
    /// A message of the watched session, once each, in seq order, without gaps.
    Message {
        session_id: ChatSessionId,
        message: Message,
    },
    /// A chat was handed to me (a transfer): alert like for a new chat.
    Assigned {
        session_id: ChatSessionId,
        by: String,
    },
    /// My active chats (after connecting, and when the set or their counts change); their
    /// new lines then arrive as `MyChatLine` frames.
    MyChats {
        chats: Vec<super::chat::MyChat>,
    },
    /// A new line of one of my chats other than the watched one (for the My chats list;
    /// once each, in seq order, after the list that named the chat).
    MyChatLine {
        session_id: ChatSessionId,
        message: Message,
    },
    /// The watched session's internal notes (all of them: on watching, and after a change).
    Notes {
        session_id: ChatSessionId,
        notes: Vec<super::chat::ChatNote>,
    },
    /// The watched session changed status.
    Session {
        session_id: ChatSessionId,
        status: SessionStatus,
    },
    /// The visitor of the watched session started or stopped typing.
    Typing {
        session_id: ChatSessionId,
        typing: bool,
        name: Option<String>,
    },
    /// A new, edited or deleted message of the watched channel, once each, in `rev` order.
    ChannelPost {
        channel_id: crate::models::channel::ChannelId,
        post: crate::models::channel::ChannelPost,
    },
    /// Channel lists (names, unread counts, membership) changed: reload them.
    ChannelsChanged,
    /// I may no longer read the watched channel (left, or was removed).
    ChannelClosed {
        channel_id: crate::models::channel::ChannelId,
    },
    Pong,
    Error {
        code: String,
        message: String,
    },
}
