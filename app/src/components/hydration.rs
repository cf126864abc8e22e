//! Knowing when the page is interactive: every island calls [`island_hydrated`] as it
//! hydrates; when the last one has, what waited for that runs ([`when_hydrated`]: the live
//! connection starts only then, so no island hydrates against state the server did not
//! render) and `window.__chatHydrated` is set (end-to-end tests wait for it).
use leptos::prelude::*;

/// Called once by the browser entry, before the islands hydrate.
pub fn expect_islands() {
    #[cfg(feature = "hydrate")]
    {
        browser::unset_when_leaving();
        if islands_on_page() == 0 {
            browser::all_hydrated();
        }
    }
}

/// Called first thing in every island's body (a no-op on the server).
pub fn island_hydrated() {
    #[cfg(feature = "hydrate")]
    {
        let seen = browser::SEEN.with(|s| {
            s.set(s.get() + 1);
            s.get()
        });
        if seen == islands_on_page() {
            // After the current island has finished hydrating.
            leptos::prelude::set_timeout(browser::all_hydrated, std::time::Duration::ZERO);
        }
    }
}

/// False until every island on the page has hydrated (and always on the server): fields
/// and buttons that only work in the browser are disabled until then, so nothing typed or
/// clicked before is lost.
pub fn page_ready() -> Signal<bool> {
    #[cfg(feature = "hydrate")]
    {
        browser::READY.with(|r| {
            let ready = *r.get_or_init(|| {
                let owner = Owner::new_root(None);
                let signal = owner.with(|| RwSignal::new(browser::DONE.with(std::cell::Cell::get)));
                std::mem::forget(owner);
                signal
            });
            ready.into()
        })
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Signal::stored(false)
    }
}

/// Runs `f` once every island on the page has hydrated (now, if they have). Never on the
/// server.
pub fn when_hydrated(f: impl FnOnce() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        if browser::DONE.with(std::cell::Cell::get) {
            f();
        } else {
            browser::WAITING.with(|w| w.borrow_mut().push(Box::new(f)));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = f;
}

#[cfg(feature = "hydrate")]
fn islands_on_page() -> u32 {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all("leptos-island").ok())
        .map_or(0, |l| l.length())
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::{Cell, OnceCell, RefCell};

    use leptos::prelude::*;

    thread_local! {
        pub static SEEN: Cell<u32> = const { Cell::new(0) };
        pub static DONE: Cell<bool> = const { Cell::new(false) };
        pub static READY: OnceCell<RwSignal<bool>> = const { OnceCell::new() };
        #[allow(clippy::type_complexity)]
        pub static WAITING: RefCell<Vec<Box<dyn FnOnce()>>> = const { RefCell::new(Vec::new()) };
    }

    /// Links load whole pages: the flag goes as soon as this one starts to leave, so
    /// whoever waits for it after a click waits for the next page.
    pub fn unset_when_leaving() {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return;
        };
        let leaving = Closure::<dyn Fn()>::new(|| set_flag(false));
        let _ = window
            .add_event_listener_with_callback("beforeunload", leaving.as_ref().unchecked_ref());
        leaving.forget();
    }

    fn set_flag(on: bool) {
        if let Some(window) = web_sys::window() {
            let _ = js_sys::Reflect::set(&window, &"__chatHydrated".into(), &on.into());
        }
    }

    pub fn all_hydrated() {
        if DONE.with(|d| d.replace(true)) {
            return;
        }
        for f in WAITING.with(|w| std::mem::take(&mut *w.borrow_mut())) {
            f();
        }
        if let Some(ready) = READY.with(|r| r.get().copied()) {
            ready.set(true);
        }
        set_flag(true);
    }
}
