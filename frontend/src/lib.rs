//! The agent app's browser entry. Pages are rendered on the server; only their interactive
//! parts (Leptos islands) are hydrated, each screen's own islands from a file of their own
//! (`cargo leptos build --split`, `#[island(lazy)]`).
#![recursion_limit = "512"]

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    app::components::hydration::expect_islands();
}
