use leptos::prelude::*;

use crate::error::AppError;
use crate::models::canned::CannedResponseId;

/// Deletes a canned response (mine, or a shared one if I am an admin).
#[server(prefix = "/api", endpoint = "delete_canned_response")]
pub async fn delete_canned_response(id: CannedResponseId) -> Result<(), AppError> {
    use crate::ssr::{canned_responses, request};

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        canned_responses::delete(&state.db, &me, id).await
    })
    .await
}
