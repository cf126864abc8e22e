mod get_widget_settings;
mod save_widget_settings;

pub use get_widget_settings::*;
pub use save_widget_settings::*;
