//! The live WebSockets: `/v1/visitor/live` for the widget, `/ws/agent` for the agent app.
//!
//! Both follow one pattern: authenticate, subscribe to the hub, send the state now, replay
//! from the database what the client missed (by message seq), then forward live events.
//! Message events are notifications: a gap (events arriving out of commit order, or a
//! subscriber that fell behind) is filled from the database, so a client gets every
//! message once, in order.
pub mod agent;
pub mod connections;
pub mod queue_count;
pub mod replay;
pub mod socket;
pub mod visitor;
