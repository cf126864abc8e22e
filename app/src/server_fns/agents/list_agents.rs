use leptos::prelude::*;

use crate::error::AppError;
use crate::models::agent::AgentSummary;

#[server(prefix = "/api", endpoint = "list_agents")]
pub async fn list_agents() -> Result<Vec<AgentSummary>, AppError> {
    use crate::ssr::{agents, request};

    request::respond(async {
        let (state, _) = request::require_agent().await?;
        agents::list(&state.db, &state.sign_in_policy).await
    })
    .await
}
