//! Contacts: the people tickets and chats are about.
use serde::{Deserialize, Serialize};

use super::chat::ChatSessionId;
use super::ticket::TicketRow;
use protocol::SessionStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ContactId(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRow {
    pub id: ContactId,
    pub name: String,
    pub email: Option<String>,
    pub company: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactListing {
    pub rows: Vec<ContactRow>,
    pub page: u32,
    pub has_more: bool,
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactChat {
    pub id: ChatSessionId,
    pub status: SessionStatus,
    pub preview: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetail {
    pub id: ContactId,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    pub notes: Option<String>,
    pub created_at: i64,
    pub tickets: Vec<TicketRow>,
    pub chats: Vec<ContactChat>,
}
