//! The controller: owns the state, the panel and the storage, reacts to the visitor's
//! actions and to the server, and re-renders after every change.
//!
//! One `App` per page, shared as `Rc<RefCell<App>>` by event handlers and async tasks. A
//! borrow is never held across an `.await`; tasks check `generation` after each await
//! because the chat may have been replaced meanwhile (new chat, another tab).

use std::cell::RefCell;
use std::rc::Rc;

use futures_channel::mpsc::UnboundedSender;
use protocol::limits::{
    check_message_text, TextProblem, EMAIL_MAX_CHARS, PAGE_URL_MAX_CHARS, VISITOR_NAME_MAX_CHARS,
};
use protocol::visitor::{SendMessage, ServerFrame, StartChat};
use protocol::{Sender, SessionStatus};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Event, KeyboardEvent, ShadowRoot, StorageEvent};

use crate::api::requests::Api;
use crate::api::{ApiError, NETWORK_MESSAGE};
use crate::dom::{document, now, on, sleep, Res};
use crate::ids::client_id;
use crate::live::{connection, live_url};
use crate::state::{ChatState, Delivery, Screen};
use crate::storage::{Store, CLOSED, EMAIL, NAME, OPEN, TOKEN};
use crate::typing::{TypingThrottle, IDLE_MS};
use crate::view::{Frame, Panel};
use crate::wire::hello_json;

pub type Shared = Rc<RefCell<App>>;

/// An agent's typing indicator disappears by itself if no update comes for this long.
const AGENT_TYPING_TIMEOUT_MS: f64 = 10_000.0;

/// The options `widget.js` passes to `mount`.
pub struct Config {
    /// The chat server's origin (and path prefix), without a trailing slash.
    pub base: String,
    pub title: String,
    pub greeting: String,
    /// Show the panel at once (the launcher was clicked, or it was open before a reload).
    pub open: bool,
    /// The visitor clicked the launcher: move focus into the panel.
    pub focus: bool,
}

/// What the live loop should do after a frame.
pub enum Flow {
    Continue,
    /// The server accepted `hello`: the connection works.
    Ready,
    /// The chat has ended: no more live events will come.
    Closed,
    /// This chat is over for the widget (token refused, chat replaced).
    Stop,
}

pub struct App {
    base: String,
    api: Api,
    store: Store,
    ui: Panel,
    token: Option<String>,
    state: ChatState,
    /// Bumped whenever the chat is replaced, so tasks of the old chat stop.
    generation: u32,
    /// Wakes the live loop (reconnect now, or stop when dropped).
    wake: Option<UnboundedSender<()>>,
    typing: TypingThrottle,
    /// Bumped on each agent typing frame, for the indicator's timeout.
    typing_epoch: u32,
    open: bool,
    unread: u32,
    starting: bool,
    ending: bool,
    reconnecting: bool,
    error: Option<String>,
    /// What the `closed` storage flag says, to write it only when it changes.
    closed_stored: Option<bool>,
}

/// Builds the panel into `root`, wires it up and loads or resumes the chat.
pub fn start(root: &ShadowRoot, config: Config) -> Res<()> {
    let ui = Panel::build(document()?, root, &config.title, &config.greeting)?;
    let store = Store::new(&config.base);
    let token = store.get(TOKEN);
    if config.open {
        store.set(OPEN, "1");
    }
    // Resuming from the first render on, so the stored flags are not touched meanwhile.
    let mut state = ChatState::default();
    state.resuming = token.is_some();
    let app = Rc::new(RefCell::new(App {
        api: Api::new(&config.base),
        base: config.base,
        store,
        ui,
        token: None,
        state,
        generation: 0,
        wake: None,
        typing: TypingThrottle::default(),
        typing_epoch: 0,
        open: config.open,
        unread: 0,
        starting: false,
        ending: false,
        reconnecting: false,
        error: None,
        closed_stored: None,
    }));
    wire(&app)?;
    {
        let mut a = app.borrow_mut();
        a.prefill();
        a.render();
    }
    match token {
        Some(token) => adopt(&app, token),
        None => check_availability(&app),
    }
    if config.open && config.focus {
        let a = app.borrow();
        a.ui.focus_for(a.state.screen());
    }
    Ok(())
}

impl App {
    fn render(&mut self) {
        let screen = self.state.screen();
        if screen != Screen::Loading {
            let closed = screen == Screen::Closed;
            if self.closed_stored != Some(closed) {
                if closed {
                    self.store.set(CLOSED, "1");
                } else {
                    self.store.remove(CLOSED);
                }
                self.closed_stored = Some(closed);
            }
        }
        let frame = Frame {
            state: &self.state,
            error: self.error.as_deref(),
            open: self.open,
            unread: self.unread,
            starting: self.starting,
            ending: self.ending,
            reconnecting: self.reconnecting,
        };
        if let Err(e) = self.ui.render(&frame) {
            crate::dom::log_error(&e);
        }
    }

    fn is_current(&self, generation: u32) -> bool {
        self.generation == generation
    }

