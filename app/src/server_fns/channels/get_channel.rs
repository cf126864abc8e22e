use leptos::prelude::*;

use crate::error::AppError;
use crate::models::channel::{ChannelDetail, ChannelId};

/// A channel page (404 for a private channel I am not in).
#[server(prefix = "/api", endpoint = "get_channel")]
pub async fn get_channel(id: ChannelId) -> Result<ChannelDetail, AppError> {
    use crate::ssr::channels::listing;
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        listing::detail(&state.db, id, me.id).await
    })
    .await
}
