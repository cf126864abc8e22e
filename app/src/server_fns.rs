//! Thin `#[server]` functions: extract the caller, call the domain, map the error.
//! One function per file, grouped by domain.
pub mod agents;
pub mod auth;
pub mod canned;
pub mod channels;
pub mod chat;
pub mod contacts;
pub mod folders;
pub mod profile;
pub mod routing;
pub mod tickets;
pub mod widget;
