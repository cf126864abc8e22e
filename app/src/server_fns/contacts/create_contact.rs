use leptos::prelude::*;

use crate::error::AppError;
use crate::models::contact::ContactId;

#[server(prefix = "/api", endpoint = "create_contact")]
pub async fn create_contact(
    name: String,
    #[server(default)] email: String,
    #[server(default)] phone: String,
    #[server(default)] company: String,
    #[server(default)] notes: String,
) -> Result<ContactId, AppError> {
    use crate::domain::ticket_input::ContactInput;
    use crate::ssr::{contacts, request};

    request::respond(async {
        let (state, _) = request::require_agent().await?;
        let input = ContactInput::parse(&name, &email, &phone, &company, &notes)?;
        contacts::create(&state.db, input).await
    })
    .await
}
