use leptos::prelude::*;

use crate::error::AppError;
use crate::models::ticket::{TicketDetail, TicketId};

#[server(prefix = "/api", endpoint = "get_ticket")]
pub async fn get_ticket(id: TicketId) -> Result<TicketDetail, AppError> {
    use crate::ssr::{request, tickets};

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        tickets::detail(&state.db, id, me.id).await
    })
    .await
}
