//! Knowing when the page is interactive: every island calls [`island_hydrated`] as it
//! hydrates; when the last one has, `window.__chatHydrated` is set (end-to-end tests and
//! curious developers wait for it).

/// Called once by the browser entry, before the islands hydrate.
pub fn expect_islands() {
    #[cfg(feature = "hydrate")]
    if islands_on_page() == 0 {
        mark_hydrated();
    }
}

/// Called first thing in every island's body (a no-op on the server).
pub fn island_hydrated() {
    #[cfg(feature = "hydrate")]
    {
        use std::cell::Cell;
        thread_local! {
            static SEEN: Cell<u32> = const { Cell::new(0) };
        }
        let seen = SEEN.with(|s| {
            s.set(s.get() + 1);
            s.get()
        });
        if seen >= islands_on_page() {
            // After the current island has attached its handlers.
            leptos::prelude::request_animation_frame(mark_hydrated);
        }
    }
}

#[cfg(feature = "hydrate")]
fn islands_on_page() -> u32 {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all("leptos-island").ok())
        .map_or(0, |l| l.length())
}

#[cfg(feature = "hydrate")]
fn mark_hydrated() {
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"__chatHydrated".into(), &true.into());
    }
}
