//! The agent's badge: which parts need a count, coalesced recounts, and sending it only when
//! it changed.
use std::ops::ControlFlow;
use std::time::Duration;

use tokio::time::Instant;

use app::models::live::AgentServerFrame;
use app::ssr::channels::listing as channel_listing;
use app::ssr::chat::queue;

use super::{Connection, Flow};

/// Badge recounts are coalesced: a burst of changes costs one count, this much later.
const BADGE_DELAY: Duration = Duration::from_millis(200);

/// Parts of the badge to count again before the next badge frame.
#[derive(Default, Clone, Copy)]
pub(super) struct Stale {
    pub(super) unread: bool,
    pub(super) channels: bool,
}

impl Connection<'_> {
    pub(super) fn recount_all(&mut self) {
        self.stale = Stale {
            unread: true,
            channels: true,
        };
        self.badge_soon();
    }

    pub(super) fn badge_soon(&mut self) {
        self.badge_due
            .get_or_insert_with(|| Instant::now() + BADGE_DELAY);
    }

    /// Counts what changed (the waiting count comes counted), and sends the badge if it
    /// differs from the last one sent.
    pub(super) async fn send_badge(&mut self) -> Flow {
        let mut badge = self.badge;
        let db = &self.app.db;
        // The shared count may be a moment behind a change just made: the first badge of a
        // connection counts for itself, later ones follow the shared count.
        let shared = *self.waiting.borrow_and_update();
        badge.waiting = if self.badge_sent {
            shared
        } else {
            match queue::waiting_count(db).await {
                Ok(n) => n,
                Err(_) => return ControlFlow::Break(()),
            }
        };
        let stale = std::mem::take(&mut self.stale);
        let pushed = self.pushed_unread.take();
        if stale.unread {
            // A change the writer did not count: read the total (newer than any push).
            match queue::unread_for(db, self.agent.id).await {
                Ok(n) => badge.unread = n,
                Err(_) => return ControlFlow::Break(()),
            }
        } else if let Some(n) = pushed {
            badge.unread = n;
        }
        if stale.channels {
            match channel_listing::badge_counts(db, self.agent.id).await {
                Ok((unread, mentions)) => {
                    badge.channel_unread = unread;
                    badge.mentions = mentions;
                }
                Err(_) => return ControlFlow::Break(()),
            }
        }
        if badge == self.badge && !self.first_badge_pending() {
            return ControlFlow::Continue(());
        }
        self.badge = badge;
        self.badge_sent = true;
        self.send(&AgentServerFrame::Badge { badge }).await
    }

    /// At the end of a round that brought a pushed unread total: sends the badge now unless
    /// a recount is due (then the coalesced recount sends it, the total included).
    pub(super) async fn send_pushed_badge(&mut self) -> Flow {
        self.badge_pushed = false;
        if self.stale.unread || self.stale.channels {
            self.badge_soon();
            return ControlFlow::Continue(());
        }
        self.send_badge().await
    }

    pub(super) fn first_badge_pending(&self) -> bool {
        !self.badge_sent
    }
}
