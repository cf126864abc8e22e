//! The visitor's messages on their way out: queued, sent over the live socket when it is
//! open and over HTTP otherwise, retried with the same `client_id` until the server
//! acknowledges them (it stores each `client_id` once, whichever way it came).

use protocol::limits::{check_message_text, TextProblem};
use protocol::visitor::SendMessage;
use wasm_bindgen_futures::spawn_local;

use super::{App, Shared};
use crate::api::ApiError;
use crate::dom::{now, sleep};
use crate::ids::client_id;
use crate::live::SEND_ANSWER_MS;
use crate::state::Screen;
use crate::wire::send_frame_json;

pub(super) fn new_client_id() -> String {
    client_id(js_sys::Math::random)
}

pub(super) fn send_composer(app: &Shared) {
    let id = {
        let mut a = app.borrow_mut();
        if a.state.screen() != Screen::Conversation {
            return;
        }
        let raw = a.ui.input.value();
        let text = match check_message_text(&raw) {
            Ok(text) => text.to_string(),
            Err(TextProblem::Empty) => return,
            Err(problem) => {
                a.set_error(Some(problem.message()));
                a.render();
                return;
            }
        };
        let id = new_client_id();
        a.state.queue(id.clone(), text, now() as i64);
        a.ui.input.set_value("");
        a.ui.autosize();
        a.set_error(None);
        if a.typing.stop().is_some() {
            a.send_typing(false);
        }
        a.render();
        a.ui.scroll_to_end();
        id
    };
    deliver(app, id, false);
}

/// Sends pending message `id` (again, with the same `client_id`, when `retry`): on the
/// live socket when it is open, else over HTTP.
pub(super) fn deliver(app: &Shared, id: String, retry: bool) {
    if retry {
        let mut a = app.borrow_mut();
        if !a.state.is_failed(&id) {
            return;
        }
        a.set_error(None);
    }
    if !send_on_socket(app, &id) {
        post(app, id);
    }
    if retry {
        app.borrow_mut().render();
    }
}

/// Sends `id` as a `send` frame if the socket is open; `false` when it is not. An answer
/// that does not come within `SEND_ANSWER_MS` sends it over HTTP as well.
fn send_on_socket(app: &Shared, id: &str) -> bool {
    let since = now() as i64;
    let generation = {
        let mut a = app.borrow_mut();
        let Some(socket) = a.socket.clone() else {
            return false;
        };
        // Settled meanwhile: nothing to send either way.
        let Some(text) = a.state.mark_on_socket(id, since) else {
            return true;
        };
        // Throws only when not open; a socket closing meanwhile is `socket_closed` soon.
        if socket.send_with_str(&send_frame_json(id, &text)).is_err() {
            return false;
        }
        a.generation
    };
    let app = app.clone();
    let id = id.to_string();
    spawn_local(async move {
        let _ = sleep(SEND_ANSWER_MS).await;
        let mut a = app.borrow_mut();
        if !(a.is_current(generation) && a.state.socket_timed_out(&id, since)) {
            return;
        }
        // The socket may be dead without knowing it: have it prove itself.
        a.wake_live();
        drop(a);
        post(&app, id);
    });
    true
}

/// Sends `id` with `POST /v1/visitor/messages`.
fn post(app: &Shared, id: String) {
    let (api, token, text, generation) = {
        let mut a = app.borrow_mut();
        let (Some(token), Some(text)) = (a.token.clone(), a.state.mark_sending(&id)) else {
            return;
        };
        (a.api.clone(), token, text, a.generation)
    };
    let app = app.clone();
    spawn_local(async move {
        let body = SendMessage {
            client_id: id.clone(),
            text,
        };
        let result = api.send_message(&token, &body).await;
        let mut a = app.borrow_mut();
        if !a.is_current(generation) {
            return;
        }
        match result {
            Ok(message) => {
                a.state.insert(message);
            }
            Err(e) => {
                let failed = a.state.mark_failed(&id, e.is_transient());
                send_failed(&mut a, &e, failed);
            }
        }
        a.render();
    });
}

/// After a send was refused or got no answer (`failed`: it now shows "Not sent"): says
/// why, and forgets a chat the server no longer knows.
pub(super) fn send_failed(a: &mut App, e: &ApiError, failed: bool) {
    // A network failure shows as "Not sent" and is retried on reconnect.
    if failed && *e != ApiError::Network {
        a.set_error(Some(e.message()));
    }
    if e.session_gone() {
        a.forget();
        a.prefill();
    }
}

/// Sends again, with their ids, the messages that failed for want of a connection.
pub(super) fn retry_failed(app: &Shared) {
    let ids = app.borrow().state.auto_retry_ids();
    for id in ids {
        deliver(app, id, true);
    }
}

/// The live socket of `generation` is open (`ready` received): sends go over it from now
/// on, starting with those that failed for want of a connection.
pub(crate) fn socket_open(app: &Shared, generation: u32, socket: web_sys::WebSocket) {
    {
        let mut a = app.borrow_mut();
        if !a.is_current(generation) {
            return;
        }
        a.socket = Some(socket);
    }
    retry_failed(app);
}

/// The live socket of `generation` closed: the sends it had not answered go over HTTP,
/// with the same ids.
pub(crate) fn socket_closed(app: &Shared, generation: u32) {
    let ids = {
        let mut a = app.borrow_mut();
        if !a.is_current(generation) {
            return;
        }
        a.socket = None;
        a.state.socket_closed()
    };
    for id in ids {
        post(app, id);
    }
}
