//! SeaORM entities: one module per table. The schema itself lives in the `migrations` crate.
pub mod agent;
pub mod agent_session;
pub mod chat_message;
pub mod chat_session;
pub mod contact;
pub mod counter;
pub mod ticket;
