//! Chat messages and session status as both ends see them.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Waiting,
    Active,
    Closed,
}

impl SessionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Waiting => "waiting",
            SessionStatus::Active => "active",
            SessionStatus::Closed => "closed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "waiting" => Some(SessionStatus::Waiting),
            "active" => Some(SessionStatus::Active),
            "closed" => Some(SessionStatus::Closed),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SessionStatus::Waiting => "Waiting",
            SessionStatus::Active => "Active",
            SessionStatus::Closed => "Closed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sender {
    Visitor,
    Agent,
    /// Lines the system writes into the transcript: "Ada joined", "Chat closed by Ada".
    System,
}

impl Sender {
    pub fn as_str(self) -> &'static str {
        match self {
            Sender::Visitor => "visitor",
            Sender::Agent => "agent",
            Sender::System => "system",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "visitor" => Some(Sender::Visitor),
            "agent" => Some(Sender::Agent),
            "system" => Some(Sender::System),
            _ => None,
        }
    }
}

/// One line of a chat transcript. `seq` is the message's position in its session:
/// 1, 2, 3, … with no gaps, in the order the server committed them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Message {
    pub seq: i64,
    pub sender: Sender,
    /// The visitor's or agent's display name; `None` for system lines.
    pub author: Option<String>,
    pub text: String,
    /// The id the sending client generated (absent for system lines).
    pub client_id: Option<String>,
    /// Unix time in milliseconds.
    pub created_at: i64,
    /// A file sent as this message (its name is the text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<FileRef>,
}

/// A file in a chat, as messages name it. Its bytes are fetched with the reader's own
/// credentials: `GET /v1/visitor/files/{id}` (the visitor's token) or `/files/{id}` (an
/// agent's session).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FileRef {
    pub id: String,
    pub name: String,
    /// As read from the bytes: `image/png`, `application/pdf`, `text/plain; charset=utf-8`, …
    pub content_type: String,
    pub size: i64,
}

impl FileRef {
    pub fn is_image(&self) -> bool {
        self.content_type.starts_with("image/")
    }
}
