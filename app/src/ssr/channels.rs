//! Internal messaging on the server: folders, channels, members, posts.
pub mod access;
pub mod folders;
pub mod listing;
pub mod membership;
pub mod posts;
