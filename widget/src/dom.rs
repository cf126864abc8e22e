//! Small helpers over web-sys for building and updating the widget's DOM.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Event, EventTarget, Node};

pub type Res<T> = Result<T, JsValue>;

pub fn document() -> Res<Document> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// Creates `<tag class="class">` (no class when empty).
pub fn el(doc: &Document, tag: &str, class: &str) -> Res<Element> {
    let e = doc.create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Ok(e)
}

/// Creates `<tag class="class">` as the last child of `parent`.
pub fn add(doc: &Document, parent: &Node, tag: &str, class: &str) -> Res<Element> {
    let e = el(doc, tag, class)?;
    parent.append_child(&e)?;
    Ok(e)
}

/// Appends `text` as a text node: user text never goes through an HTML parser.
pub fn add_text(doc: &Document, parent: &Node, text: &str) -> Res<()> {
    parent.append_child(&doc.create_text_node(text))?;
    Ok(())
}

/// Sets an element's whole content to `text` (as text), skipping the DOM write (and a
/// screen reader's re-announcement) when it already says that.
pub fn set_text(e: &Element, text: &str) {
    if e.text_content().as_deref() != Some(text) {
        e.set_text_content(Some(text));
    }
}

pub fn show(e: &Element, visible: bool) {
    if e.has_attribute("hidden") == visible {
        let _ = e.toggle_attribute_with_force("hidden", !visible);
    }
}

/// The first element under `root` matching `selector`, as type `T`.
pub fn find<T: JsCast>(root: &web_sys::ShadowRoot, selector: &str) -> Res<T> {
    root.query_selector(selector)?
        .ok_or_else(|| JsValue::from_str(selector))?
        .dyn_into::<T>()
        .map_err(|_| JsValue::from_str(selector))
}

/// Listens for `event` on `target` for the page's lifetime (the widget is never unmounted).
pub fn on(target: &EventTarget, event: &str, handler: impl FnMut(Event) + 'static) {
    let closure = Closure::<dyn FnMut(Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

pub fn log_error(err: &JsValue) {
    web_sys::console::error_2(&JsValue::from_str("helpdesk chat:"), err);
}

/// A future that resolves after `ms` milliseconds (a `setTimeout`). Dropping it early is
/// harmless: the timer just resolves a promise nobody waits for.
pub fn sleep(ms: f64) -> wasm_bindgen_futures::JsFuture {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(w) = web_sys::window() {
            let ms = ms.clamp(0.0, i32::MAX as f64) as i32;
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    wasm_bindgen_futures::JsFuture::from(promise)
}

/// Unix time in milliseconds.
pub fn now() -> f64 {
    js_sys::Date::now()
}
