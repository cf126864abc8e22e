use leptos::prelude::*;

use crate::error::AppError;
use crate::models::channel::FolderId;

#[server(prefix = "/api", endpoint = "rename_folder")]
pub async fn rename_folder(id: FolderId, name: String) -> Result<(), AppError> {
    use crate::ssr::channels::folders;
    use crate::ssr::request;

    request::respond(async {
        let (state, _) = request::require_admin().await?;
        folders::rename(&state.db, id, &name).await?;
        super::create_folder::folders_changed(&state);
        Ok(())
    })
    .await
}
