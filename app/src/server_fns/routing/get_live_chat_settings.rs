use leptos::prelude::*;

use crate::error::AppError;
use crate::models::routing::LiveChatSettings;

/// Settings → Live chat as saved (every agent may read them).
#[server(prefix = "/api", endpoint = "get_live_chat_settings")]
pub async fn get_live_chat_settings() -> Result<LiveChatSettings, AppError> {
    use crate::ssr::chat::routing;
    use crate::ssr::request;

    request::respond(async {
        let (state, _) = request::require_agent().await?;
        routing::settings(&state.db).await
    })
    .await
}
