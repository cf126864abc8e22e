use leptos::prelude::*;

use crate::error::AppError;
use crate::models::agent::{AgentId, AgentSummary};

/// An admin lifts the sign-in throttle from an agent's account.
#[server(prefix = "/api", endpoint = "unlock_agent")]
pub async fn unlock_agent(id: AgentId) -> Result<AgentSummary, AppError> {
    use crate::ssr::{agent_admin, request};

    request::respond(async {
        let (state, acting) = request::require_admin().await?;
        let agent = agent_admin::unlock(&state.db, id).await?;
        tracing::info!(by = acting.id.0, agent_id = id.0, "agent sign-in unlocked");
        Ok(agent)
    })
    .await
}
