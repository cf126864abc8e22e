//! Wire types shared by the browser and the server.
pub mod agent;
pub mod canned;
pub mod channel;
pub mod chat;
pub mod contact;
pub mod live;
pub mod routing;
pub mod ticket;
pub mod widget;
