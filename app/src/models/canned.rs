//! Canned responses as agents see and manage them.
use serde::{Deserialize, Serialize};

use super::agent::AgentId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CannedResponseId(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CannedResponse {
    pub id: CannedResponseId,
    /// Typed after `!` in the composer, e.g. `refund`.
    pub shortcut: String,
    /// With placeholders such as `{{visitor.name}}`.
    pub text: String,
    /// `None`: shared with every agent; else the agent who keeps it for themselves.
    pub owner: Option<AgentId>,
}

impl CannedResponse {
    pub fn is_shared(&self) -> bool {
        self.owner.is_none()
    }
}
