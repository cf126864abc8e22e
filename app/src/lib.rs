//! The agent application: routes, pages, components, wire models and server functions,
//! compiled both for the server (`ssr`) and for the browser (`hydrate`).
#![recursion_limit = "512"]

pub mod components;
pub mod domain;
pub mod error;
pub mod live;
pub mod models;
pub mod pages;
mod root;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use root::{shell, App};
