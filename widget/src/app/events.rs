//! The panel's controls and the page's events, wired to the app's actions.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Event, KeyboardEvent, StorageEvent};

use super::lifecycle::{
    adopt, check_availability, email_transcript, end_chat, leave_email, leave_message, new_chat,
    rate_chat, start_chat,
};
use super::outbox::{deliver, send_composer};
use super::uploads;
use super::Shared;
use crate::dom::{document, now, on, sleep, Res};
use crate::storage::{OPEN, TOKEN};
use crate::typing::IDLE_MS;

/// Connects the panel's controls and the page's events to the app.
pub(super) fn wire(app: &Shared) -> Res<()> {
    let a = app.borrow();
    let ui = &a.ui;
    let window = web_sys::window().ok_or("no window")?;

    let h = app.clone();
    on(&ui.launcher, "click", move |_| set_open(&h, true, true));
    let h = app.clone();
    on(&ui.min_btn, "click", move |_| set_open(&h, false, true));
    let h = app.clone();
    on(&ui.panel, "keydown", move |e| {
        if e.dyn_ref::<KeyboardEvent>()
            .is_some_and(|k| k.key() == "Escape")
        {
            set_open(&h, false, true);
        }
    });

    let h = app.clone();
    on(&ui.pre_form, "submit", move |e| {
        e.prevent_default();
        start_chat(&h);
    });
    let h = app.clone();
    on(&ui.first, "keydown", move |e| {
        if enter_sends(&e) {
            start_chat(&h);
        }
    });

    let h = app.clone();
    on(&ui.waited_form, "submit", move |e| {
        e.prevent_default();
        leave_email(&h);
    });
    let h = app.clone();
    on(&ui.off_form, "submit", move |e| {
        e.prevent_default();
        leave_message(&h);
    });

    let h = app.clone();
    on(&ui.composer, "submit", move |e| {
        e.prevent_default();
        send_composer(&h);
    });
    let h = app.clone();
    on(&ui.input, "keydown", move |e| {
        if enter_sends(&e) {
            send_composer(&h);
        }
    });
    let h = app.clone();
    on(&ui.input, "input", move |_| composer_input(&h));

    let h = app.clone();
    on(&ui.log, "click", move |e| {
        let target = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[data-retry],[data-download]").ok().flatten());
        let Some(target) = target else { return };
        if let Some(id) = target.get_attribute("data-retry") {
            deliver(&h, id, true);
        } else {
            uploads::download(&h, &target);
        }
    });

    // Files: Attach file, a drop anywhere on the panel, an image pasted into the message.
    let h = app.clone();
    on(&ui.attach_btn, "click", move |_| {
        h.borrow().ui.file_input.click()
    });
    let h = app.clone();
    on(&ui.file_input, "change", move |_| {
        let files = h.borrow().ui.file_input.files();
        uploads::attach(&h, files);
        h.borrow().ui.file_input.set_value("");
    });
    on(&ui.panel, "dragover", |e| e.prevent_default());
    let h = app.clone();
    on(&ui.panel, "drop", move |e| {
        e.prevent_default();
        let files = e
            .dyn_ref::<web_sys::DragEvent>()
            .and_then(|d| d.data_transfer())
            .and_then(|d| d.files());
        uploads::attach(&h, files);
    });
    let h = app.clone();
    on(&ui.input, "paste", move |e| {
        let files = e
            .dyn_ref::<web_sys::ClipboardEvent>()
            .and_then(|c| c.clipboard_data())
            .and_then(|d| d.files())
            .filter(|f| f.length() > 0);
        if files.is_some() {
            e.prevent_default();
            uploads::attach(&h, files);
        }
    });
    let h = app.clone();
    on(&ui.uploads, "click", move |e| {
        let id = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.get_attribute("data-dismiss"));
        if let Some(id) = id {
            uploads::dismiss(&h, &id);
        }
    });
    let h = app.clone();
    on(&ui.end_btn, "click", move |_| {
        let mut a = h.borrow_mut();
        a.confirming_end = true;
        a.render();
        let _ = a.ui.end_yes.focus();
    });
    let h = app.clone();
    on(&ui.end_yes, "click", move |_| {
        h.borrow_mut().confirming_end = false;
        end_chat(&h);
    });
    let h = app.clone();
    on(&ui.end_no, "click", move |_| {
        let mut a = h.borrow_mut();
        a.confirming_end = false;
        a.render();
        let _ = a.ui.input.focus();
    });
    let h = app.clone();
    on(&ui.again_btn, "click", move |_| new_chat(&h));
    for (button, rating) in [
        (&ui.good_btn, protocol::visitor::Rating::Good),
        (&ui.bad_btn, protocol::visitor::Rating::Bad),
    ] {
        let h = app.clone();
        on(button, "click", move |_| {
            let mut a = h.borrow_mut();
            a.rating_choice = Some(rating);
            a.render();
        });
    }
    let h = app.clone();
    on(&ui.rate_form, "submit", move |e| {
        e.prevent_default();
        rate_chat(&h);
    });
    let h = app.clone();
    on(&ui.transcript_form, "submit", move |e| {
        e.prevent_default();
        email_transcript(&h);
    });

    // Back online, or the tab is visible again: do not wait for the backoff.
    let h = app.clone();
    on(&window, "online", move |_| h.borrow().wake_live());
    let h = app.clone();
    let doc = document()?;
    on(&doc, "visibilitychange", move |_| {
        if document().is_ok_and(|d| !d.hidden()) {
            h.borrow().wake_live();
        }
    });
    // Another tab started or forgot a chat: follow it.
    let h = app.clone();
    on(&window, "storage", move |e| storage_changed(&h, &e));
    Ok(())
}

