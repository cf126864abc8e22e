use leptos::prelude::*;

use crate::error::AppError;
use crate::models::channel::ChannelId;

/// + New Channel. `folder`: a folder id or empty; `members`: agent ids, comma-separated.
#[server(prefix = "/api", endpoint = "create_channel")]
pub async fn create_channel(
    name: String,
    #[server(default)] description: String,
    #[server(default)] folder: String,
    #[server(default)] private: bool,
    #[server(default)] members: String,
) -> Result<ChannelId, AppError> {
    use crate::models::agent::AgentId;
    use crate::ssr::channels::membership::{self, NewChannel};
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        let folder = crate::domain::channel_input::folder_choice(&folder)?;
        let members = members
            .split(',')
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(|m| m.parse().map(AgentId))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| AppError::validation("members", "Choose active agents as members."))?;
        let new = NewChannel::parse(&name, &description, folder, private, members)?;
        let id = membership::create(&state.db, state.hub.as_ref(), &me, new).await?;
        tracing::info!(channel_id = id.0, "channel created");
        Ok(id)
    })
    .await
}
