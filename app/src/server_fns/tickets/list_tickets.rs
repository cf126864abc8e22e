use leptos::prelude::*;

use crate::error::AppError;
use crate::models::ticket::TicketListing;

/// The Tickets list. `status`: open|pending|resolved|closed or empty for all;
/// `assignee`: an agent id, `none` (unassigned) or empty for anyone; `q`: subject, number
/// or requester words.
#[server(prefix = "/api", endpoint = "list_tickets")]
pub async fn list_tickets(
    #[server(default)] status: String,
    #[server(default)] assignee: String,
    #[server(default)] q: String,
    #[server(default)] page: u32,
) -> Result<TicketListing, AppError> {
    use crate::models::agent::AgentId;
    use crate::models::ticket::TicketStatus;
    use crate::ssr::request;
    use crate::ssr::tickets::{self, TicketFilter};

    request::respond(async {
        let (state, _) = request::require_agent().await?;
        let filter = TicketFilter {
            status: match status.as_str() {
                "" => None,
                s => Some(
                    TicketStatus::parse(s)
                        .ok_or_else(|| AppError::validation("status", "Unknown status."))?,
                ),
            },
            assignee: match assignee.as_str() {
                "" => None,
                "none" => Some(None),
                id => Some(Some(AgentId(id.parse().map_err(|_| {
                    AppError::validation("assignee", "Unknown assignee.")
                })?))),
            },
            query: q.chars().take(200).collect(),
        };
        tickets::list(&state.db, &filter, page).await
    })
    .await
}
