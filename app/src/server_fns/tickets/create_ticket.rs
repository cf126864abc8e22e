use leptos::prelude::*;

use crate::error::AppError;
use crate::models::ticket::TicketRef;

/// New Ticket: subject, description, requester (name, optional email), priority, assignee.
#[server(prefix = "/api", endpoint = "create_ticket")]
pub async fn create_ticket(
    subject: String,
    #[server(default)] description: String,
    requester_name: String,
    #[server(default)] requester_email: String,
    #[server(default)] priority: String,
    #[server(default)] assignee: String,
) -> Result<TicketRef, AppError> {
    use crate::domain::ticket_input;
    use crate::domain::validation::{DisplayName, Email};
    use crate::models::agent::AgentId;
    use crate::models::ticket::Priority;
    use crate::ssr::request;
    use crate::ssr::tickets::{self, NewTicket};

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        let new = NewTicket {
            subject: ticket_input::subject(&subject)?,
            description: ticket_input::description(&description)?,
            requester_name: DisplayName::parse("requester_name", &requester_name)?.into_inner(),
            requester_email: match requester_email.trim() {
                "" => None,
                e => Some(Email::parse("requester_email", e)?.into_inner()),
            },
            priority: match priority.as_str() {
                "" => Priority::Normal,
                p => Priority::parse(p)
                    .ok_or_else(|| AppError::validation("priority", "Unknown priority."))?,
            },
            assignee: match assignee.as_str() {
                "" => None,
                id => Some(AgentId(id.parse().map_err(|_| {
                    AppError::validation("assignee", "Choose an active agent.")
                })?)),
            },
        };
        tickets::create(&state.db, &me, new).await
    })
    .await
}
