use leptos::prelude::*;

use crate::error::AppError;
use crate::models::chat::{ChatNote, ChatSessionId};

/// Writes an internal note on a chat (agents only; the visitor never sees it). Retrying
/// with the same `client_id` stores it once.
#[server(prefix = "/api", endpoint = "add_chat_note")]
pub async fn add_chat_note(
    id: ChatSessionId,
    client_id: String,
    text: String,
) -> Result<ChatNote, AppError> {
    use crate::domain::visitor_input::{client_id as check_client_id, message_text};
    use crate::ssr::chat::notes::{self, NewNote};
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        let note = NewNote {
            text: message_text("text", &text)?,
            client_id: check_client_id(&client_id)?,
        };
        notes::add(&state.db, state.hub.as_ref(), id, &me, note).await
    })
    .await
}
