use leptos::prelude::*;

use crate::error::AppError;
use crate::models::channel::FolderInfo;

#[server(prefix = "/api", endpoint = "list_folders")]
pub async fn list_folders() -> Result<Vec<FolderInfo>, AppError> {
    use crate::ssr::channels::folders;
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        folders::list(&state.db, me.id).await
    })
    .await
}
