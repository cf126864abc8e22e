//! The transcript in the DOM (`role="log"`): one element per message, keyed by `seq`, then
//! the visitor's pending sends keyed by `client_id`. Elements are built once and only
//! added, moved or removed, so scrolling and text selection survive updates.

use protocol::linkify::{segments, Segment};
use protocol::{FileRef, Message, Sender};
use web_sys::{Document, Element, Node};

use crate::dom::{add, add_text, Res};
use crate::state::{ChatState, Delivery, Pending};
use crate::text::clock;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    Seq(i64),
    Pending(String),
}

struct Shown {
    key: Key,
    /// What the element shows beyond its key: a pending send's delivery state.
    version: u8,
    el: Element,
}

pub struct TranscriptView {
    log: Element,
    shown: Vec<Shown>,
}

impl TranscriptView {
    pub fn new(log: Element) -> Self {
        TranscriptView {
            log,
            shown: Vec::new(),
        }
    }

    /// Makes the log show `state`. Returns whether anything changed.
    pub fn sync(&mut self, doc: &Document, state: &ChatState) -> Res<bool> {
        let mut old: Vec<Option<Shown>> = std::mem::take(&mut self.shown)
            .into_iter()
            .map(Some)
            .collect();
        let mut hint = 0;
        let mut cursor = self.log.first_child();
        let mut changed = false;

        let messages = state
            .messages()
            .iter()
            .map(|m| (Key::Seq(m.seq), 0, Item::Message(m)));
        let pending = state.pending().iter().map(|p| {
            // Over HTTP or on the socket, it reads "Sending…" alike.
            let version = match p.delivery {
                Delivery::Sending | Delivery::OnSocket { .. } => 1,
                Delivery::Failed { .. } => 2,
            };
            (Key::Pending(p.client_id.clone()), version, Item::Pending(p))
        });
        for (key, version, item) in messages.chain(pending) {
            // Usually the next old element is the one: try there before searching.
            let found = if old.get(hint).and_then(Option::as_ref).map(|s| &s.key) == Some(&key) {
                Some(hint)
            } else {
                old.iter()
                    .position(|s| s.as_ref().is_some_and(|s| s.key == key))
            };
            let reused = found.and_then(|i| {
                hint = i + 1;
                old[i].take()
            });
            let el = match reused {
                Some(s) if s.version == version => s.el,
                other => {
                    if let Some(stale) = other {
                        detach(&stale.el, &mut cursor);
                    }
                    changed = true;
                    match item {
                        Item::Message(m) => message_el(doc, m)?,
                        Item::Pending(p) => pending_el(doc, p, state.visitor_name())?,
                    }
                }
            };
            let node: &Node = &el;
            if cursor.as_ref() == Some(node) {
                cursor = node.next_sibling();
            } else {
                self.log.insert_before(node, cursor.as_ref())?;
                changed = true;
            }
            self.shown.push(Shown { key, version, el });
        }
        for stale in old.into_iter().flatten() {
            detach(&stale.el, &mut cursor);
            changed = true;
        }
        Ok(changed)
    }
}

enum Item<'a> {
    Message(&'a Message),
    Pending(&'a Pending),
}

/// Removes `el`, first moving `cursor` past it if it pointed there.
fn detach(el: &Element, cursor: &mut Option<Node>) {
    let node: &Node = el;
    if cursor.as_ref() == Some(node) {
        *cursor = node.next_sibling();
    }
    el.remove();
}

fn message_el(doc: &Document, m: &Message) -> Res<Element> {
    let time = local_clock(m.created_at);
    if m.sender == Sender::System {
        let row = doc.create_element("div")?;
        row.set_class_name("row sys");
        let bubble = add(doc, &row, "div", "bubble")?;
        add_linked(doc, &bubble, &m.text)?;
        let at = add(doc, &bubble, "span", "at")?;
        let mut stamp = String::from(" · ");
        stamp.push_str(&time);
        add_text(doc, &at, &stamp)?;
        return Ok(row);
    }
    let class = if m.sender == Sender::Visitor {
        "row me"
    } else {
        "row them"
    };
    let author = m.author.as_deref().unwrap_or("");
    let row = row_el(
        doc,
        class,
        author,
        &time,
        if m.file.is_some() { "" } else { &m.text },
    )?;
    if let (Some(file), Some(bubble)) = (&m.file, row.last_element_child()) {
        file_el(doc, &bubble, file)?;
    }
    Ok(row)
}

/// An image as a thumbnail (its bytes are fetched with the token: `data-file`), anything
/// else as a download button with its size.
fn file_el(doc: &Document, bubble: &Element, file: &FileRef) -> Res<()> {
    if file.is_image() {
        let img = add(doc, bubble, "img", "thumb")?;
        img.set_attribute("alt", &file.name)?;
        img.set_attribute("data-file", &file.id)?;
        return Ok(());
    }
    let button = add(doc, bubble, "button", "file")?;
    button.set_attribute("type", "button")?;
    button.set_attribute("data-download", &file.id)?;
    button.set_attribute("data-name", &file.name)?;
    let mut label = String::from("Download ");
    label.push_str(&file.name);
    button.set_attribute("aria-label", &label)?;
    add_text(doc, &button, &file.name)?;
    let size = add(doc, &button, "span", "fs")?;
    add_text(doc, &size, &crate::text::file_size(file.size))?;
    Ok(())
}

fn pending_el(doc: &Document, p: &Pending, name: &str) -> Res<Element> {
    let failed = matches!(p.delivery, Delivery::Failed { .. });
    let class = if failed {
        "row me failed"
    } else {
        "row me sending"
    };
    let row = row_el(doc, class, name, &local_clock(p.created_at), &p.text)?;
    let line = add(doc, &row, "div", "state")?;
    if failed {
        add_text(doc, &line, "Not sent")?;
        let retry = add(doc, &line, "button", "retry")?;
        retry.set_attribute("type", "button")?;
        retry.set_attribute("data-retry", &p.client_id)?;
        add_text(doc, &retry, "Retry")?;
    } else {
        add_text(doc, &line, "Sending…")?;
    }
    Ok(row)
}

fn row_el(doc: &Document, class: &str, author: &str, time: &str, text: &str) -> Res<Element> {
    let row = doc.create_element("div")?;
    row.set_class_name(class);
    let meta = add(doc, &row, "div", "meta")?;
    if !author.is_empty() {
        let who = add(doc, &meta, "span", "who")?;
        add_text(doc, &who, author)?;
    }
    let at = add(doc, &meta, "span", "at")?;
    add_text(doc, &at, time)?;
    let bubble = add(doc, &row, "div", "bubble")?;
    add_linked(doc, &bubble, text)?;
    Ok(row)
}

/// Appends `text` as text nodes, with `http(s)://` and `www.` links as anchors.
fn add_linked(doc: &Document, parent: &Element, text: &str) -> Res<()> {
    for segment in segments(text) {
        match segment {
            Segment::Text(t) => add_text(doc, parent, t)?,
            Segment::Link(url) => {
                let a = add(doc, parent, "a", "")?;
                if let Some(href) = segment.href() {
                    a.set_attribute("href", &href)?;
                }
                a.set_attribute("target", "_blank")?;
                a.set_attribute("rel", "noopener noreferrer")?;
                add_text(doc, &a, url)?;
            }
        }
    }
    Ok(())
}

fn local_clock(unix_ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_ms as f64));
    clock(date.get_hours(), date.get_minutes())
}
