use leptos::prelude::*;

use crate::error::AppError;
use crate::models::channel::FolderInfo;

/// New Folder (admins).
#[server(prefix = "/api", endpoint = "create_folder")]
pub async fn create_folder(name: String) -> Result<FolderInfo, AppError> {
    use crate::ssr::channels::folders;
    use crate::ssr::request;

    request::respond(async {
        let (state, _) = request::require_admin().await?;
        let folder = folders::create(&state.db, &name).await?;
        folders_changed(&state);
        Ok(folder)
    })
    .await
}

#[cfg(feature = "ssr")]
pub(crate) fn folders_changed(state: &crate::ssr::AppState) {
    use crate::ssr::hub::{HubEvent, Topic};
    state.hub.publish(Topic::Queue, HubEvent::ChannelsChanged);
}
