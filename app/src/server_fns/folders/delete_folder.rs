use leptos::prelude::*;

use crate::error::AppError;
use crate::models::channel::FolderId;

/// Deletes a folder; its channels move to "No folder".
#[server(prefix = "/api", endpoint = "delete_folder")]
pub async fn delete_folder(id: FolderId) -> Result<(), AppError> {
    use crate::ssr::channels::folders;
    use crate::ssr::request;

    request::respond(async {
        let (state, _) = request::require_admin().await?;
        folders::delete(&state.db, id).await?;
        super::create_folder::folders_changed(&state);
        Ok(())
    })
    .await
}
