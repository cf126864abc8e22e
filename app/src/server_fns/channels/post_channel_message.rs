use leptos::prelude::*;

use crate::error::AppError;
use crate::models::channel::{ChannelId, ChannelPost};

/// Posts a message (members only). Answered once committed; a retry with the same
/// `client_id` stores it once.
#[server(prefix = "/api", endpoint = "post_channel_message")]
pub async fn post_channel_message(
    id: ChannelId,
    client_id: String,
    text: String,
) -> Result<ChannelPost, AppError> {
    use crate::domain::visitor_input::{client_id as check_client_id, message_text};
    use crate::models::channel::PostKind;
    use crate::ssr::channels::{access, posts};
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        let text = message_text("text", &text)?;
        let client_id = check_client_id(&client_id)?;
        access::readable(&state.db, id, me.id)
            .await?
            .require_member()?;
        posts::insert(
            &state.db,
            state.hub.as_ref(),
            id,
            Some(&me),
            posts::NewPost {
                kind: PostKind::Message,
                body: &text,
                link_url: None,
                client_id: Some(&client_id),
            },
        )
        .await
    })
    .await
}
