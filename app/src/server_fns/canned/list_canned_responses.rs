use leptos::prelude::*;

use crate::error::AppError;
use crate::models::canned::CannedResponse;

/// The shared canned responses and my own, by shortcut.
#[server(prefix = "/api", endpoint = "list_canned_responses")]
pub async fn list_canned_responses() -> Result<Vec<CannedResponse>, AppError> {
    use crate::ssr::{canned_responses, request};

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        canned_responses::visible_to(&state.db, me.id).await
    })
    .await
}
