//! Integration tests: the real server on port 0, real migrations on a fresh SQLite file
//! per test, driven over HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod smtp_sink;
mod support;

mod agent_admin;
mod agents;
mod assets;
mod auth;
mod batching;
mod channels;
mod chat_team;
mod cli;
mod cluster;
mod delivery;
mod files;
mod health;
mod lifecycle;
mod live_chat;
mod offline;
mod profile;
mod ratings;
mod reopen;
mod routing;
mod security_auth;
mod security_data;
mod security_pages;
mod tickets;
mod transcripts;
mod widget_settings;
