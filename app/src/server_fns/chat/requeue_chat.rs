use leptos::prelude::*;

use crate::error::AppError;
use crate::models::chat::ChatSessionId;

/// Back to queue: my active chat (any, for admins) waits again for anyone to accept.
#[server(prefix = "/api", endpoint = "requeue_chat")]
pub async fn requeue_chat(id: ChatSessionId) -> Result<(), AppError> {
    use crate::ssr::chat::transfer;
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        transfer::requeue(&state.db, state.hub.as_ref(), id, &me).await?;
        state.assign_waiting().await;
        tracing::info!(session_id = id.0, by = me.id.0, "chat back in the queue");
        Ok(())
    })
    .await
}
