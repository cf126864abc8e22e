use leptos::prelude::*;

use crate::error::AppError;
use crate::models::contact::ContactListing;

/// Contacts whose name, email or company contain every word of `q`, 25 a page.
#[server(prefix = "/api", endpoint = "list_contacts")]
pub async fn list_contacts(
    #[server(default)] q: String,
    #[server(default)] page: u32,
) -> Result<ContactListing, AppError> {
    use crate::ssr::{contacts, request};

    request::respond(async {
        let (state, _) = request::require_agent().await?;
        contacts::list(&state.db, &q.chars().take(200).collect::<String>(), page).await
    })
    .await
}
