//! Pure domain rules: no database, no HTTP, no UI. Unit-tested where they live.
pub mod backoff;
pub mod channel_input;
pub mod chat_session;
pub mod chat_transcript;
pub mod client_address;
pub mod cursor;
pub mod format;
pub mod html_text;
pub mod login_throttle;
pub mod navigation;
pub mod rate_limit;
pub mod rich_text;
pub mod slash_command;
pub mod ticket_input;
pub mod transcript;
pub mod validation;
pub mod visitor_input;
