//! What one instance tells the others through `NOTIFY`: a wake-up, never a message body.
//! Messages and channel posts travel as their position only (each listening instance reads
//! the row once and hands it to its own subscribers); everything else is small and is sent
//! whole. NOTIFY payloads are capped at 8,000 bytes; the longest wake-up (typing, with a
//! name) stays far below it.
use serde::{Deserialize, Serialize};

use app::models::agent::AgentId;
use app::models::channel::ChannelId;
use app::models::chat::{ChatSessionId, QueueChange};
use app::ssr::hub::{HubEvent, Topic};

/// The `NOTIFY` channel every instance listens on.
pub const CHANNEL: &str = "chat_hub";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The publishing instance (its own notes come back to it and are skipped).
    pub from: u64,
    /// When it was published (milliseconds since the epoch), for the lag metric.
    #[serde(default)]
    pub at_ms: i64,
    pub topic: WireTopic,
    pub wake: Wake,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", content = "id", rename_all = "snake_case")]
pub enum WireTopic {
    Queue,
    Session(i64),
    Agent(i64),
    Channel(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "k", rename_all = "snake_case")]
pub enum Wake {
    /// Session message at `seq`: read it from the database.
    Message { session_id: i64, seq: i64 },
    /// Channel change at `rev`: read it from the database.
    ChannelPost { channel_id: i64, rev: i64 },
    /// Sent whole.
    Event(WireEvent),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "e", rename_all = "snake_case")]
pub enum WireEvent {
    SessionChanged {
        session_id: i64,
    },
    NotesChanged {
        session_id: i64,
    },
    Assigned {
        session_id: i64,
        agent_id: i64,
        by: String,
    },
    Typing {
        session_id: i64,
        from_visitor: bool,
        name: Option<String>,
        typing: bool,
    },
    Queue {
        change: QueueChange,
        session_id: i64,
    },
    AgentCounters {
        agent_id: i64,
        unread: Option<u32>,
    },
    ChannelsChanged,
    ChannelMembers {
        channel_id: i64,
    },
    SessionsRevoked {
        agent_id: i64,
        token_digest: Option<String>,
    },
}

impl From<Topic> for WireTopic {
    fn from(t: Topic) -> Self {
        match t {
            Topic::Queue => WireTopic::Queue,
            Topic::Session(id) => WireTopic::Session(id.0),
            Topic::Agent(id) => WireTopic::Agent(id.0),
            Topic::Channel(id) => WireTopic::Channel(id.0),
        }
    }
}

impl From<WireTopic> for Topic {
    fn from(t: WireTopic) -> Self {
        match t {
            WireTopic::Queue => Topic::Queue,
            WireTopic::Session(id) => Topic::Session(ChatSessionId(id)),
            WireTopic::Agent(id) => Topic::Agent(AgentId(id)),
            WireTopic::Channel(id) => Topic::Channel(ChannelId(id)),
        }
    }
}

