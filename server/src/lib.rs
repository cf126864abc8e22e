//! The axum server: configuration, database start-up, the router, the CLI commands.
//! Business rules live in `app`; this crate wires them to the network.
pub mod auth_guard;
pub mod cli;
pub mod config;
pub mod db;
pub mod health;
pub mod router;
pub mod startup;
pub mod telemetry;
