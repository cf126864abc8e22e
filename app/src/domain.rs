//! Pure domain rules: no database, no HTTP, no UI. Unit-tested where they live.
pub mod format;
pub mod login_throttle;
pub mod navigation;
pub mod validation;
