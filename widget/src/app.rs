//! The controller: owns the state, the panel and the storage, reacts to the visitor's
//! actions and to the server, and re-renders after every change.
//!
//! One `App` per page, shared as `Rc<RefCell<App>>` by event handlers and async tasks. A
//! borrow is never held across an `.await`; tasks check `generation` after each await
//! because the chat may have been replaced meanwhile (new chat, another tab).

mod events;
mod frames;
mod lifecycle;
mod outbox;
mod uploads;

use std::cell::RefCell;
use std::rc::Rc;

use futures_channel::mpsc::UnboundedSender;
use wasm_bindgen_futures::spawn_local;
use web_sys::ShadowRoot;

pub(crate) use frames::on_frame;
pub(crate) use lifecycle::refresh;
pub(crate) use outbox::{socket_closed, socket_open};

use crate::api::requests::Api;
use crate::dom::{document, Res};
use crate::live::live_url;
use crate::state::{ChatState, Screen};
use crate::storage::{Store, CLOSED, EMAIL, NAME, OPEN, TOKEN};
use crate::typing::TypingThrottle;
use crate::view::{Frame, Panel};
use crate::wire::hello_json;
use lifecycle::{adopt, check_availability};

pub type Shared = Rc<RefCell<App>>;

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
    /// The live socket while it is open (connected, `ready` received): sends go on it
    /// then, over HTTP otherwise.
    socket: Option<web_sys::WebSocket>,
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
    rating_choice: Option<protocol::visitor::Rating>,
    rating_sending: bool,
    transcript_to: Option<String>,
    transcript_sending: bool,
    uploads: Vec<crate::view::Upload>,
    confirming_end: bool,
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
        socket: None,
        typing: TypingThrottle::default(),
        typing_epoch: 0,
        open: config.open,
        unread: 0,
        starting: false,
        ending: false,
        reconnecting: false,
        error: None,
        closed_stored: None,
        rating_choice: None,
        rating_sending: false,
        transcript_to: None,
        transcript_sending: false,
        uploads: Vec::new(),
        confirming_end: false,
    }));
    events::wire(&app)?;
    {
        let mut a = app.borrow_mut();
        a.prefill();
        a.render();
    }
    // Availability also says whether transcripts can be emailed, for a resumed chat too.
    if let Some(token) = token {
        adopt(&app, token);
    }
    check_availability(&app);
    lifecycle::watch_hours(&app);
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
            // The transcript goes to the email the chat was started with, unless changed.
            if closed && self.ui.transcript_email.value().is_empty() {
                let known = self
                    .state
                    .session
                    .as_ref()
                    .and_then(|s| s.visitor_email.clone());
                let email = known.unwrap_or_else(|| self.ui.email.value());
                self.ui.transcript_email.set_value(&email);
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
            rating_choice: self.rating_choice,
            rating_sending: self.rating_sending,
            transcript_to: self.transcript_to.as_deref(),
            transcript_sending: self.transcript_sending,
            uploads: &self.uploads,
            confirming_end: self.confirming_end,
        };
        if let Err(e) = self.ui.render(&frame) {
            crate::dom::log_error(&e);
        }
        uploads::load_images(self);
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
        self.socket = None;
        self.typing = TypingThrottle::default();
        self.unread = 0;
        self.ending = false;
        self.reconnecting = false;
        self.rating_choice = None;
        self.rating_sending = false;
        self.transcript_to = None;
        self.transcript_sending = false;
        self.uploads.clear();
        self.confirming_end = false;
        self.ui.rate_comment.set_value("");
        self.ui.transcript_email.set_value("");
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
        if self.ui.off_name.value().is_empty() {
            self.ui.off_name.set_value(&self.ui.name.value());
        }
        if self.ui.off_email.value().is_empty() {
            self.ui.off_email.set_value(&self.ui.email.value());
        }
        if self.ui.waited_email.value().is_empty() {
            self.ui.waited_email.set_value(&self.ui.email.value());
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
