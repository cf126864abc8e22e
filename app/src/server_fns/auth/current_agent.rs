use leptos::prelude::*;

use crate::error::AppError;
use crate::models::agent::CurrentAgent;

/// The signed-in agent (401 when signed out).
#[server(prefix = "/api", endpoint = "get_current_agent")]
pub async fn get_current_agent() -> Result<CurrentAgent, AppError> {
    use crate::ssr::request;

    request::respond(async { Ok(request::require_agent().await?.1) }).await
}
