//! How new chats reach agents: the Live chat settings as admins set them.
use serde::{Deserialize, Serialize};

/// Manual: chats wait in the queue for an agent's Accept. Auto-assign: each chat goes to
/// the Available agent under capacity with the fewest active chats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Routing {
    #[default]
    Manual,
    Auto,
}

impl Routing {
    pub fn as_str(self) -> &'static str {
        match self {
            Routing::Manual => "manual",
            Routing::Auto => "auto",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "manual" => Some(Routing::Manual),
            "auto" => Some(Routing::Auto),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Routing::Manual => "Manual",
            Routing::Auto => "Auto-assign",
        }
    }
}

/// Settings → Live chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveChatSettings {
    pub routing: Routing,
    /// Active chats an agent may hold at once, unless their own limit says otherwise.
    pub max_chats: u32,
    /// `None`: always open.
    #[serde(default)]
    pub business_hours: Option<crate::domain::business_hours::BusinessHours>,
    #[serde(default)]
    pub outside_hours: protocol::visitor::OutsideHours,
    /// A visitor waiting longer is offered to leave their email instead.
    #[serde(default = "default_max_wait")]
    pub max_wait_minutes: u32,
    /// The largest file visitors and agents may send in a chat, in MB.
    #[serde(default = "default_max_file_mb")]
    pub max_file_mb: u32,
}

fn default_max_file_mb() -> u32 {
    LiveChatSettings::DEFAULT_MAX_FILE_MB
}

fn default_max_wait() -> u32 {
    LiveChatSettings::DEFAULT_MAX_WAIT_MINUTES
}

impl LiveChatSettings {
    pub const DEFAULT_MAX_CHATS: u32 = 3;
    /// The largest limit that can be set (for everyone or one agent).
    pub const MOST_CHATS: u32 = 50;
    pub const DEFAULT_MAX_WAIT_MINUTES: u32 = 5;
    pub const DEFAULT_MAX_FILE_MB: u32 = 10;
    /// The largest file size limit that can be set (uploads are held in memory once).
    pub const MOST_FILE_MB: u32 = 25;

    pub fn max_file_bytes(&self) -> u64 {
        u64::from(self.max_file_mb) * 1024 * 1024
    }
}

impl Default for LiveChatSettings {
    fn default() -> Self {
        Self {
            routing: Routing::Manual,
            max_chats: Self::DEFAULT_MAX_CHATS,
            business_hours: None,
            outside_hours: protocol::visitor::OutsideHours::TakeMessage,
            max_wait_minutes: Self::DEFAULT_MAX_WAIT_MINUTES,
            max_file_mb: Self::DEFAULT_MAX_FILE_MB,
        }
    }
}
