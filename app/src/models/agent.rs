use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AgentId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Agent,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Agent => "agent",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "admin" => Some(Role::Admin),
            "agent" => Some(Role::Agent),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Admin",
            Role::Agent => "Agent",
        }
    }
}

/// The signed-in agent, as the shell needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentAgent {
    pub id: AgentId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: super::chat::AgentStatus,
}

impl CurrentAgent {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// One row of Settings → Agents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentSummary {
    pub id: AgentId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    /// Their own limit of active chats; `None`: the Live chat setting.
    pub max_chats: Option<u32>,
    /// The sign-in throttle holds this account (an admin can unlock it).
    #[serde(default)]
    pub locked: bool,
}
