use leptos::prelude::*;

use crate::error::AppError;
use crate::models::chat::ChatSessionId;

/// Close: the assigned agent (or an admin) ends an active chat.
#[server(prefix = "/api", endpoint = "close_chat")]
pub async fn close_chat(id: ChatSessionId) -> Result<(), AppError> {
    use crate::ssr::chat::sessions;
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        sessions::close(&state.db, state.hub.as_ref(), id, &me).await?;
        tracing::info!(session_id = id.0, agent_id = me.id.0, "chat closed");
        // Room for one more: the oldest waiting chat may go to them now.
        state.assign_waiting().await;
        Ok(())
    })
    .await
}
