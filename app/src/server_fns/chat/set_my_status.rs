use leptos::prelude::*;

use crate::error::AppError;
use crate::models::chat::AgentStatus;

/// Available / Away for the signed-in agent.
#[server(prefix = "/api", endpoint = "set_my_status")]
pub async fn set_my_status(status: AgentStatus) -> Result<AgentStatus, AppError> {
    use crate::ssr::chat::presence;
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        presence::set_status(&state.db, me.id, status).await?;
        if status == AgentStatus::Available {
            state.assign_waiting().await;
        }
        Ok(status)
    })
    .await
}
