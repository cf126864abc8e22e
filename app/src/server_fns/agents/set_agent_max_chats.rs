use leptos::prelude::*;

use crate::error::AppError;
use crate::models::agent::AgentId;

/// Sets one agent's own limit of active chats (admins only). An empty `max_chats` clears
/// it: the agent follows Settings → Live chat again.
#[server(prefix = "/api", endpoint = "set_agent_max_chats")]
pub async fn set_agent_max_chats(id: AgentId, max_chats: String) -> Result<(), AppError> {
    use crate::domain::routing::parse_limit;
    use crate::ssr::chat::routing;
    use crate::ssr::request;

    request::respond(async {
        let (state, acting) = request::require_admin().await?;
        let limit = if max_chats.trim().is_empty() {
            None
        } else {
            Some(parse_limit(&max_chats).map_err(|m| AppError::validation("max_chats", m))?)
        };
        routing::set_agent_limit(&state.db, id, limit).await?;
        tracing::info!(
            by = acting.id.0,
            agent_id = id.0,
            ?limit,
            "agent chat limit set"
        );
        state.assign_waiting().await;
        Ok(())
    })
    .await
}
