//! Server-only code: database access, password hashing, sessions and request helpers.
//! Compiled only with the `ssr` feature, so none of it reaches the browser bundle.
pub mod agent_admin;
pub mod agents;
pub mod auth_sessions;
pub mod canned_responses;
pub mod channels;
pub mod chat;
pub mod commands;
pub mod contacts;
pub mod cookies;
pub mod entities;
pub mod http_error;
pub mod hub;
pub mod mail_outbox;
pub mod metrics;
pub mod passwords;
pub mod profile;
pub mod rate_limits;
pub mod request;
pub mod search;
pub mod sign_in_throttle;
pub mod state;
pub mod tickets;
pub mod tokens;
pub mod widget_settings;

pub use state::AppState;
