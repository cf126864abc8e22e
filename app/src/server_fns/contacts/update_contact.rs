use leptos::prelude::*;

use crate::error::AppError;
use crate::models::contact::ContactId;

#[server(prefix = "/api", endpoint = "update_contact")]
pub async fn update_contact(
    id: ContactId,
    name: String,
    #[server(default)] email: String,
    #[server(default)] phone: String,
    #[server(default)] company: String,
    #[server(default)] notes: String,
) -> Result<(), AppError> {
    use crate::domain::ticket_input::ContactInput;
    use crate::ssr::{contacts, request};

    request::respond(async {
        let (state, _) = request::require_agent().await?;
        let input = ContactInput::parse(&name, &email, &phone, &company, &notes)?;
        contacts::update(&state.db, id, input).await
    })
    .await
}
