//! The inbox's conversation list: which chats each tab holds and which tab a chat opens in.
use protocol::SessionStatus;

use crate::models::chat::QueueTab;

/// A tab of the Conversations list beside an open chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InboxTab {
    /// My active chats, live line by line.
    Mine,
    /// Visitors waiting for anyone, oldest first.
    Waiting,
    /// Every active chat, mine first.
    AllActive,
}

impl InboxTab {
    pub const ALL: [InboxTab; 3] = [InboxTab::Mine, InboxTab::Waiting, InboxTab::AllActive];

    pub fn label(self) -> &'static str {
        match self {
            InboxTab::Mine => "Mine",
            InboxTab::Waiting => "Waiting",
            InboxTab::AllActive => "All active",
        }
    }

    /// The list's accessible name under this tab.
    pub fn list_name(self) -> &'static str {
        match self {
            InboxTab::Mine => "My chats",
            InboxTab::Waiting => "Waiting chats",
            InboxTab::AllActive => "All active chats",
        }
    }

    pub fn dom_id(self) -> &'static str {
        match self {
            InboxTab::Mine => "inbox-mine",
            InboxTab::Waiting => "inbox-waiting",
            InboxTab::AllActive => "inbox-active",
        }
    }

    pub fn empty_text(self) -> &'static str {
        match self {
            InboxTab::Mine => "You have no active chats.",
            InboxTab::Waiting => "No one is waiting.",
            InboxTab::AllActive => "No chats in progress.",
        }
    }

    /// The queue listing a tab shows; `None` for Mine, which the live connection keeps.
    pub fn queue_tab(self) -> Option<QueueTab> {
        match self {
            InboxTab::Mine => None,
            InboxTab::Waiting => Some(QueueTab::Waiting),
            InboxTab::AllActive => Some(QueueTab::Active),
        }
    }

    /// The tab the list starts on for the chat first opened: the one that lists it, so the
    /// agent sees where they are (a closed chat is in none: Mine).
    pub fn for_chat(status: SessionStatus, mine: bool) -> Self {
        match status {
            SessionStatus::Waiting => InboxTab::Waiting,
            SessionStatus::Active if !mine => InboxTab::AllActive,
            SessionStatus::Active | SessionStatus::Closed => InboxTab::Mine,
        }
    }

    /// The tab after (`step` 1) or before (`step` -1) this one, wrapping: arrow keys.
    pub fn step(self, step: i32) -> Self {
        let at = Self::ALL.iter().position(|t| *t == self).unwrap_or(0) as i32;
        let n = Self::ALL.len() as i32;
        Self::ALL[(at + step).rem_euclid(n) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chat_opens_in_the_tab_that_lists_it() {
        assert_eq!(
            InboxTab::for_chat(SessionStatus::Waiting, false),
            InboxTab::Waiting
        );
        assert_eq!(
            InboxTab::for_chat(SessionStatus::Active, true),
            InboxTab::Mine
        );
        assert_eq!(
            InboxTab::for_chat(SessionStatus::Active, false),
            InboxTab::AllActive
        );
        assert_eq!(
            InboxTab::for_chat(SessionStatus::Closed, false),
            InboxTab::Mine
        );
    }

    #[test]
    fn tabs_map_to_queue_listings() {
        assert_eq!(InboxTab::Mine.queue_tab(), None);
        assert_eq!(InboxTab::Waiting.queue_tab(), Some(QueueTab::Waiting));
        assert_eq!(InboxTab::AllActive.queue_tab(), Some(QueueTab::Active));
    }

    #[test]
    fn arrow_keys_wrap() {
        assert_eq!(InboxTab::Mine.step(1), InboxTab::Waiting);
        assert_eq!(InboxTab::AllActive.step(1), InboxTab::Mine);
        assert_eq!(InboxTab::Mine.step(-1), InboxTab::AllActive);
    }

    #[test]
    fn names_are_distinct() {
        let names: std::collections::HashSet<_> =
            InboxTab::ALL.iter().map(|t| t.list_name()).collect();
        assert_eq!(names.len(), 3);
        let ids: std::collections::HashSet<_> = InboxTab::ALL.iter().map(|t| t.dom_id()).collect();
        assert_eq!(ids.len(), 3);
    }
}
