use leptos::prelude::*;

use crate::error::AppError;
use crate::models::channel::ChannelPost;

/// Deletes my own message; everyone sees "This message was deleted."
#[server(prefix = "/api", endpoint = "delete_channel_message")]
pub async fn delete_channel_message(message_id: i64) -> Result<ChannelPost, AppError> {
    use crate::ssr::channels::posts;
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        posts::change(&state.db, state.hub.as_ref(), &me, message_id, None).await
    })
    .await
}
