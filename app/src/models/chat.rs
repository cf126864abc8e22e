//! Live chat as agents see it.
use protocol::{Message, SessionStatus};
use serde::{Deserialize, Serialize};

use super::agent::AgentId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChatSessionId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum QueueTab {
    #[default]
    Waiting,
    Active,
    Closed,
}

impl QueueTab {
    pub const ALL: [QueueTab; 3] = [QueueTab::Waiting, QueueTab::Active, QueueTab::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            QueueTab::Waiting => "waiting",
            QueueTab::Active => "active",
            QueueTab::Closed => "closed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "waiting" => Some(QueueTab::Waiting),
            "active" => Some(QueueTab::Active),
            "closed" => Some(QueueTab::Closed),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            QueueTab::Waiting => "Waiting",
            QueueTab::Active => "Active",
            QueueTab::Closed => "Closed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueChange {
    Created,
    Accepted,
    Closed,
}

/// One row of Chat → Queue.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct QueueRow {
    pub id: ChatSessionId,
    pub status: SessionStatus,
    pub visitor_name: String,
    /// The first visitor message, on one line.
    pub preview: String,
    pub created_at: i64,
    pub accepted_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub agent_id: Option<AgentId>,
    pub agent_name: Option<String>,
    /// Visitor messages the assigned agent has not read.
    pub unread: u32,
    /// The visitor's 👍 / 👎, on closed chats they rated.
    #[serde(default)]
    pub rating: Option<protocol::visitor::Rating>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueListing {
    pub tab: QueueTab,
    pub rows: Vec<QueueRow>,
    pub page: u32,
    pub has_more: bool,
    pub counts: QueueCounts,
    /// Server time of the listing (ms), so waiting times are computed against one clock.
    pub now: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct QueueCounts {
    pub waiting: u32,
    pub active: u32,
}

/// The sidebar Chat badge: waiting sessions plus unread visitor messages in my active ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Badge {
    pub waiting: u32,
    pub unread: u32,
    /// Unread messages in my channels (shown on Channels).
    #[serde(default)]
    pub channel_unread: u32,
    /// Unread messages that mention me (a badge of their own on Channels).
    #[serde(default)]
    pub mentions: u32,
}

impl Badge {
    /// The Chat badge: customers waiting for someone and unread lines in my chats. A
    /// colleague's mention is never counted as a waiting customer.
    pub fn total(self) -> u32 {
        self.waiting + self.unread
    }

    /// Everything waiting for me, mentions included (the tab title).
    pub fn attention(self) -> u32 {
        self.total() + self.mentions
    }
}

/// The chat session page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDetail {
    pub id: ChatSessionId,
    pub status: SessionStatus,
    pub visitor_name: String,
    pub visitor_email: Option<String>,
    pub page_url: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: i64,
    pub accepted_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub agent_id: Option<AgentId>,
    pub agent_name: Option<String>,
    pub ticket: Option<crate::models::ticket::TicketRef>,
    /// A subject suggested for Create Ticket (from the first visitor message).
    pub suggested_subject: String,
    pub messages: Vec<Message>,
    /// Internal notes, oldest first.
    #[serde(default)]
    pub notes: Vec<ChatNote>,
    /// The browser and system in words ("Chrome 120 on Windows 10 or 11").
    #[serde(default)]
    pub browser: String,
    /// The contact the visitor's email belongs to, with their other chats and tickets.
    #[serde(default)]
    pub contact: Option<VisitorContact>,
    /// The visitor's time zone as their browser reported it (their local time is shown).
    #[serde(default)]
    pub visitor_time_zone: Option<String>,
    /// The visitor's rating, once the chat is closed and rated.
    #[serde(default)]
    pub rating: Option<ChatRating>,
}

/// Who the visitor is, as far as the helpdesk knows: their contact and its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorContact {
    pub id: crate::models::contact::ContactId,
    pub name: String,
    /// Their other chats, newest first (at most `VisitorContact::SHOWN`).
    pub chats: Vec<crate::models::contact::ContactChat>,
    pub more_chats: bool,
    /// Their tickets, newest first (at most `VisitorContact::SHOWN`).
    pub tickets: Vec<crate::models::ticket::TicketRow>,
    pub more_tickets: bool,
}

impl VisitorContact {
    /// How many earlier chats and tickets the side panel lists.
    pub const SHOWN: usize = 5;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AgentStatus {
    #[default]
    Available,
    Away,
}

impl AgentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AgentStatus::Available => "available",
            AgentStatus::Away => "away",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "available" => Some(AgentStatus::Available),
            "away" => Some(AgentStatus::Away),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AgentStatus::Available => "Available",
            AgentStatus::Away => "Away",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChatNoteId(pub i64);

/// An internal note on a chat: agents only (never sent to the visitor).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatNote {
    pub id: ChatNoteId,
    /// Shown after the transcript line with this seq (the last one when it was written).
    pub after_seq: i64,
    pub agent_id: AgentId,
    pub author: String,
    pub text: String,
    pub client_id: String,
    pub created_at: i64,
}

/// An agent a chat can be transferred to, as the Transfer list shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferTarget {
    pub id: AgentId,
    pub name: String,
    pub status: AgentStatus,
    /// Their app is open now.
    pub online: bool,
    /// Active chats they handle now.
    pub active_chats: u32,
    /// How many they may hold (their own limit or the Live chat setting).
    #[serde(default)]
    pub capacity: u32,
}

impl TransferTarget {
    /// Available, online and under their limit: listed first, chosen without a warning.
    pub fn ready(&self) -> bool {
        self.online && self.status == AgentStatus::Available && !self.full()
    }

    pub fn full(&self) -> bool {
        self.active_chats >= self.capacity
    }
}

/// One of my active chats, as the My chats list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MyChat {
    pub id: ChatSessionId,
    pub visitor_name: String,
    /// The last line of the transcript (any sender).
    pub last: Option<Message>,
    /// Visitor lines I have not read.
    pub unread: u32,
    /// How far I have read.
    pub read_seq: i64,
    /// Since when the visitor waits for an answer: their first line after my last reply
    /// (`None`: I answered last).
    pub waiting_since: Option<i64>,
}

/// The visitor's rating of a chat, as agents see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatRating {
    pub rating: protocol::visitor::Rating,
    pub comment: Option<String>,
    pub rated_at: i64,
}

/// Satisfaction on the Queue page: 👍 share over the last 7 and 30 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Satisfaction {
    /// `None`: everyone.
    pub agent: Option<String>,
    pub last_7: crate::domain::rating::Tally,
    pub last_30: crate::domain::rating::Tally,
}
