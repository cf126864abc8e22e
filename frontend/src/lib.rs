//! The agent SPA's browser entry: hydrates the server-rendered page.
#![recursion_limit = "512"]

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    use leptos::wasm_bindgen::JsCast;

    console_error_panic_hook::set_once();
    // Screens are split into their own wasm files (`cargo leptos build --split`): hydration
    // waits for the current screen's file, so it runs asynchronously.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Some(body) = window.document().and_then(|d| d.body()) else {
            return;
        };
        let owner = leptos::mount::hydrate_from_async(body.unchecked_into(), app::App).await;
        owner.forget();
        // Lets end-to-end tests (and curious developers) know the page is interactive.
        let _ = js_sys::Reflect::set(&window, &"__chatHydrated".into(), &true.into());
    });
}
