mod create_agent;
mod list_agents;
mod set_agent_active;

pub use create_agent::*;
pub use list_agents::*;
pub use set_agent_active::*;
