//! The visitor chat widget: the wasm half of the bundle a customer's site embeds with
//! `<script src="https://HOST/widget.js" async>`. The loader (`loader/widget.js`) draws the
//! launcher in a shadow root and calls [`mount`] on first open, or at once when this
//! browser has a chat to resume.
//!
//! Pure modules (the transcript model, timing rules, error wording, storage keys) build
//! and are tested on the host; the browser modules only on `wasm32`.

pub mod api;
pub mod ids;
pub mod live;
pub mod state;
pub mod storage;
pub mod text;
pub mod typing;
pub mod wire;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod entry;
#[cfg(target_arch = "wasm32")]
mod style;
#[cfg(target_arch = "wasm32")]
mod transcript_view;
#[cfg(target_arch = "wasm32")]
mod view;

#[cfg(target_arch = "wasm32")]
pub use entry::mount;
