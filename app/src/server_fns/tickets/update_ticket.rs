use leptos::prelude::*;

use crate::error::AppError;
use crate::models::ticket::{Priority, TicketId, TicketStatus};

/// Status, priority and assignee (`assignee` empty = unassigned).
#[server(prefix = "/api", endpoint = "update_ticket")]
pub async fn update_ticket(
    id: TicketId,
    status: TicketStatus,
    priority: Priority,
    #[server(default)] assignee: String,
) -> Result<(), AppError> {
    use crate::models::agent::AgentId;
    use crate::ssr::{request, tickets};

    request::respond(async {
        let (state, _) = request::require_agent().await?;
        let assignee = match assignee.as_str() {
            "" => None,
            a => Some(AgentId(a.parse().map_err(|_| {
                AppError::validation("assignee", "Choose an active agent.")
            })?)),
        };
        tickets::update(&state.db, id, status, priority, assignee).await
    })
    .await
}
