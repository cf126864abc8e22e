use leptos::prelude::*;

use crate::error::AppError;
use crate::models::channel::ChannelId;

/// Moves a channel to another folder (`folder` empty: No folder).
#[server(prefix = "/api", endpoint = "move_channel")]
pub async fn move_channel(
    id: ChannelId,
    #[server(default)] folder: String,
) -> Result<(), AppError> {
    use crate::ssr::channels::membership;
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        let folder = crate::domain::channel_input::folder_choice(&folder)?;
        membership::move_to_folder(&state.db, state.hub.as_ref(), &me, id, folder).await
    })
    .await
}
