use leptos::prelude::*;

use crate::error::AppError;
use crate::models::canned::CannedResponse;

/// Settings → Canned responses → Add: shared (admins) or my own.
#[server(prefix = "/api", endpoint = "create_canned_response")]
pub async fn create_canned_response(
    shortcut: String,
    text: String,
    #[server(default)] shared: Option<String>,
) -> Result<CannedResponse, AppError> {
    use crate::ssr::canned_responses::{self, CannedInput};
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        let input = CannedInput::parse(&shortcut, &text)?;
        canned_responses::create(&state.db, &me, shared.is_some(), input).await
    })
    .await
}
