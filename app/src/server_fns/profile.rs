mod change_my_password;
mod update_my_name;

pub use change_my_password::*;
pub use update_my_name::*;
