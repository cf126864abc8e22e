use leptos::prelude::*;

use crate::error::AppError;
use crate::models::canned::{CannedResponse, CannedResponseId};

/// Changes a canned response (mine, or a shared one if I am an admin).
#[server(prefix = "/api", endpoint = "update_canned_response")]
pub async fn update_canned_response(
    id: CannedResponseId,
    shortcut: String,
    text: String,
) -> Result<CannedResponse, AppError> {
    use crate::ssr::canned_responses::{self, CannedInput};
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        let input = CannedInput::parse(&shortcut, &text)?;
        canned_responses::update(&state.db, &me, id, input).await
    })
    .await
}
