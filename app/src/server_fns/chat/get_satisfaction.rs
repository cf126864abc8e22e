use leptos::prelude::*;

use crate::error::AppError;
use crate::models::chat::Satisfaction;

/// Visitor satisfaction over the last 7 and 30 days: everyone, then each agent.
#[server(prefix = "/api", endpoint = "get_satisfaction")]
pub async fn get_satisfaction() -> Result<Vec<Satisfaction>, AppError> {
    use crate::ssr::chat::ratings;
    use crate::ssr::request;

    request::respond(async {
        let (state, _) = request::require_agent().await?;
        ratings::satisfaction(&state.db).await
    })
    .await
}
