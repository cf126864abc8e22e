//! A chat's life: start it from the pre-chat form, resume a stored one, end it, forget it.

use protocol::limits::{
    check_message_text, EMAIL_MAX_CHARS, PAGE_URL_MAX_CHARS, VISITOR_NAME_MAX_CHARS,
};
use protocol::visitor::{OfflineMessage, RateChat, StartChat};
use wasm_bindgen_futures::spawn_local;

use super::outbox::new_client_id;
use super::{App, Shared};
use crate::api::NETWORK_MESSAGE;
use crate::live::connection;
use crate::state::Screen;
use crate::storage::{EMAIL, NAME, TOKEN};

/// The pre-chat form's values, checked as the server will check them.
fn read_start_form(a: &App) -> Result<StartChat, (&'static str, &'static str)> {
    let name = a.ui.name.value().trim().to_string();
    let email = a.ui.email.value().trim().to_string();
    let first = a.ui.first.value();
    if name.is_empty() {
        return Err(("name", "Enter your name."));
    }
    if name.chars().count() > VISITOR_NAME_MAX_CHARS {
        return Err(("name", "Names can be at most 100 characters."));
    }
    if !email.is_empty() && !looks_like_email(&email) {
        return Err(("email", "Enter an email address like name@example.com."));
    }
    let message = check_message_text(&first).map_err(|p| ("message", p.message()))?;
    let page_url = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .filter(|u| u.chars().count() <= PAGE_URL_MAX_CHARS);
    Ok(StartChat {
        name,
        email: (!email.is_empty()).then_some(email),
        message: message.to_string(),
        client_id: new_client_id(),
        page_url,
        time_zone: time_zone(),
    })
}

/// The browser's time zone, as `Intl` resolves it.
fn time_zone() -> Option<String> {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()?
        .as_string()
        .filter(|z| z.len() <= protocol::limits::TIME_ZONE_MAX_CHARS)
}

/// What the widget checks before the server does: an `@` and a sane length.
fn looks_like_email(email: &str) -> bool {
    email.contains('@') && email.chars().count() <= EMAIL_MAX_CHARS
}

pub(super) fn start_chat(app: &Shared) {
    let (api, body) = {
        let mut a = app.borrow_mut();
        if a.starting || a.state.screen() != Screen::PreChat {
            return;
        }
        match read_start_form(&a) {
            Ok(body) => {
                a.starting = true;
                a.set_error(None);
                a.ui.mark_invalid("pre", None, "");
                a.render();
                (a.api.clone(), body)
            }
            Err((field, message)) => {
                a.set_error(None);
                a.render();
                a.ui.mark_invalid("pre", Some(field), message);
                return;
            }
        }
    };
    let app = app.clone();
    spawn_local(async move {
        let result = api.start(&body).await;
        let generation = {
            let mut a = app.borrow_mut();
            a.starting = false;
            match result {
                Ok(started) => {
                    a.store.set(NAME, &body.name);
                    match &body.email {
                        Some(email) => a.store.set(EMAIL, email),
                        None => a.store.remove(EMAIL),
                    }
                    a.store.set(TOKEN, &started.token);
                    a.clear_chat();
                    a.token = Some(started.token);
                    a.state
                        .load(started.session, started.messages, started.agents_available);
                    a.ui.first.set_value("");
                    a.render();
                    a.ui.scroll_to_end();
                    a.ui.focus_for(Screen::Conversation);
                    a.generation
                }
                Err(e) => {
                    // Next to its field when it names one, else for the whole panel.
                    let field = e.field().map(str::to_string);
                    a.set_error(if field.is_some() {
                        None
                    } else {
                        Some(e.message())
                    });
                    a.render();
                    a.ui.mark_invalid("pre", field.as_deref(), e.message());
                    return;
                }
            }
        };
        connection::run(app, generation).await;
    });
}

/// Takes over the chat behind `token` (stored by this or another tab) and resumes it:
/// the whole transcript over HTTP, then live events from the last `seq`.
pub(super) fn adopt(app: &Shared, token: String) {
    let generation = {
        let mut a = app.borrow_mut();
        a.clear_chat();
        a.token = Some(token);
        a.state.resuming = true;
        a.render();
        a.generation
    };
    let app = app.clone();
    spawn_local(async move {
        if refresh(&app, generation).await {
            connection::run(app, generation).await;
        }
    });
}

