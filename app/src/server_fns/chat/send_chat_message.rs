use leptos::prelude::*;
use protocol::Message;

use crate::error::AppError;
use crate::models::chat::ChatSessionId;

/// Sends an agent message; answers once it is committed. Retrying with the same
/// `client_id` stores it once.
#[server(prefix = "/api", endpoint = "send_chat_message")]
pub async fn send_chat_message(
    id: ChatSessionId,
    client_id: String,
    text: String,
) -> Result<Message, AppError> {
    use crate::domain::visitor_input::{client_id as check_client_id, message_text};
    use crate::ssr::chat::posting::{ChatPost, Poster};
    use crate::ssr::chat::sessions;
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        let text = message_text("text", &text)?;
        let client_id = check_client_id(&client_id)?;
        let session = sessions::by_id(&state.db, id).await?;
        state
            .chat_writer
            .post(ChatPost {
                session: (&session).into(),
                poster: Poster::agent(&me),
                text,
                client_id,
            })
            .await
    })
    .await
}