/// Enter sends; Shift+Enter (and Enter while composing with an IME) types a newline.
fn enter_sends(e: &Event) -> bool {
    let Some(k) = e.dyn_ref::<KeyboardEvent>() else {
        return false;
    };
    if k.key() == "Enter" && !k.shift_key() && !k.is_composing() {
        e.prevent_default();
        true
    } else {
        false
    }
}

pub(super) fn set_open(app: &Shared, open: bool, focus: bool) {
    let mut a = app.borrow_mut();
    a.open = open;
    if open {
        a.unread = 0;
        a.store.set(OPEN, "1");
    } else {
        a.store.remove(OPEN);
    }
    a.render();
    if open {
        a.ui.scroll_to_end();
        if focus {
            a.ui.focus_for(a.state.screen());
        }
    } else if focus {
        let _ = a.ui.launcher.focus();
    }
}

fn composer_input(app: &Shared) {
    let mut a = app.borrow_mut();
    a.ui.autosize();
    if a.ui.input.value().trim().is_empty() {
        if a.typing.stop().is_some() {
            a.send_typing(false);
        }
        return;
    }
    if a.typing.input(now()).is_some() {
        a.send_typing(true);
    }
    drop(a);
    let app = app.clone();
    spawn_local(async move {
        let _ = sleep(IDLE_MS).await;
        let mut a = app.borrow_mut();
        if a.typing.idle(now()).is_some() {
            a.send_typing(false);
        }
    });
}

fn storage_changed(app: &Shared, e: &Event) {
    let Some(e) = e.dyn_ref::<StorageEvent>() else {
        return;
    };
    let Some(key) = e.key() else {
        return;
    };
    let new_token = e.new_value().filter(|t| !t.is_empty());
    {
        let a = app.borrow();
        if !a.store.is_key(TOKEN, &key) || new_token == a.token {
            return;
        }
    }
    match new_token {
        Some(token) => adopt(app, token),
        None => {
            {
                let mut a = app.borrow_mut();
                a.clear_chat();
                a.prefill();
                a.render();
            }
            check_availability(app);
        }
    }
}