/// Loads the whole session over HTTP. Returns `false` when the chat is gone (the widget
/// is back to the pre-chat form) or was replaced meanwhile.
pub(crate) async fn refresh(app: &Shared, generation: u32) -> bool {
    let (api, token) = {
        let a = app.borrow();
        match (&a.token, a.is_current(generation)) {
            (Some(token), true) => (a.api.clone(), token.clone()),
            _ => return false,
        }
    };
    let result = api.session(&token).await;
    let mut a = app.borrow_mut();
    if !a.is_current(generation) {
        return false;
    }
    match result {
        Ok(s) => {
            a.state.load(s.session, s.messages, s.agents_available);
            if a.error.as_deref() == Some(NETWORK_MESSAGE) {
                a.set_error(None);
            }
        }
        Err(e) if e.session_gone() => {
            a.forget();
            a.prefill();
            a.render();
            drop(a);
            check_availability(app);
            return false;
        }
        // The live socket brings the session too: keep going.
        Err(e) => a.set_error(Some(e.message())),
    }
    a.render();
    a.ui.scroll_to_end();
    true
}

pub(super) fn check_availability(app: &Shared) {
    let (api, generation) = {
        let a = app.borrow();
        (a.api.clone(), a.generation)
    };
    let app = app.clone();
    spawn_local(async move {
        if let Ok(availability) = api.availability().await {
            let mut a = app.borrow_mut();
            if a.is_current(generation) {
                a.state.agents_available = Some(availability.agents_available);
                a.state
                    .set_hours(availability.open, availability.outside_hours);
                a.state.transcript_email = availability.transcript_email;
                a.render();
            }
        }
    });
}

pub(super) fn end_chat(app: &Shared) {
    let (api, token, generation) = {
        let mut a = app.borrow_mut();
        let Some(token) = a.token.clone() else {
            return;
        };
        if a.ending || !a.state.can_end() {
            return;
        }
        a.ending = true;
        a.render();
        (a.api.clone(), token, a.generation)
    };
    let app = app.clone();
    spawn_local(async move {
        let result = api.end(&token).await;
        let mut a = app.borrow_mut();
        if !a.is_current(generation) {
            return;
        }
        a.ending = false;
        match result {
            Ok(session) => {
                a.set_error(None);
                a.state.set_session(session);
            }
            Err(e) => {
                a.set_error(Some(e.message()));
                if e.session_gone() {
                    a.forget();
                    a.prefill();
                }
            }
        }
        a.render();
        a.ui.focus_for(a.state.screen());
        // The live loop stops by itself on the closed session; wake it if it is waiting.
        a.wake_live();
    });
}

/// While no chat is going on, asks again each minute whether the office is open: business
/// hours beginning bring the chat back (and ending them, the form). While waiting, looks
/// every 15 s whether Max wait has passed.
pub(super) fn watch_hours(app: &Shared) {
    let app = app.clone();
    spawn_local(async move {
        let mut tick = 0u32;
        loop {
            if crate::dom::sleep(15_000.0).await.is_err() {
                return;
            }
            tick += 1;
            let (idle, waiting) = {
                let a = app.borrow();
                let waiting = a
                    .state
                    .session
                    .as_ref()
                    .is_some_and(|s| s.status == protocol::SessionStatus::Waiting);
                (a.state.session.is_none() && !a.state.resuming, waiting)
            };
            if idle && tick.is_multiple_of(4) {
                check_availability(&app);
            }
            // Waiting: Max wait may have passed (the offer to leave an email appears).
            if waiting {
                app.borrow_mut().render();
            }
        }
    });
}

/// Waited past Max wait: the visitor leaves their email and the chat becomes a ticket.
pub(super) fn leave_email(app: &Shared) {
    let (api, token, email, generation) = {
        let mut a = app.borrow_mut();
        let Some(token) = a.token.clone() else {
            return;
        };
        if a.starting {
            return;
        }
        let email = a.ui.waited_email.value().trim().to_string();
        if !looks_like_email(&email) {
            a.set_error(Some("Enter an email address like name@example.com."));
            a.render();
            return;
        }
        a.starting = true;
        a.set_error(None);
        a.store.set(EMAIL, &email);
        a.render();
        (a.api.clone(), token, email, a.generation)
    };
    let app = app.clone();
    spawn_local(async move {
        let result = api.leave_email(&token, &email).await;
        let fresh = match result {
            Ok(_) => api.session(&token).await.ok(),
            Err(_) => None,
        };
        let mut a = app.borrow_mut();
        if !a.is_current(generation) {
            return;
        }
        a.starting = false;
        match (result, fresh) {
            (Ok(_), Some(state)) => {
                a.state
                    .load(state.session, state.messages, state.agents_available);
            }
            (Ok(_), None) => {}
            (Err(e), _) => a.set_error(Some(e.message())),
        }
        a.render();
    });
}

