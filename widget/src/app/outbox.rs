//! The visitor's messages on their way out: queued, sent, retried with the same
//! `client_id` until the server acknowledges them.

use protocol::limits::{check_message_text, TextProblem};
use protocol::visitor::SendMessage;
use wasm_bindgen_futures::spawn_local;

use super::Shared;
use crate::api::ApiError;
use crate::dom::now;
use crate::ids::client_id;
use crate::state::{Delivery, Screen};

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

/// Sends pending message `id` (again, with the same `client_id`, when `retry`).
pub(super) fn deliver(app: &Shared, id: String, retry: bool) {
    let (api, token, text, generation) = {
        let mut a = app.borrow_mut();
        let failed = a
            .state
            .pending()
            .iter()
            .any(|p| p.client_id == id && matches!(p.delivery, Delivery::Failed { .. }));
        if retry && !failed {
            return;
        }
        let (Some(token), Some(text)) = (a.token.clone(), a.state.mark_sending(&id)) else {
            return;
        };
        if retry {
            a.set_error(None);
            a.render();
        }
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
                a.state.mark_failed(&id, e.is_transient());
                // A network failure shows as "Not sent" and is retried on reconnect.
                if e != ApiError::Network {
                    a.set_error(Some(e.message()));
                }
                if e.session_gone() {
                    a.forget();
                    a.prefill();
                }
            }
        }
        a.render();
    });
}

/// Sends again, with their ids, the messages that failed for want of a connection.
pub(super) fn retry_failed(app: &Shared) {
    let ids = app.borrow().state.auto_retry_ids();
    for id in ids {
        deliver(app, id, true);
    }
}
