mod accept_chat;
mod add_chat_note;
mod close_chat;
mod get_badge;
mod get_chat_session;
mod list_queue;
mod send_chat_message;
mod set_my_status;

pub use accept_chat::*;
pub use add_chat_note::*;
pub use close_chat::*;
pub use get_badge::*;
pub use get_chat_session::*;
pub use list_queue::*;
pub use send_chat_message::*;
pub use set_my_status::*;
