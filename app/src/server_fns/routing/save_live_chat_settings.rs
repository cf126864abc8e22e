use leptos::prelude::*;

use crate::error::AppError;
use crate::models::routing::LiveChatSettings;

/// Saves Settings → Live chat (admins only). Switching to Auto-assign hands out the
/// waiting chats at once.
#[server(prefix = "/api", endpoint = "save_live_chat_settings")]
pub async fn save_live_chat_settings(
    routing: String,
    max_chats: String,
    /// Absent: unchanged.
    max_file_mb: Option<String>,
) -> Result<LiveChatSettings, AppError> {
    use crate::domain::routing::parse_limit;
    use crate::models::routing::Routing;
    use crate::ssr::chat::routing as store;
    use crate::ssr::request;

    request::respond(async {
        let (state, acting) = request::require_admin().await?;
        let routing = Routing::parse(&routing)
            .ok_or_else(|| AppError::validation("routing", "Choose Manual or Auto-assign."))?;
        let max_chats =
            parse_limit(&max_chats).map_err(|m| AppError::validation("max_chats", m))?;
        let current = store::settings(&state.db).await?;
        let max_file_mb = match max_file_mb.as_deref().map(|v| v.trim().parse::<u32>()) {
            None => current.max_file_mb,
            Some(Ok(n)) if (1..=LiveChatSettings::MOST_FILE_MB).contains(&n) => n,
            Some(_) => {
                return Err(AppError::validation(
                    "max_file_mb",
                    format!(
                        "Enter whole megabytes from 1 to {}.",
                        LiveChatSettings::MOST_FILE_MB
                    ),
                ))
            }
        };
        // Business hours are saved by their own form: keep them.
        let saved = LiveChatSettings {
            routing,
            max_chats,
            max_file_mb,
            ..current
        };
        store::save_settings(&state.db, &saved).await?;
        tracing::info!(
            by = acting.id.0,
            routing = routing.as_str(),
            max_chats,
            "live chat settings saved"
        );
        state.assign_waiting().await;
        Ok(saved)
    })
    .await
}
