use leptos::prelude::*;

use crate::error::AppError;
use crate::models::channel::{ChannelId, CommandOutcome};
use crate::models::chat::ChatSessionId;

/// Runs a slash command typed in a channel (`channel`) or a chat session (`session`).
/// Refusals are for the caller only; nothing is posted for them.
#[server(prefix = "/api", endpoint = "run_command")]
pub async fn run_command(
    #[server(default)] channel: Option<ChannelId>,
    #[server(default)] session: Option<ChatSessionId>,
    text: String,
) -> Result<CommandOutcome, AppError> {
    use crate::models::channel::CommandPlace;
    use crate::ssr::{commands, request};

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        let place = match (channel, session) {
            (Some(c), None) => CommandPlace::Channel(c),
            (None, Some(s)) => CommandPlace::ChatSession(s),
            _ => return Err(AppError::validation("", "Say where the command was typed.")),
        };
        commands::run(&state, &me, place, &text).await
    })
    .await
}
