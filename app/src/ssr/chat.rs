//! Live chat on the server: sessions, messages, the queue, agent presence.
pub mod batch;
pub mod files;
pub mod messages;
pub mod mine;
pub mod notes;
pub mod posting;
pub mod presence;
pub mod queue;
pub mod ratings;
pub mod routing;
pub mod sessions;
pub mod transfer;
pub mod typing;
pub mod views;
pub mod writer;
