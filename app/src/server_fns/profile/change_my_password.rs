use leptos::prelude::*;

use crate::error::AppError;

/// My profile: a new password, the current one required. Every other session of mine
/// ends; this one stays. Answers how many were ended.
#[server(prefix = "/api", endpoint = "change_my_password")]
pub async fn change_my_password(
    current_password: String,
    new_password: String,
) -> Result<u64, AppError> {
    use crate::ssr::{profile, request};

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        let token = request::session_token().ok_or_else(AppError::unauthorized)?;
        let ended = profile::change_password(
            &state.db,
            state.hub.as_ref(),
            me.id,
            &token,
            &current_password,
            &new_password,
        )
        .await?;
        tracing::info!(agent_id = me.id.0, ended, "password changed");
        Ok(ended)
    })
    .await
}
