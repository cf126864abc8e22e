use leptos::prelude::*;

use crate::error::AppError;
use crate::models::agent::AgentId;
use crate::models::channel::ChannelId;

/// A member adds another agent to the channel.
#[server(prefix = "/api", endpoint = "invite_member")]
pub async fn invite_member(id: ChannelId, agent: AgentId) -> Result<(), AppError> {
    use crate::ssr::channels::membership::{self, Invitee};
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        membership::invite(&state.db, state.hub.as_ref(), &me, id, Invitee::Id(agent)).await?;
        Ok(())
    })
    .await
}
