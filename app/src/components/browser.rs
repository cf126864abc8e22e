//! Small browser-only effects, no-ops (or neutral answers) while rendering on the server.

/// A full page load of `path` (used after sign-in/out so every resource starts fresh).
pub fn hard_navigate(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Shows `path` in the address bar as a new history entry, without loading it (the page
/// has already shown what is there).
pub fn push_history(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Calls `f` with the address's path whenever Back or Forward moves between entries this
/// page pushed.
pub fn on_history_move(f: impl Fn(String) + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return;
        };
        let listener = Closure::<dyn Fn()>::new(move || {
            if let Some(path) = web_sys::window().and_then(|w| w.location().pathname().ok()) {
                f(path);
            }
        });
        let _ =
            window.add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
        listener.forget();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = f;
}

/// Milliseconds since the Unix epoch (0 on the server, where callers use the server's clock).
pub fn now_ms() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0
    }
}

/// A fresh id for a message send (idempotency key), e.g. `a-lq3k9x-8f2k1z`.
pub fn new_client_id() -> String {
    #[cfg(feature = "hydrate")]
    {
        let rand = (js_sys::Math::random() * 2f64.powi(52)) as u64;
        format!("a-{}-{}", radix36(now_ms() as u64), radix36(rand))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

#[cfg(feature = "hydrate")]
fn radix36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

pub fn storage_get(key: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()?
            .local_storage()
            .ok()??
            .get_item(key)
            .ok()?
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key;
        None
    }
}

pub fn storage_set(key: &str, value: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(key, value);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (key, value);
}

/// Whether the agent is looking at this tab.
pub fn page_visible() -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        true
    }
}

/// Sets the tab title, keeping the page's own title after an "(N) " count.
pub fn set_title_count(count: u32) {
    #[cfg(feature = "hydrate")]
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        let title = doc.title();
        let base = strip_count(&title);
        let next = if count == 0 {
            base.to_string()
        } else {
            format!("({count}) {base}")
        };
        if next != title {
            doc.set_title(&next);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = count;
}

/// "(3) Chat Queue · Helpdesk" → "Chat Queue · Helpdesk".
pub fn strip_count(title: &str) -> &str {
    if let Some(rest) = title.strip_prefix('(') {
        if let Some((n, tail)) = rest.split_once(") ") {
            if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) {
                return tail;
            }
        }
    }
    title
}

#[cfg(test)]
mod tests {
    use super::strip_count;

    #[test]
    fn strips_a_count_prefix_only() {
        assert_eq!(
            strip_count("(3) Chat Queue · Helpdesk"),
            "Chat Queue · Helpdesk"
        );
        assert_eq!(strip_count("Chat Queue"), "Chat Queue");
        assert_eq!(strip_count("(draft) notes"), "(draft) notes");
    }
}
