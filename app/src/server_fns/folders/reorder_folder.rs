use leptos::prelude::*;

use crate::error::AppError;
use crate::models::channel::FolderId;

/// Moves a folder up (`direction` -1) or down (+1).
#[server(prefix = "/api", endpoint = "reorder_folder")]
pub async fn reorder_folder(id: FolderId, direction: i32) -> Result<(), AppError> {
    use crate::ssr::channels::folders;
    use crate::ssr::request;

    request::respond(async {
        let (state, _) = request::require_admin().await?;
        folders::reorder(&state.db, id, direction).await?;
        super::create_folder::folders_changed(&state);
        Ok(())
    })
    .await
}
