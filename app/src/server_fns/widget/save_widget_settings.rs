use leptos::prelude::*;

use crate::domain::widget_look::WidgetLook;
use crate::error::AppError;

/// Saves Settings → Widget (admins only). Every instance serves the new look at once;
/// browsers keep `widget.js` up to five minutes.
#[server(prefix = "/api", endpoint = "save_widget_settings")]
pub async fn save_widget_settings(
    color: String,
    title: String,
    greeting: String,
    position: String,
) -> Result<WidgetLook, AppError> {
    use crate::ssr::{request, widget_settings};

    request::respond(async {
        let (state, acting) = request::require_admin().await?;
        let look = WidgetLook::parse(&color, &title, &greeting, &position)?;
        widget_settings::save(&state.db, &look).await?;
        tracing::info!(by = acting.id.0, "widget settings saved");
        Ok(look)
    })
    .await
}
