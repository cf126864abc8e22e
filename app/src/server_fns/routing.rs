mod get_live_chat_settings;
mod save_business_hours;
mod save_live_chat_settings;

pub use get_live_chat_settings::*;
pub use save_business_hours::*;
pub use save_live_chat_settings::*;
