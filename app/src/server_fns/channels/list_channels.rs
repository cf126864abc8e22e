use leptos::prelude::*;

use crate::error::AppError;
use crate::models::channel::ChannelGroup;

/// Chat → Channels: what I can see, by folder, with unread counts.
#[server(prefix = "/api", endpoint = "list_channels")]
pub async fn list_channels() -> Result<Vec<ChannelGroup>, AppError> {
    use crate::ssr::channels::listing;
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        listing::groups(&state.db, me.id).await
    })
    .await
}