/// Outside business hours: the Leave a message form becomes a ticket.
pub(super) fn leave_message(app: &Shared) {
    let (api, body, generation) = {
        let mut a = app.borrow_mut();
        if a.starting {
            return;
        }
        let name = a.ui.off_name.value().trim().to_string();
        let email = a.ui.off_email.value().trim().to_string();
        let message = a.ui.off_message.value();
        let problem = if name.is_empty() {
            Some(("name", "Enter your name."))
        } else if !looks_like_email(&email) {
            Some(("email", "Enter your email: we answer there."))
        } else {
            check_message_text(&message)
                .err()
                .map(|p| ("message", p.message()))
        };
        if let Some((field, p)) = problem {
            a.set_error(None);
            a.render();
            a.ui.mark_invalid("off", Some(field), p);
            return;
        }
        a.ui.mark_invalid("off", None, "");
        a.starting = true;
        a.set_error(None);
        a.store.set(NAME, &name);
        a.store.set(EMAIL, &email);
        a.render();
        (
            a.api.clone(),
            OfflineMessage {
                name,
                email,
                message,
            },
            a.generation,
        )
    };
    let app = app.clone();
    spawn_local(async move {
        let result = api.offline_message(&body).await;
        let mut a = app.borrow_mut();
        if !a.is_current(generation) {
            return;
        }
        a.starting = false;
        match result {
            Ok(receipt) => {
                a.state.offline_ticket = Some(receipt.ticket_number);
                a.ui.off_message.set_value("");
            }
            Err(e) => a.set_error(Some(e.message())),
        }
        a.render();
    });
}

/// Sends the rating picked on the closed chat (with the comment, if any).
pub(super) fn rate_chat(app: &Shared) {
    let (api, token, body, generation) = {
        let mut a = app.borrow_mut();
        let (Some(rating), Some(token)) = (a.rating_choice, a.token.clone()) else {
            return;
        };
        if a.rating_sending {
            return;
        }
        a.rating_sending = true;
        a.render();
        let comment = a.ui.rate_comment.value();
        let body = RateChat {
            rating,
            comment: (!comment.trim().is_empty()).then_some(comment),
        };
        (a.api.clone(), token, body, a.generation)
    };
    let app = app.clone();
    spawn_local(async move {
        let result = api.rate(&token, &body).await;
        let mut a = app.borrow_mut();
        if !a.is_current(generation) {
            return;
        }
        a.rating_sending = false;
        let rated = result.is_ok();
        match result {
            Ok(session) => {
                a.set_error(None);
                a.state.set_session(session);
            }
            Err(e) => a.set_error(Some(e.message())),
        }
        a.render();
        if rated {
            a.ui.focus_after_rating();
        }
    });
}

/// The closed chat's transcript by email: once per chat.
pub(super) fn email_transcript(app: &Shared) {
    let (api, token, email, generation) = {
        let mut a = app.borrow_mut();
        let Some(token) = a.token.clone() else {
            return;
        };
        if a.transcript_sending || a.transcript_to.is_some() {
            return;
        }
        let email = a.ui.transcript_email.value().trim().to_string();
        if !looks_like_email(&email) {
            a.set_error(Some("Enter an email address like name@example.com."));
            a.render();
            a.ui.transcript_email.focus().ok();
            return;
        }
        a.transcript_sending = true;
        a.set_error(None);
        a.render();
        (a.api.clone(), token, email, a.generation)
    };
    let app = app.clone();
    spawn_local(async move {
        let result = api.email_transcript(&token, &email).await;
        let mut a = app.borrow_mut();
        if !a.is_current(generation) {
            return;
        }
        a.transcript_sending = false;
        let sent = result.is_ok();
        match result {
            Ok(to) => a.transcript_to = Some(to),
            Err(e) => a.set_error(Some(e.message())),
        }
        a.render();
        if sent {
            a.ui.focus_after_transcript();
        }
    });
}

pub(super) fn new_chat(app: &Shared) {
    {
        let mut a = app.borrow_mut();
        a.forget();
        a.set_error(None);
        a.prefill();
        a.ui.first.set_value("");
        a.render();
        a.ui.focus_for(Screen::PreChat);
    }
    check_availability(app);
}
