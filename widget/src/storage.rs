//! What the widget keeps in the host page's `localStorage`, one set of keys per chat
//! server so two helpdesks embedded on one site do not mix up their chats. `widget.js`
//! reads the token and open keys too: keep the key format in step with it.

pub const TOKEN: &str = "token";
pub const OPEN: &str = "open";
pub const NAME: &str = "name";
pub const EMAIL: &str = "email";
/// Set while the stored chat has ended: `widget.js` then waits for a click (or an open
/// panel) before loading the chat, instead of loading it on every page view.
pub const CLOSED: &str = "closed";

/// `helpdesk-chat:<what>@<server base>`, e.g. `helpdesk-chat:token@https://help.example.com`.
pub fn key(what: &str, base: &str) -> String {
    let mut key = String::with_capacity(16 + what.len() + base.len());
    key.push_str("helpdesk-chat:");
    key.push_str(what);
    key.push('@');
    key.push_str(base);
    key
}

/// The browser's `localStorage`, scoped to one chat server. Storage can be missing or
/// refuse writes (private modes, sandboxed frames, quota): the widget then works for this
/// page view only, so every failure is ignored.
#[cfg(target_arch = "wasm32")]
pub struct Store {
    base: String,
}

#[cfg(target_arch = "wasm32")]
impl Store {
    pub fn new(base: &str) -> Self {
        Store { base: base.into() }
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    pub fn get(&self, what: &str) -> Option<String> {
        Self::storage()?
            .get_item(&key(what, &self.base))
            .ok()?
            .filter(|v| !v.is_empty())
    }

    pub fn set(&self, what: &str, value: &str) {
        if let Some(s) = Self::storage() {
            let _ = s.set_item(&key(what, &self.base), value);
        }
    }

    pub fn remove(&self, what: &str) {
        if let Some(s) = Self::storage() {
            let _ = s.remove_item(&key(what, &self.base));
        }
    }

    /// Whether a `storage` event (another tab) concerns this server's `what` key.
    pub fn is_key(&self, what: &str, changed: &str) -> bool {
        changed == key(what, &self.base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_per_server() {
        assert_eq!(
            key(TOKEN, "https://help.example.com"),
            "helpdesk-chat:token@https://help.example.com"
        );
        assert_ne!(
            key(OPEN, "https://a.example"),
            key(OPEN, "https://b.example")
        );
    }
}
