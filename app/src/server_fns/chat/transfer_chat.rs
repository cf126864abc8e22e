use leptos::prelude::*;

use crate::error::AppError;
use crate::models::agent::AgentId;
use crate::models::chat::ChatSessionId;

/// Transfer: hands my active chat (any, for admins) to another agent, with an optional
/// internal note for them.
#[server(prefix = "/api", endpoint = "transfer_chat")]
pub async fn transfer_chat(
    id: ChatSessionId,
    to: AgentId,
    #[server(default)] note: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::visitor_input::message_text;
    use crate::ssr::chat::transfer;
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        let note = match note.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => Some(message_text("note", text)?),
            _ => None,
        };
        transfer::transfer(&state.db, state.hub.as_ref(), id, &me, to, note.as_deref()).await?;
        state.assign_waiting().await;
        tracing::info!(
            session_id = id.0,
            by = me.id.0,
            to = to.0,
            "chat transferred"
        );
        Ok(())
    })
    .await
}
