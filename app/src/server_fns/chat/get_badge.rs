use leptos::prelude::*;

use crate::error::AppError;
use crate::models::chat::Badge;

/// The sidebar Chat badge for the signed-in agent.
#[server(prefix = "/api", endpoint = "get_badge")]
pub async fn get_badge() -> Result<Badge, AppError> {
    use crate::ssr::chat::queue;
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        queue::badge(&state.db, me.id).await
    })
    .await
}
