use leptos::prelude::*;

use crate::error::AppError;
use crate::models::channel::ChannelId;

#[server(prefix = "/api", endpoint = "leave_channel")]
pub async fn leave_channel(id: ChannelId) -> Result<(), AppError> {
    use crate::ssr::channels::membership;
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        membership::leave(&state.db, state.hub.as_ref(), &me, id).await?;
        Ok(())
    })
    .await
}
