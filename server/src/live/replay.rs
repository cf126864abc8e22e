//! A socket's position in a chat transcript or a channel, on top of `domain::cursor`: what to
//! send for a live event, and the database reads that fill gaps (page by page, until there
//! is nothing more).
use app::domain::cursor::{Cursor, Step};
use app::error::AppError;
use app::models::channel::{ChannelId, ChannelPost};
use app::ssr::channels::posts as channel_posts;
use app::ssr::chat::messages;
use app::ssr::AppState;
use protocol::Message;

/// Replay and catch-up read this many rows at a time.
const PAGE: u64 = 500;

/// Where a client is in one session's transcript.
pub struct SessionStream {
    pub session_id: i64,
    pub cursor: Cursor,
}

impl SessionStream {
    pub fn new(session_id: i64, after: i64) -> Self {
        Self {
            session_id,
            cursor: Cursor::new(after),
        }
    }

    /// Every committed message after the cursor, oldest first; the cursor moves past them.
    pub async fn catch_up(&mut self, app: &AppState) -> Result<Vec<Message>, AppError> {
        let mut out = Vec::new();
        loop {
            let page = messages::after(&app.db, self.session_id, self.cursor.last(), PAGE).await?;
            let full = page.len() as u64 == PAGE;
            out.extend(self.cursor.advance(page, |m| m.seq));
            if !full {
                return Ok(out);
            }
        }
    }

    /// What to send for a live message.
    pub async fn deliver(
        &mut self,
        app: &AppState,
        message: &Message,
    ) -> Result<Vec<Message>, AppError> {
        match self.cursor.on_live(message.seq) {
            Step::Skip => Ok(Vec::new()),
            Step::Send => Ok(vec![message.clone()]),
            Step::CatchUp => self.catch_up(app).await,
        }
    }
}

/// Where a client is in one channel: positions are `rev` (edits and deletes take new ones).
pub struct ChannelStream {
    pub id: ChannelId,
    pub cursor: Cursor,
}

impl ChannelStream {
    pub fn new(id: ChannelId, after: i64) -> Self {
        Self {
            id,
            cursor: Cursor::new(after),
        }
    }

    pub async fn catch_up(&mut self, app: &AppState) -> Result<Vec<ChannelPost>, AppError> {
        let mut out = Vec::new();
        loop {
            let page =
                channel_posts::changes_after(&app.db, self.id, self.cursor.last(), PAGE).await?;
            let full = page.len() as u64 == PAGE;
            out.extend(self.cursor.advance(page, |p| p.rev));
            if !full {
                return Ok(out);
            }
        }
    }

    pub async fn deliver(
        &mut self,
        app: &AppState,
        post: &ChannelPost,
    ) -> Result<Vec<ChannelPost>, AppError> {
        match self.cursor.on_live(post.rev) {
            Step::Skip => Ok(Vec::new()),
            Step::Send => Ok(vec![post.clone()]),
            Step::CatchUp => self.catch_up(app).await,
        }
    }
}
