use leptos::prelude::*;

use crate::error::AppError;
use crate::models::agent::{AgentId, AgentSummary};

/// Deactivates (ending every session of) or reactivates an agent (admins only).
#[server(prefix = "/api", endpoint = "set_agent_active")]
pub async fn set_agent_active(id: AgentId, active: bool) -> Result<AgentSummary, AppError> {
    use crate::ssr::{agents, request};

    request::respond(async {
        let (state, acting) = request::require_admin().await?;
        let updated =
            agents::set_active(&state.db, state.hub.as_ref(), &acting, id, active).await?;
        tracing::info!(
            by = acting.id.0,
            agent_id = id.0,
            active,
            "agent activity changed"
        );
        Ok(updated)
    })
    .await
}
