//! Wire types shared by the browser and the server.
pub mod agent;
pub mod chat;
pub mod live;
