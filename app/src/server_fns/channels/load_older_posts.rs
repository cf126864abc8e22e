use leptos::prelude::*;

use crate::error::AppError;
use crate::models::channel::{ChannelId, OlderPosts};

/// The page of history before `before_seq`.
#[server(prefix = "/api", endpoint = "load_older_posts")]
pub async fn load_older_posts(id: ChannelId, before_seq: i64) -> Result<OlderPosts, AppError> {
    use crate::ssr::channels::{access, posts};
    use crate::ssr::request;

    request::respond(async {
        let (state, me) = request::require_agent().await?;
        access::readable(&state.db, id, me.id).await?;
        let (posts, has_older) = posts::history(&state.db, id, Some(before_seq)).await?;
        Ok(OlderPosts { posts, has_older })
    })
    .await
}
