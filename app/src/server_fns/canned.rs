mod create_canned_response;
mod delete_canned_response;
mod list_canned_responses;
mod update_canned_response;

pub use create_canned_response::*;
pub use delete_canned_response::*;
pub use list_canned_responses::*;
pub use update_canned_response::*;
