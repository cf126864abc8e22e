use leptos::prelude::*;

use crate::error::AppError;
use crate::models::chat::{ChatSessionId, SessionDetail};

/// The chat session page: visitor details and the whole transcript.
#[server(prefix = "/api", endpoint = "get_chat_session")]
pub async fn get_chat_session(id: ChatSessionId) -> Result<SessionDetail, AppError> {
    use crate::ssr::chat::sessions;
    use crate::ssr::request;

    request::respond(async {
        let (state, _) = request::require_agent().await?;
        sessions::detail(&state.db, id).await
    })
    .await
}
