//! Bodies of the visitor HTTP endpoints and frames of the visitor live socket.
use serde::{Deserialize, Serialize};

use crate::message::{Message, SessionStatus};

/// `POST /v1/visitor/sessions`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartChat {
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    pub message: String,
    pub client_id: String,
    #[serde(default)]
    pub page_url: Option<String>,
    /// The visitor's IANA time zone (e.g. `Europe/Berlin`), for the agent to see their
    /// local time. Ignored when it does not look like one.
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// The session as the visitor sees it (no internal ids, no agent emails).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorSession {
    /// Public, unguessable id (at least 128 random bits).
    pub id: String,
    pub status: SessionStatus,
    pub visitor_name: String,
    pub visitor_email: Option<String>,
    /// The accepting agent's display name, once accepted.
    pub agent_name: Option<String>,
    pub created_at: i64,
    pub accepted_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// While waiting: 1 for the next chat an agent takes, 2 behind it, … (absent otherwise).
    /// Each `session` frame carries it afresh as chats ahead are taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_position: Option<u32>,
    /// While waiting: from when (ms) the visitor may leave their email instead of waiting
    /// on (`POST /v1/visitor/leave-email`), per Settings → Live chat → Max wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_email_at: Option<i64>,
    /// The visitor's rating once they gave one (a closed chat is rated once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
}

/// How the visitor found the chat: 👍 or 👎.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Good,
    Bad,
}

impl Rating {
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Good => "good",
            Rating::Bad => "bad",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "good" => Some(Rating::Good),
            "bad" => Some(Rating::Bad),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Rating::Good => "Good",
            Rating::Bad => "Bad",
        }
    }

    /// 👍 or 👎, to show beside the label.
    pub fn icon(self) -> &'static str {
        match self {
            Rating::Good => "👍",
            Rating::Bad => "👎",
        }
    }
}

/// `POST /v1/visitor/rating`: rates the visitor's closed chat, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateChat {
    pub rating: Rating,
    #[serde(default)]
    pub comment: Option<String>,
}

/// The place to show a waiting visitor, given the one shown before and the server's
/// latest: it never goes up (a chat started at the same moment elsewhere may commit ahead
/// of this one after its place was counted; the visitor is not sent back for it).
pub fn shown_position(previous: Option<u32>, latest: Option<u32>) -> Option<u32> {
    match (previous, latest) {
        (Some(p), Some(l)) => Some(p.min(l)),
        (_, l) => l,
    }
}

/// Answer to `POST /v1/visitor/sessions`: keep `token`, it authorizes this session only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Started {
    pub token: String,
    pub session: VisitorSession,
    pub messages: Vec<Message>,
    pub agents_available: bool,
}

/// Answer to `GET /v1/visitor/session`: the session and its whole transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionState {
    pub session: VisitorSession,
    pub messages: Vec<Message>,
    pub agents_available: bool,
}

/// `POST /v1/visitor/messages`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendMessage {
    pub client_id: String,
    pub text: String,
}

/// `POST /v1/visitor/typing`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Typing {
    pub typing: bool,
}

/// `GET /v1/visitor/availability`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    pub agents_available: bool,
    /// Inside business hours (always, when none are set).
    #[serde(default = "always")]
    pub open: bool,
    /// What the widget does outside business hours.
    #[serde(default)]
    pub outside_hours: OutsideHours,
    /// The server can email a closed chat's transcript (`POST /v1/visitor/transcript`).
    #[serde(default)]
    pub transcript_email: bool,
}

fn always() -> bool {
    true
}

/// Outside business hours the widget takes a message (a ticket) or hides itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutsideHours {
    #[default]
    TakeMessage,
    Hide,
}

impl OutsideHours {
    pub fn as_str(self) -> &'static str {
        match self {
            OutsideHours::TakeMessage => "take_message",
            OutsideHours::Hide => "hide",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "take_message" => Some(OutsideHours::TakeMessage),
            "hide" => Some(OutsideHours::Hide),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OutsideHours::TakeMessage => "Take a message",
            OutsideHours::Hide => "Hide the widget",
        }
    }
}

