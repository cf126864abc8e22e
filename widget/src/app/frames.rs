//! What the live socket's frames do to the chat.

use protocol::visitor::ServerFrame;
use protocol::{Sender, SessionStatus};
use wasm_bindgen_futures::spawn_local;

use super::lifecycle::check_availability;
use super::outbox::{retry_failed, send_failed};
use super::{Flow, Shared};
use crate::api::{ApiError, NETWORK_MESSAGE};
use crate::dom::sleep;

/// An agent's typing indicator disappears by itself if no update comes for this long.
const AGENT_TYPING_TIMEOUT_MS: f64 = 10_000.0;

/// Applies a live frame to the chat of `generation`.
pub(crate) fn on_frame(app: &Shared, generation: u32, frame: ServerFrame) -> Flow {
    let mut a = app.borrow_mut();
    if !a.is_current(generation) {
        return Flow::Stop;
    }
    // Resend what failed for want of a connection once the server proves reachable.
    let mut retry = false;
    let flow = match frame {
        ServerFrame::Ready {
            session,
            agents_available,
        } => {
            let closed = session.status == SessionStatus::Closed;
            a.state.set_session(session);
            a.state.agents_available = Some(agents_available);
            a.state.resuming = false;
            a.reconnecting = false;
            if a.error.as_deref() == Some(NETWORK_MESSAGE) {
                a.set_error(None);
            }
            // On `Ready` the live loop opens the socket for sends and retries (`socket_open`).
            if closed {
                Flow::Closed
            } else {
                Flow::Ready
            }
        }
        ServerFrame::Message { message } => {
            let counts = message.sender != Sender::Visitor && !a.open;
            if a.state.insert(message) && counts {
                a.unread = a.unread.saturating_add(1);
            }
            Flow::Continue
        }
        // Closed while connected: keep listening, so an agent's Undo or Reopen brings the
        // conversation back at once (a resumed closed chat does not connect: `Ready` above).
        ServerFrame::Session { session } => {
            a.state.set_session(session);
            Flow::Continue
        }
        ServerFrame::Typing { typing, name } => {
            a.typing_epoch = a.typing_epoch.wrapping_add(1);
            a.state.agent_typing = if typing {
                let fallback = a.state.session.as_ref().and_then(|s| s.agent_name.clone());
                Some(name.or(fallback).unwrap_or_else(|| "Agent".into()))
            } else {
                None
            };
            if typing {
                clear_typing_later(app, a.typing_epoch);
            }
            Flow::Continue
        }
        ServerFrame::Pong => {
            retry = true;
            Flow::Continue
        }
        ServerFrame::Sent { message, .. } => {
            a.state.insert(message);
            Flow::Continue
        }
        ServerFrame::NotSent {
            client_id,
            code,
            message,
            retry_after_secs,
        } => {
            let e = ApiError::refused(code, message, retry_after_secs);
            // `false`: it went over HTTP meanwhile, whose answer counts.
            let failed = a.state.socket_refused(&client_id, e.is_transient());
            send_failed(&mut a, &e, failed);
            if e.session_gone() {
                a.render();
                drop(a);
                check_availability(app);
                return Flow::Stop;
            }
            Flow::Continue
        }
        ServerFrame::Error { code, message } => {
            a.set_error(Some(&message));
            if code == "unauthorized" || code == "not_found" {
                a.forget();
                a.prefill();
                a.render();
                drop(a);
                check_availability(app);
                return Flow::Stop;
            }
            Flow::Continue
        }
    };
    a.render();
    drop(a);
    if retry {
        retry_failed(app);
    }
    flow
}

fn clear_typing_later(app: &Shared, epoch: u32) {
    let app = app.clone();
    spawn_local(async move {
        let _ = sleep(AGENT_TYPING_TIMEOUT_MS).await;
        let mut a = app.borrow_mut();
        if a.typing_epoch == epoch && a.state.agent_typing.is_some() {
            a.state.agent_typing = None;
            a.render();
        }
    });
}
