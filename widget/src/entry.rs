//! The function `widget.js` calls once the wasm is loaded.

use std::cell::Cell;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use web_sys::ShadowRoot;

use crate::app::{start, Config};

thread_local! {
    static MOUNTED: Cell<bool> = const { Cell::new(false) };
}

/// Builds the chat panel into `root` (the loader's open shadow root, holding `.hc` and
/// its `.launcher`). `config` is `{ base, title, greeting, open, focus }`; `base` is the
/// chat server's origin. A second call does nothing.
#[wasm_bindgen]
pub fn mount(root: ShadowRoot, config: JsValue) -> Result<(), JsValue> {
    if MOUNTED.with(|m| m.replace(true)) {
        return Ok(());
    }
    let text = |key: &str, default: &str| {
        js_sys::Reflect::get(&config, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| default.to_string())
    };
    let base = text("base", "");
    if base.is_empty() {
        MOUNTED.with(|m| m.set(false));
        return Err(JsValue::from_str("helpdesk chat: mount needs config.base"));
    }
    let flag = |key: &str| {
        js_sys::Reflect::get(&config, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    };
    let config = Config {
        base: base.trim_end_matches('/').to_string(),
        title: text("title", "Chat with us"),
        greeting: text("greeting", "Hi! How can we help?"),
        open: flag("open"),
        focus: flag("focus"),
    };
    start(&root, config)
}
