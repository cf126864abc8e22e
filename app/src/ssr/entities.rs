//! SeaORM entities: one module per table. The schema itself lives in the `migrations` crate.
pub mod agent;
pub mod agent_presence;
pub mod agent_session;
pub mod canned_response;
pub mod channel;
pub mod channel_folder;
pub mod channel_member;
pub mod channel_mention;
pub mod channel_message;
pub mod chat_message;
pub mod chat_note;
pub mod chat_session;
pub mod chat_setting;
pub mod contact;
pub mod counter;
pub mod sign_in_attempt;
pub mod ticket;
