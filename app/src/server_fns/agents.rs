mod create_agent;
mod list_agents;
mod set_agent_active;
mod set_agent_max_chats;

pub use create_agent::*;
pub use list_agents::*;
pub use set_agent_active::*;
pub use set_agent_max_chats::*;
