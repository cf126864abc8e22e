use leptos::prelude::*;

use crate::error::AppError;
use crate::models::chat::{QueueListing, QueueTab};

/// Chat → Queue: one tab's rows (Closed is paginated, 25 a page).
#[server(prefix = "/api", endpoint = "list_queue")]
pub async fn list_queue(
    tab: QueueTab,
    #[server(default)] page: u32,
) -> Result<QueueListing, AppError> {
    use crate::ssr::chat::queue;
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        queue::listing(&state.db, &me, tab, page).await
    })
    .await
}
