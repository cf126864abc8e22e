use leptos::prelude::*;

use crate::error::AppError;
use crate::models::chat::ChatSessionId;
use crate::models::ticket::TicketRef;

/// Create Ticket on a chat session. Idempotent: a chat has at most one ticket.
#[server(prefix = "/api", endpoint = "create_ticket_from_chat")]
pub async fn create_ticket_from_chat(
    id: ChatSessionId,
    subject: String,
) -> Result<TicketRef, AppError> {
    use crate::domain::ticket_input;
    use crate::ssr::{request, tickets};

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        let subject = ticket_input::subject(&subject)?;
        tickets::create_from_chat(&state.db, &me, id, subject).await
    })
    .await
}
