use leptos::prelude::*;

use crate::error::AppError;
use crate::models::contact::{ContactDetail, ContactId};

#[server(prefix = "/api", endpoint = "get_contact")]
pub async fn get_contact(id: ContactId) -> Result<ContactDetail, AppError> {
    use crate::ssr::{contacts, request};

    request::respond(async {
        let (state, _) = request::require_agent().await?;
        contacts::detail(&state.db, id).await
    })
    .await
}
