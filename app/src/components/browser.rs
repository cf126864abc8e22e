//! Small browser-only effects, no-ops while rendering on the server.

/// A full page load of `path` (used after sign-in/out so every resource starts fresh).
pub fn hard_navigate(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}
