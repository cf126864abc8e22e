use leptos::prelude::*;

use crate::error::AppError;
use crate::models::widget::WidgetSettings;

/// Settings → Widget as saved, with the embed snippet for this server (every agent may
/// read them; admins change them).
#[server(prefix = "/api", endpoint = "get_widget_settings")]
pub async fn get_widget_settings() -> Result<WidgetSettings, AppError> {
    use crate::domain::widget_look::snippet;
    use crate::ssr::{request, widget_settings};

    request::respond(async {
        let (state, _) = request::require_agent().await?;
        let look = widget_settings::look(&state.db).await?;
        let origin =
            request::public_origin(&state).unwrap_or_else(|| "https://YOUR-CHAT-SERVER".into());
        Ok(WidgetSettings {
            look,
            snippet: snippet(&origin),
        })
    })
    .await
}
