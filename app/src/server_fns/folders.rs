mod create_folder;
mod delete_folder;
mod list_folders;
mod rename_folder;
mod reorder_folder;

pub use create_folder::*;
pub use delete_folder::*;
pub use list_folders::*;
pub use rename_folder::*;
pub use reorder_folder::*;
