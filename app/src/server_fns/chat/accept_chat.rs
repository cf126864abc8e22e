use leptos::prelude::*;

use crate::error::AppError;
use crate::models::chat::ChatSessionId;

/// Accept: claims a waiting chat. When another agent was faster: 409 "Already accepted by NAME".
#[server(prefix = "/api", endpoint = "accept_chat")]
pub async fn accept_chat(id: ChatSessionId) -> Result<(), AppError> {
    use crate::ssr::chat::sessions;
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        sessions::accept(&state.db, state.hub.as_ref(), id, &me).await?;
        tracing::info!(session_id = id.0, agent_id = me.id.0, "chat accepted");
        Ok(())
    })
    .await
}
