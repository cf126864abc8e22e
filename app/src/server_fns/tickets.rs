mod create_ticket;
mod create_ticket_from_chat;
mod get_ticket;
mod list_tickets;
mod update_ticket;

pub use create_ticket::*;
pub use create_ticket_from_chat::*;
pub use get_ticket::*;
pub use list_tickets::*;
pub use update_ticket::*;