/// The wake-up for `event` (`None`: nothing to tell other instances).
pub fn of(event: &HubEvent) -> Option<Wake> {
    Some(match event {
        HubEvent::Message {
            session_id,
            message,
        } => Wake::Message {
            session_id: session_id.0,
            seq: message.seq,
        },
        HubEvent::ChannelPost { channel_id, post } => Wake::ChannelPost {
            channel_id: channel_id.0,
            rev: post.rev,
        },
        HubEvent::SessionChanged { session_id } => Wake::Event(WireEvent::SessionChanged {
            session_id: session_id.0,
        }),
        HubEvent::NotesChanged { session_id } => Wake::Event(WireEvent::NotesChanged {
            session_id: session_id.0,
        }),
        HubEvent::Assigned {
            session_id,
            agent_id,
            by,
        } => Wake::Event(WireEvent::Assigned {
            session_id: session_id.0,
            agent_id: agent_id.0,
            by: by.clone(),
        }),
        HubEvent::Typing {
            session_id,
            from_visitor,
            name,
            typing,
        } => Wake::Event(WireEvent::Typing {
            session_id: session_id.0,
            from_visitor: *from_visitor,
            name: name.clone(),
            typing: *typing,
        }),
        HubEvent::Queue { change, session_id } => Wake::Event(WireEvent::Queue {
            change: *change,
            session_id: session_id.0,
        }),
        HubEvent::AgentCounters { agent_id, unread } => Wake::Event(WireEvent::AgentCounters {
            agent_id: agent_id.0,
            unread: *unread,
        }),
        HubEvent::ChannelsChanged => Wake::Event(WireEvent::ChannelsChanged),
        HubEvent::ChannelMembers { channel_id } => Wake::Event(WireEvent::ChannelMembers {
            channel_id: channel_id.0,
        }),
        HubEvent::SessionsRevoked {
            agent_id,
            token_digest,
        } => Wake::Event(WireEvent::SessionsRevoked {
            agent_id: agent_id.0,
            token_digest: token_digest.clone(),
        }),
        // Local to an instance by nature.
        HubEvent::Resync => return None,
    })
}

impl From<WireEvent> for HubEvent {
    fn from(e: WireEvent) -> Self {
        match e {
            WireEvent::SessionChanged { session_id } => HubEvent::SessionChanged {
                session_id: ChatSessionId(session_id),
            },
            WireEvent::NotesChanged { session_id } => HubEvent::NotesChanged {
                session_id: ChatSessionId(session_id),
            },
            WireEvent::Assigned {
                session_id,
                agent_id,
                by,
            } => HubEvent::Assigned {
                session_id: ChatSessionId(session_id),
                agent_id: AgentId(agent_id),
                by,
            },
            WireEvent::Typing {
                session_id,
                from_visitor,
                name,
                typing,
            } => HubEvent::Typing {
                session_id: ChatSessionId(session_id),
                from_visitor,
                name,
                typing,
            },
            WireEvent::Queue { change, session_id } => HubEvent::Queue {
                change,
                session_id: ChatSessionId(session_id),
            },
            WireEvent::AgentCounters { agent_id, unread } => HubEvent::AgentCounters {
                agent_id: AgentId(agent_id),
                unread,
            },
            WireEvent::ChannelsChanged => HubEvent::ChannelsChanged,
            WireEvent::ChannelMembers { channel_id } => HubEvent::ChannelMembers {
                channel_id: ChannelId(channel_id),
            },
            WireEvent::SessionsRevoked {
                agent_id,
                token_digest,
            } => HubEvent::SessionsRevoked {
                agent_id: AgentId(agent_id),
                token_digest,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_round_trip_and_stay_small() {
        let note = Note {
            from: u64::MAX,
            at_ms: i64::MAX,
            topic: WireTopic::Session(i64::MAX),
            wake: Wake::Event(WireEvent::Typing {
                session_id: i64::MAX,
                from_visitor: true,
                name: Some("n".repeat(200)),
                typing: true,
            }),
        };
        let text = serde_json::to_string(&note).unwrap();
        assert!(text.len() < 1000, "{}", text.len());
        assert_eq!(serde_json::from_str::<Note>(&text).unwrap(), note);
    }

    #[test]
    fn message_bodies_never_travel() {
        let event = HubEvent::Message {
            session_id: ChatSessionId(4),
            message: protocol::Message {
                seq: 9,
                sender: protocol::Sender::Visitor,
                author: Some("V".into()),
                text: "secret body".into(),
                client_id: Some("c1".into()),
                created_at: 0,
                file: None,
            },
        };
        let wake = of(&event).unwrap();
        assert_eq!(
            wake,
            Wake::Message {
                session_id: 4,
                seq: 9
            }
        );
        assert!(!serde_json::to_string(&wake).unwrap().contains("secret"));
    }
}