/// `POST /v1/visitor/leave-email`: a visitor who waited past Max wait leaves their email;
/// the chat becomes a ticket with its transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaveEmail {
    pub email: String,
}

/// `POST /v1/visitor/transcript`: email me the transcript of my closed chat (once; asking
/// again for the same address is answered the same way and sends nothing more).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailTranscript {
    pub email: String,
}

/// The answer to `POST /v1/visitor/transcript`: where it goes (sent in the background).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptQueued {
    pub email: String,
}

/// `POST /v1/visitor/offline-messages`: outside business hours, a message becomes a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineMessage {
    pub name: String,
    pub email: String,
    pub message: String,
}

/// Answer to an offline message: the ticket it became.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineReceipt {
    pub ticket_number: i64,
}

/// Every error answer: `{"code": "...", "message": "...", "field": "..."?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub retry_after_secs: Option<u64>,
}

/// Frames the widget sends on `GET /v1/visitor/live` (WebSocket, JSON text frames).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    /// First frame: who I am and the last message `seq` I have (0 for none).
    Hello {
        token: String,
        after: i64,
    },
    /// A message, like `POST /v1/visitor/messages` (same `client_id` rules): answered with
    /// `sent` once committed, or `not_sent`.
    Send {
        client_id: String,
        text: String,
    },
    Ping,
}

/// Frames the server sends on the visitor live socket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    /// Answer to `hello`: the session now. Missed messages follow as `message` frames.
    Ready {
        session: VisitorSession,
        agents_available: bool,
    },
    /// A transcript line; `message.seq` is the position. Sent once, in order, no gaps.
    Message {
        message: Message,
    },
    /// The session changed state (accepted, closed).
    Session {
        session: VisitorSession,
    },
    /// The agent started or stopped typing.
    Typing {
        typing: bool,
        name: Option<String>,
    },
    Pong,
    /// A `send` is stored (committed); it also arrives as a `message` frame like any line.
    Sent {
        client_id: String,
        message: Message,
    },
    /// A `send` was refused (`code` as in HTTP errors: `validation`, `conflict`,
    /// `rate_limited` with `retry_after_secs`, `unavailable`); nothing was stored.
    NotSent {
        client_id: String,
        code: String,
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after_secs: Option<u64>,
    },
    /// Fatal for this connection (bad token, …): the server closes it after this frame.
    Error {
        code: String,
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Sender;

    #[test]
    fn frames_are_tagged_json() {
        let hello: ClientFrame =
            serde_json::from_str(r#"{"type":"hello","token":"t","after":3}"#).unwrap();
        assert_eq!(
            hello,
            ClientFrame::Hello {
                token: "t".into(),
                after: 3
            }
        );
        let frame = ServerFrame::Message {
            message: Message {
                seq: 4,
                sender: Sender::Agent,
                author: Some("Ada".into()),
                text: "Hi".into(),
                client_id: Some("c1".into()),
                created_at: 1,
                file: None,
            },
        };
        let json = serde_json::to_string(&frame).unwrap();
        assert!(json.starts_with(r#"{"type":"message","message":{"seq":4,"sender":"agent""#));
    }

    #[test]
    fn queue_position_never_goes_up() {
        assert_eq!(shown_position(None, Some(3)), Some(3));
        assert_eq!(shown_position(Some(3), Some(2)), Some(2));
        assert_eq!(shown_position(Some(2), Some(3)), Some(2));
        // No longer waiting: nothing to show.
        assert_eq!(shown_position(Some(2), None), None);
    }

    #[test]
    fn start_chat_email_is_optional() {
        let req: StartChat =
            serde_json::from_str(r#"{"name":"Vi","message":"Hello","client_id":"c1"}"#).unwrap();
        assert_eq!(req.email, None);
        assert_eq!(req.page_url, None);
    }
}
