//! Internal messaging as agents see it.
use serde::{Deserialize, Serialize};

use super::agent::AgentId;
use super::contact::ContactRow;
use super::ticket::TicketRef;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChannelId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FolderId(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderInfo {
    pub id: FolderId,
    pub name: String,
    pub position: i32,
    pub channel_count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelSummary {
    pub id: ChannelId,
    pub name: String,
    pub description: String,
    pub folder_id: Option<FolderId>,
    pub private: bool,
    pub member: bool,
    pub unread: u32,
    pub mentions: u32,
}

/// Chat → Channels: folders in their order, then "No folder".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelGroup {
    pub folder: Option<FolderInfo>,
    pub channels: Vec<ChannelSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberInfo {
    pub id: AgentId,
    pub name: String,
    pub handle: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostKind {
    Message,
    /// A line the system writes: "Ada added Bob", "Ada created ticket #4".
    Notice,
}

/// One message of a channel. `seq` orders the history; `rev` is the channel position of
/// its latest change (new, edited or deleted): what a reconnecting client asks after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelPost {
    pub id: i64,
    pub seq: i64,
    pub rev: i64,
    pub kind: PostKind,
    pub author_id: Option<AgentId>,
    pub author_name: Option<String>,
    /// Empty once deleted.
    pub body: String,
    pub link_url: Option<String>,
    pub client_id: Option<String>,
    pub created_at: i64,
    pub edited: bool,
    pub deleted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelDetail {
    pub id: ChannelId,
    pub name: String,
    pub description: String,
    pub folder_id: Option<FolderId>,
    pub private: bool,
    pub member: bool,
    pub members: Vec<MemberInfo>,
    /// The latest page of history, oldest first.
    pub posts: Vec<ChannelPost>,
    pub has_older: bool,
    /// The channel's position now: watch from here.
    pub last_seq: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OlderPosts {
    pub posts: Vec<ChannelPost>,
    pub has_older: bool,
}

/// What a slash command did. `note` is shown only to the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CommandOutcome {
    pub note: Option<String>,
    pub contacts: Vec<ContactRow>,
    pub ticket: Option<TicketRef>,
    pub posted: Option<ChannelPost>,
    /// The caller left the channel.
    pub left: bool,
}

/// Where a command was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum CommandPlace {
    Channel(ChannelId),
    ChatSession(super::chat::ChatSessionId),
}