    /// Drops the current chat from memory (not from storage) and stops its tasks.
    fn clear_chat(&mut self) {
        self.token = None;
        self.state.reset();
        self.generation = self.generation.wrapping_add(1);
        self.wake = None;
        self.typing = TypingThrottle::default();
        self.unread = 0;
        self.ending = false;
        self.reconnecting = false;
    }

    /// Forgets the chat for good: the next visit starts with the pre-chat form.
    fn forget(&mut self) {
        self.clear_chat();
        self.store.remove(TOKEN);
    }

    /// Fills the pre-chat form with the name and email used last time.
    fn prefill(&mut self) {
        if self.ui.name.value().is_empty() {
            self.ui
                .name
                .set_value(&self.store.get(NAME).unwrap_or_default());
        }
        if self.ui.email.value().is_empty() {
            self.ui
                .email
                .set_value(&self.store.get(EMAIL).unwrap_or_default());
        }
    }

    /// The live loop of `generation` registers its wake-up channel; `false` if it is stale.
    pub fn register_wake(&mut self, generation: u32, tx: UnboundedSender<()>) -> bool {
        if !self.is_current(generation) {
            return false;
        }
        self.wake = Some(tx);
        true
    }

    fn wake_live(&self) {
        if let Some(tx) = &self.wake {
            let _ = tx.unbounded_send(());
        }
    }

    /// The socket URL and `hello` frame for the live loop, or `None` when it should stop.
    pub fn hello(&self, generation: u32) -> Option<(String, String)> {
        if !self.is_current(generation) || self.state.screen() == Screen::Closed {
            return None;
        }
        let hello = hello_json(self.token.as_deref()?, self.state.last_seq());
        Some((live_url(&self.base), hello))
    }

    /// The live connection dropped; `false` when the loop should stop instead of retrying.
    pub fn connection_lost(&mut self, generation: u32) -> bool {
        if !self.is_current(generation) {
            return false;
        }
        if !self.reconnecting {
            self.reconnecting = true;
            self.render();
        }
        true
    }

    fn send_typing(&self, typing: bool) {
        if self.state.screen() != Screen::Conversation {
            return;
        }
        if let Some(token) = self.token.clone() {
            let api = self.api.clone();
            spawn_local(async move {
                let _ = api.typing(&token, typing).await;
            });
        }
    }

    fn set_error(&mut self, error: Option<&str>) {
        self.error = error.map(Into::into);
    }
}

/// Connects the panel's controls and the page's events to the app.
fn wire(app: &Shared) -> Res<()> {
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
        let id = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.get_attribute("data-retry"));
        if let Some(id) = id {
            deliver(&h, id, true);
        }
    });
    let h = app.clone();
    on(&ui.end_btn, "click", move |_| end_chat(&h));
    let h = app.clone();
    on(&ui.again_btn, "click", move |_| new_chat(&h));

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

fn set_open(app: &Shared, open: bool, focus: bool) {
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

fn new_client_id() -> String {
    client_id(js_sys::Math::random)
}

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
    if !email.is_empty() && (!email.contains('@') || email.chars().count() > EMAIL_MAX_CHARS) {
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
    })
}

fn start_chat(app: &Shared) {
    let (api, body) = {
        let mut a = app.borrow_mut();
        if a.starting || a.state.screen() != Screen::PreChat {
            return;
        }
        match read_start_form(&a) {
            Ok(body) => {
                a.starting = true;
                a.set_error(None);
                a.ui.mark_invalid(None);
                a.render();
                (a.api.clone(), body)
            }
            Err((field, message)) => {
                a.set_error(Some(message));
                a.render();
                a.ui.mark_invalid(Some(field));
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
                    a.set_error(Some(e.message()));
                    a.render();
                    a.ui.mark_invalid(e.field());
                    return;
                }
            }
        };
        connection::run(app, generation).await;
    });
}

/// Takes over the chat behind `token` (stored by this or another tab) and resumes it:
/// the whole transcript over HTTP, then live events from the last `seq`.
fn adopt(app: &Shared, token: String) {
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
pub async fn refresh(app: &Shared, generation: u32) -> bool {
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

fn check_availability(app: &Shared) {
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
                a.render();
            }
        }
    });
}

fn send_composer(app: &Shared) {
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
fn deliver(app: &Shared, id: String, retry: bool) {
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
fn retry_failed(app: &Shared) {
    let ids = app.borrow().state.auto_retry_ids();
    for id in ids {
        deliver(app, id, true);
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

fn end_chat(app: &Shared) {
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

fn new_chat(app: &Shared) {
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

/// Applies a live frame to the chat of `generation`.
pub fn on_frame(app: &Shared, generation: u32, frame: ServerFrame) -> Flow {
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
            if closed {
                Flow::Closed
            } else {
                retry = true;
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
        ServerFrame::Session { session } => {
            let closed = session.status == SessionStatus::Closed;
            a.state.set_session(session);
            if closed {
                Flow::Closed
            } else {
                Flow::Continue
            }
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
