//! Reusable pieces of the agent UI.
pub mod browser;
pub mod field_error;
pub mod icons;
pub mod local_time;
pub mod message_text;
pub mod not_built;
pub mod pager;
pub mod sidebar;
pub mod top_bar;
