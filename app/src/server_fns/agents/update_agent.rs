use leptos::prelude::*;

use crate::error::AppError;
use crate::models::agent::{AgentId, AgentSummary};

/// An admin renames an agent and sets their role (never their own admin role away, never
/// the last active admin's).
#[server(prefix = "/api", endpoint = "update_agent")]
pub async fn update_agent(
    id: AgentId,
    name: String,
    role: String,
) -> Result<AgentSummary, AppError> {
    use crate::models::agent::Role;
    use crate::ssr::{agent_admin, request};

    request::respond(async {
        let (state, acting) = request::require_admin().await?;
        let role = Role::parse(&role)
            .ok_or_else(|| AppError::validation("role", "Choose Agent or Admin."))?;
        let updated = agent_admin::update(&state.db, &acting, id, &name, role).await?;
        tracing::info!(
            by = acting.id.0,
            agent_id = id.0,
            role = role.as_str(),
            "agent edited"
        );
        Ok(updated)
    })
    .await
}
