use leptos::prelude::*;

use crate::error::AppError;
use crate::models::chat::{ChatSessionId, TransferTarget};

/// Who this chat can be transferred to: Available and online agents first.
#[server(prefix = "/api", endpoint = "list_transfer_targets")]
pub async fn list_transfer_targets(id: ChatSessionId) -> Result<Vec<TransferTarget>, AppError> {
    use crate::models::agent::AgentId;
    use crate::ssr::chat::{sessions, transfer};
    use crate::ssr::request;

    request::respond(async {
        let (state, _) = request::require_agent().await?;
        let session = sessions::by_id(&state.db, id).await?;
        transfer::targets(&state.db, session.agent_id.map(AgentId)).await
    })
    .await
}
