//! Reusable pieces of the agent UI.
pub mod attachments;
pub mod browser;
pub mod command_note;
pub mod field_error;
pub mod icons;
pub mod local_time;
pub mod message_text;
pub mod not_built;
pub mod outbox;
pub mod page_load;
pub mod pager;
pub mod rich_text;
pub mod sidebar;
pub mod slash_composer;
pub mod top_bar;
pub mod unverified;
