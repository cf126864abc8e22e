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

/// Builds one variant from the fields of a frame's JSON text.
macro_rules! read_variant {
    ($text:ident, $variant:ident { $($field:ident : $ty:ty),* $(,)? }) => {{
        #[derive(Deserialize)]
        struct Fields {
            $($field: $ty),*
        }
        let f: Fields = serde_json::from_str($text)?;
        AgentServerFrame::$variant { $($field: f.$field),* }
    }};
}

impl AgentServerFrame {
    /// Reads a frame as the browser does: its `type` first, then that variant's fields. The
    /// same result as the derived reader, without serde's buffering of internally tagged
    /// enums (every payload type read twice over: tens of KB of the agent app's wasm).
    pub fn from_json(text: &str) -> serde_json::Result<Self> {
        use super::channel::{ChannelId, ChannelPost};
        use super::chat::{ChatNote, MyChat};
        use serde::de::Error as _;

        #[derive(Deserialize)]
        struct Kind {
            #[serde(rename = "type")]
            kind: String,
        }
        let kind = serde_json::from_str::<Kind>(text)?.kind;
        Ok(match kind.as_str() {
            "badge" => read_variant!(text, Badge { badge: Badge }),
            "queue" => read_variant!(
                text,
                Queue {
                    change: QueueChange,
                    session_id: ChatSessionId
                }
            ),
            "message" => read_variant!(
                text,
                Message {
                    session_id: ChatSessionId,
                    message: Message
                }
            ),
            "assigned" => read_variant!(
                text,
                Assigned {
                    session_id: ChatSessionId,
                    by: String
                }
            ),
            "my_chats" => read_variant!(text, MyChats { chats: Vec<MyChat> }),
            "my_chat_line" => {
                read_variant!(
                    text,
                    MyChatLine {
                        session_id: ChatSessionId,
                        message: Message
                    }
                )
            }
            "notes" => {
                read_variant!(text, Notes { session_id: ChatSessionId, notes: Vec<ChatNote> })
            }
            "session" => {
                read_variant!(
                    text,
                    Session {
                        session_id: ChatSessionId,
                        status: SessionStatus
                    }
                )
            }
            "typing" => read_variant!(
                text,
                Typing { session_id: ChatSessionId, typing: bool, name: Option<String> }
            ),
            "channel_post" => {
                read_variant!(
                    text,
                    ChannelPost {
                        channel_id: ChannelId,
                        post: ChannelPost
                    }
                )
            }
            "channels_changed" => Self::ChannelsChanged,
            "channel_closed" => read_variant!(
                text,
                ChannelClosed {
                    channel_id: ChannelId
                }
            ),
            "pong" => Self::Pong,
            "error" => read_variant!(
                text,
                Error {
                    code: String,
                    message: String
                }
            ),
            other => {
                return Err(serde_json::Error::custom(format!(
                    "unknown frame type {other:?}"
                )))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant by name: a new variant does not compile here until the test covers it.
    fn kind(frame: &AgentServerFrame) -> &'static str {
        match frame {
            AgentServerFrame::Badge { .. } => "badge",
            AgentServerFrame::Queue { .. } => "queue",
            AgentServerFrame::Message { .. } => "message",
            AgentServerFrame::Assigned { .. } => "assigned",
            AgentServerFrame::MyChats { .. } => "my_chats",
            AgentServerFrame::MyChatLine { .. } => "my_chat_line",
            AgentServerFrame::Notes { .. } => "notes",
            AgentServerFrame::Session { .. } => "session",
            AgentServerFrame::Typing { .. } => "typing",
            AgentServerFrame::ChannelPost { .. } => "channel_post",
            AgentServerFrame::ChannelsChanged => "channels_changed",
            AgentServerFrame::ChannelClosed { .. } => "channel_closed",
            AgentServerFrame::Pong => "pong",
            AgentServerFrame::Error { .. } => "error",
        }
    }

    const MESSAGE: &str = r#"{"seq":4,"sender":"visitor","author":"Vi <b>","text":"hi \"there\"","client_id":"c-1","created_at":1700000000000}"#;

    fn samples() -> Vec<String> {
        let badge =
            r#"{"type":"badge","badge":{"waiting":2,"unread":1,"channel_unread":3,"mentions":1}}"#;
        let note = r#"{"id":9,"after_seq":4,"agent_id":1,"author":"Al","text":"n","client_id":"k","created_at":5}"#;
        let mine = format!(
            r#"{{"id":3,"visitor_name":"Vi","last":{MESSAGE},"unread":1,"read_seq":2,"waiting_since":null}}"#
        );
        let post = r#"{"id":1,"seq":2,"rev":3,"kind":"message","author_id":1,"author_name":"Al","body":"b","link_url":null,"client_id":"x","created_at":4,"edited":false,"deleted":false}"#;
        vec![
            badge.to_string(),
            r#"{"type":"queue","change":"created","session_id":3}"#.to_string(),
            format!(r#"{{"type":"message","session_id":3,"message":{MESSAGE}}}"#),
            r#"{"type":"assigned","session_id":3,"by":"Al"}"#.to_string(),
            format!(r#"{{"type":"my_chats","chats":[{mine}]}}"#),
            format!(r#"{{"type":"my_chat_line","session_id":3,"message":{MESSAGE}}}"#),
            format!(r#"{{"type":"notes","session_id":3,"notes":[{note}]}}"#),
            r#"{"type":"session","session_id":3,"status":"closed"}"#.to_string(),
            r#"{"type":"typing","session_id":3,"typing":true,"name":"Vi"}"#.to_string(),
            r#"{"type":"typing","session_id":3,"typing":false}"#.to_string(),
            format!(r#"{{"type":"channel_post","channel_id":5,"post":{post}}}"#),
            r#"{"type":"channels_changed"}"#.to_string(),
            r#"{"type":"channel_closed","channel_id":5}"#.to_string(),
            r#"{"type":"pong"}"#.to_string(),
            r#"{"type":"error","code":"x","message":"m"}"#.to_string(),
        ]
    }

    #[test]
    fn from_json_reads_every_frame_as_the_derived_reader_does() {
        let mut seen = std::collections::BTreeSet::new();
        for text in samples() {
            let derived: AgentServerFrame =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            let read = AgentServerFrame::from_json(&text).unwrap();
            assert_eq!(read, derived, "{text}");
            // And what the server writes reads back the same.
            let written = serde_json::to_string(&derived).unwrap();
            assert_eq!(AgentServerFrame::from_json(&written).unwrap(), derived);
            seen.insert(kind(&derived));
        }
        assert_eq!(seen.len(), 14, "every variant has a sample: {seen:?}");
    }

    #[test]
    fn from_json_refuses_what_the_derived_reader_refuses() {
        for text in [
            r#"{"type":"teapot"}"#,
            r#"{"badge":{}}"#,
            r#"{"type":"queue","session_id":3}"#,
            r#"{"type":"session","session_id":"x","status":"closed"}"#,
            "not json",
        ] {
            assert!(
                serde_json::from_str::<AgentServerFrame>(text).is_err(),
                "{text}"
            );
            assert!(AgentServerFrame::from_json(text).is_err(), "{text}");
        }
    }
}
