//! The axum server: configuration, database start-up, the router, the CLI commands.
//! Business rules live in `app`; this crate wires them to the network.
#![recursion_limit = "512"]
pub mod api_guard;
pub mod auth_guard;
pub mod cli;
pub mod config;
pub mod db;
pub mod files_api;
pub mod health;
pub mod hub;
pub mod live;
pub mod mailer;
pub mod memory;
pub mod metrics_endpoint;
pub mod router;
pub mod runtime;
pub mod security_headers;
pub mod site_assets;
pub mod startup;
pub mod telemetry;
pub mod visitor_api;
pub mod widget_assets;
