use leptos::prelude::*;

use crate::error::AppError;
use crate::models::channel::ChannelPost;

/// Edits my own message; everyone sees it marked edited.
#[server(prefix = "/api", endpoint = "edit_channel_message")]
pub async fn edit_channel_message(message_id: i64, text: String) -> Result<ChannelPost, AppError> {
    use crate::domain::visitor_input::message_text;
    use crate::ssr::channels::posts;
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        let text = message_text("text", &text)?;
        posts::change(&state.db, state.hub.as_ref(), &me, message_id, Some(&text)).await
    })
    .await
}
