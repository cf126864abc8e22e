//! A socket's position in a chat transcript or a channel, on top of `domain::cursor`: what to
//! send for a live event, and the database reads that fill gaps (page by page, until there
//! is nothing more). One type for both: they differ only in how a page is read.
use std::future::Future;

use app::domain::cursor::{Cursor, Step};
use app::error::AppError;
use app::models::channel::{ChannelId, ChannelPost};
use app::models::chat::ChatSessionId;
use app::ssr::channels::posts as channel_posts;
use app::ssr::chat::messages;
use app::ssr::AppState;
use protocol::Message;

/// Replay and catch-up read this many rows at a time.
const PAGE: u64 = 500;

/// Something with ordered positions that a socket follows.
pub trait Log {
    type Id: Copy + Send + Sync;
    type Entry: Clone + Send;

    fn position(entry: &Self::Entry) -> i64;

    /// Up to `limit` entries after position `after`, oldest first.
    fn page_after(
        app: &AppState,
        id: Self::Id,
        after: i64,
        limit: u64,
    ) -> impl Future<Output = Result<Vec<Self::Entry>, AppError>> + Send;
}

/// A chat session's messages, by `seq`.
pub struct Transcript;

impl Log for Transcript {
    type Id = ChatSessionId;
    type Entry = Message;

    fn position(entry: &Message) -> i64 {
        entry.seq
    }

    async fn page_after(
        app: &AppState,
        id: ChatSessionId,
        after: i64,
        limit: u64,
    ) -> Result<Vec<Message>, AppError> {
        messages::after(&app.db, id.0, after, limit).await
    }
}

/// A channel's changes, by `rev` (edits and deletes take new ones).
pub struct ChannelChanges;

impl Log for ChannelChanges {
    type Id = ChannelId;
    type Entry = ChannelPost;

    fn position(entry: &ChannelPost) -> i64 {
        entry.rev
    }

    async fn page_after(
        app: &AppState,
        id: ChannelId,
        after: i64,
        limit: u64,
    ) -> Result<Vec<ChannelPost>, AppError> {
        channel_posts::changes_after(&app.db, id, after, limit).await
    }
}

/// Where a client is in one log.
pub struct Stream<L: Log> {
    pub id: L::Id,
    pub cursor: Cursor,
}

pub type SessionStream = Stream<Transcript>;
pub type ChannelStream = Stream<ChannelChanges>;

impl<L: Log> Stream<L> {
    pub fn new(id: L::Id, after: i64) -> Self {
        Self {
            id,
            cursor: Cursor::new(after),
        }
    }

    /// Every committed entry after the cursor, oldest first; the cursor moves past them.
    pub async fn catch_up(&mut self, app: &AppState) -> Result<Vec<L::Entry>, AppError> {
        let mut out = Vec::new();
        loop {
            let page = L::page_after(app, self.id, self.cursor.last(), PAGE).await?;
            let full = page.len() as u64 == PAGE;
            out.extend(self.cursor.advance(page, L::position));
            if !full {
                return Ok(out);
            }
        }
    }

    /// What to send for a live entry.
    pub async fn deliver(
        &mut self,
        app: &AppState,
        entry: &L::Entry,
    ) -> Result<Vec<L::Entry>, AppError> {
        match self.cursor.on_live(L::position(entry)) {
            Step::Skip => Ok(Vec::new()),
            Step::Send => Ok(vec![entry.clone()]),
            Step::CatchUp => self.catch_up(app).await,
        }
    }
}
