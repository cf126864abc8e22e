//! The visitor chat widget: the wasm half of the bundle a customer's site embeds with
//! `<script src="https://HOST/widget.js" async>`. The loader (`loader/widget.js`) draws the
//! launcher in a shadow root and calls [`mount`] on first open, or at once when this
//! browser has a chat to resume.
//!
//! Pure modules build and are tested on the host; the browser modules only on `wasm32`.
//!
//! | module | holds |
//! | --- | --- |
//! | `state` | the transcript (messages by `seq`, pending sends by `client_id`) and the screen |
//! | `live` | reconnect backoff, ping and silence rules; `live/connection.rs` the socket loop |
//! | `api` | HTTP errors in the visitor's words; `api/requests.rs` the `/v1/visitor/*` calls |
//! | `wire` | the protocol's JSON read and written without serde (bundle size) |
//! | `typing` | when to tell the server the visitor is typing |
//! | `storage` | `localStorage` keys shared with `widget.js` |
//! | `ids`, `text` | client ids; clock, badge and sentence strings |
//! | `entry` | `mount`, called by `widget.js` |
//! | `app` | the controller: `lifecycle` (start, resume, end), `outbox` (send on the socket or over HTTP, retry), `frames` (live events), `events` (DOM wiring) |
//! | `view`, `transcript_view`, `style`, `dom` | the panel's DOM and CSS inside the shadow root |

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
mod files;
#[cfg(target_arch = "wasm32")]
mod style;
#[cfg(target_arch = "wasm32")]
mod transcript_view;
#[cfg(target_arch = "wasm32")]
mod view;

#[cfg(target_arch = "wasm32")]
pub use entry::mount;
