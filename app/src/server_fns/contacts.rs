mod create_contact;
mod get_contact;
mod list_contacts;
mod update_contact;

pub use create_contact::*;
pub use get_contact::*;
pub use list_contacts::*;
pub use update_contact::*;
