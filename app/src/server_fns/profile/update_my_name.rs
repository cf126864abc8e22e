use leptos::prelude::*;

use crate::error::AppError;
use crate::models::agent::CurrentAgent;

/// My profile: my display name (what visitors and colleagues see).
#[server(prefix = "/api", endpoint = "update_my_name")]
pub async fn update_my_name(name: String) -> Result<CurrentAgent, AppError> {
    use crate::ssr::{profile, request};

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        let updated = profile::rename(&state.db, me.id, &name).await?;
        tracing::info!(agent_id = me.id.0, "name changed");
        Ok(updated)
    })
    .await
}
