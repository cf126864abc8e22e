mod create_agent;
mod list_agents;
mod reset_agent_password;
mod set_agent_active;
mod set_agent_max_chats;
mod unlock_agent;
mod update_agent;

pub use create_agent::*;
pub use list_agents::*;
pub use reset_agent_password::*;
pub use set_agent_active::*;
pub use set_agent_max_chats::*;
pub use unlock_agent::*;
pub use update_agent::*;
