//! The visitor-side chat protocol (see `docs/visitor-protocol.md`): the JSON bodies of the
//! HTTP endpoints under `/v1/visitor/` and the frames of the live WebSocket, plus the text
//! rules both ends share. Deliberately tiny (serde only): the widget bundle carries it.
pub mod limits;
pub mod linkify;
pub mod message;
pub mod visitor;

pub use message::{FileRef, Message, Sender, SessionStatus};
