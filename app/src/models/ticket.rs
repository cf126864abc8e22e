//! Helpdesk tickets as agents see them.
use serde::{Deserialize, Serialize};

use super::agent::AgentId;
use super::chat::ChatSessionId;
use super::contact::ContactId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TicketId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    #[default]
    Open,
    Pending,
    Resolved,
    Closed,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 4] = [Self::Open, Self::Pending, Self::Resolved, Self::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Pending => "pending",
            Self::Resolved => "resolved",
            Self::Closed => "closed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::Pending => "Pending",
            Self::Resolved => "Resolved",
            Self::Closed => "Closed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Self::Low, Self::Normal, Self::High, Self::Urgent];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Normal => "normal",
            Self::High => "high",
            Self::Urgent => "urgent",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Low => "Low",
            Self::Normal => "Normal",
            Self::High => "High",
            Self::Urgent => "Urgent",
        }
    }
}

/// One row of the Tickets list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketRow {
    pub id: TicketId,
    pub number: i64,
    pub subject: String,
    pub status: TicketStatus,
    pub priority: Priority,
    pub requester_name: String,
    pub assignee_name: Option<String>,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketListing {
    pub rows: Vec<TicketRow>,
    pub page: u32,
    pub has_more: bool,
    pub total: u64,
}

/// The ticket page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketDetail {
    pub id: TicketId,
    pub number: i64,
    pub subject: String,
    pub description: String,
    pub status: TicketStatus,
    pub priority: Priority,
    pub contact_id: Option<ContactId>,
    pub requester_name: String,
    pub requester_email: Option<String>,
    pub assignee_id: Option<AgentId>,
    pub assignee_name: Option<String>,
    pub chat_session_id: Option<ChatSessionId>,
    pub created_by_name: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// The requester's email came from a chat visitor: whoever typed it may not own it.
    pub requester_email_unverified: bool,
    /// Made by `/ticket` in a channel the viewer may read (absent for everyone else).
    pub source_channel: Option<ChannelLink>,
    /// "Offline message" when a visitor left it outside business hours.
    #[serde(default)]
    pub channel: Option<String>,
    /// Files sent in the chat the ticket was made from (`/files/{id}`).
    #[serde(default)]
    pub files: Vec<protocol::FileRef>,
}

/// A channel message a ticket links back to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelLink {
    pub id: crate::models::channel::ChannelId,
    pub name: String,
    /// The message's position (the page anchors it as `#m{seq}`).
    pub seq: i64,
}

/// What Create Ticket made (or found already made) for a chat session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketRef {
    pub id: TicketId,
    pub number: i64,
}
