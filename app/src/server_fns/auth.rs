mod current_agent;
mod sign_in;
mod sign_out;

pub use current_agent::*;
pub use sign_in::*;
pub use sign_out::*;
