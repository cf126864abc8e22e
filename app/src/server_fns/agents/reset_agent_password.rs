use leptos::prelude::*;

use crate::error::AppError;
use crate::models::agent::AgentId;

/// An admin sets a new password for an agent; every session of theirs ends. Returns how
/// many did.
#[server(prefix = "/api", endpoint = "reset_agent_password")]
pub async fn reset_agent_password(id: AgentId, password: String) -> Result<u64, AppError> {
    use crate::ssr::{agent_admin, request};

    request::respond(async {
        let (state, acting) = request::require_admin().await?;
        let ended =
            agent_admin::reset_password(&state.db, state.hub.as_ref(), &acting, id, &password)
                .await?;
        tracing::info!(
            by = acting.id.0,
            agent_id = id.0,
            ended,
            "agent password reset"
        );
        Ok(ended)
    })
    .await
}
