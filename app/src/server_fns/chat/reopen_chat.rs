use leptos::prelude::*;

use crate::error::AppError;
use crate::models::chat::ChatSessionId;

/// Reopen (and Undo after Close): a closed chat is active again with the agent who reopens
/// it.
#[server(prefix = "/api", endpoint = "reopen_chat")]
pub async fn reopen_chat(id: ChatSessionId) -> Result<(), AppError> {
    use crate::ssr::chat::sessions;
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        sessions::reopen(&state.db, state.hub.as_ref(), id, &me).await?;
        tracing::info!(session_id = id.0, agent_id = me.id.0, "chat reopened");
        Ok(())
    })
    .await
}
