use leptos::prelude::*;

use crate::error::AppError;
use crate::models::agent::AgentSummary;

/// Settings → Agents → Create agent (admins only).
#[server(prefix = "/api", endpoint = "create_agent")]
pub async fn create_agent(
    name: String,
    email: String,
    password: String,
    #[server(default)] admin: Option<String>,
) -> Result<AgentSummary, AppError> {
    use crate::ssr::{agents, request};

    request::respond(async {
        let (state, acting) = request::require_admin().await?;
        let new = agents::NewAgent::parse(&email, &name, &password, admin.is_some())?;
        let created = agents::create(&state.db, new).await?;
        tracing::info!(by = acting.id.0, agent_id = created.id.0, "agent created");
        Ok(created)
    })
    .await
}
