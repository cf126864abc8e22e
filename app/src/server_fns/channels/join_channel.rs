use leptos::prelude::*;

use crate::error::AppError;
use crate::models::channel::ChannelId;

/// Join a public channel.
#[server(prefix = "/api", endpoint = "join_channel")]
pub async fn join_channel(id: ChannelId) -> Result<(), AppError> {
    use crate::ssr::channels::membership;
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        membership::join(&state.db, state.hub.as_ref(), &me, id).await
    })
    .await
}
