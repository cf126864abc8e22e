//! The chat panel inside the shadow root: built once from a fixed template (no user text
//! in it), then kept in step with the state by [`Panel::render`].

use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlTextAreaElement,
    ShadowRoot,
};

use crate::dom::{find, set_text, show, Res};
use crate::state::{ChatState, Screen};
use crate::style::CSS;
use crate::text;
use crate::transcript_view::TranscriptView;

/// The markup of the panel. Constant: titles, greetings and messages are set as text.
const TEMPLATE: &str = r#"<div class="panel" role="dialog" aria-label="Chat" tabindex="-1" hidden>
<header class="head"><div class="ht"><h2 class="title"></h2><p class="sub" aria-live="polite"></p></div>
<button type="button" class="end">End chat</button>
<button type="button" class="min" aria-label="Minimize chat"><svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="m6 9 6 6 6-6"/></svg></button></header>
<div class="ask" role="group" aria-labelledby="hc-ask" hidden><p id="hc-ask">End this chat?</p>
<button type="button" class="btn yes">Yes, end chat</button><button type="button" class="no">Keep chatting</button></div>
<div class="body" tabindex="0">
<section class="pre"><p class="greet"></p>
<p class="notice" hidden>No agents are available right now. Leave a message and we'll reply as soon as we can.</p>
<form class="pf" novalidate>
<label for="hc-name">Name</label><input id="hc-name" aria-describedby="hc-name-e" class="name" autocomplete="name"><p class="ferr" id="hc-name-e" role="alert" hidden></p>
<label for="hc-email">Email <span class="opt" aria-hidden="true">(optional)</span></label><input id="hc-email" aria-describedby="hc-email-e" class="email" type="email" autocomplete="email"><p class="ferr" id="hc-email-e" role="alert" hidden></p>
<label for="hc-first">Message</label><textarea id="hc-first" aria-describedby="hc-first-e" class="first" rows="3"></textarea><p class="ferr" id="hc-first-e" role="alert" hidden></p>
<button type="submit" class="btn start">Start chat</button></form></section>
<section class="pre off" hidden><p class="greet">We're closed right now. Leave a message and we'll answer by email.</p>
<form class="pf of" novalidate>
<label for="hc-oname">Name</label><input id="hc-oname" aria-describedby="hc-oname-e" class="oname" autocomplete="name"><p class="ferr" id="hc-oname-e" role="alert" hidden></p>
<label for="hc-oemail">Email</label><input id="hc-oemail" aria-describedby="hc-oemail-e" class="oemail" type="email" autocomplete="email" required><p class="ferr" id="hc-oemail-e" role="alert" hidden></p>
<label for="hc-omsg">Message</label><textarea id="hc-omsg" aria-describedby="hc-omsg-e" class="omsg" rows="4"></textarea><p class="ferr" id="hc-omsg-e" role="alert" hidden></p>
<button type="submit" class="btn osend">Leave a message</button></form>
<p class="greet othanks" role="status" hidden></p></section>
<p class="loading" hidden>Loading your chat…</p>
<div class="log" role="log" aria-label="Messages" aria-live="polite" hidden></div></div>
<form class="waited" novalidate hidden><p>Sorry to keep you waiting. Leave your email and we'll answer there instead.</p>
<label for="hc-wemail">Email</label><input id="hc-wemail" class="wemail" type="email" autocomplete="email">
<button type="submit" class="btn wsend">Email me instead</button></form>
<p class="typing" hidden></p><p class="conn" hidden>Reconnecting…</p>
<div class="alert" role="alert" hidden></div>
<ul class="ups" hidden></ul>
<form class="composer" hidden><button type="button" class="att" aria-label="Attach file" title="Attach file (images, PDF, text)"><svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="m21 11-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7"/></svg></button>
<input type="file" class="fi" accept="image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain" multiple hidden tabindex="-1">
<textarea class="input" rows="1" aria-label="Message" placeholder="Write a message…"></textarea>
<button type="submit" class="send" aria-label="Send"><svg width="18" height="18" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true"><path d="M3.4 20.4 21 12 3.4 3.6 3.4 10.1 15 12 3.4 13.9z"/></svg></button></form>
<div class="ended" hidden><p>This chat has ended.</p>
<form class="rate" novalidate><p class="rq" id="hc-rq">How was this chat?</p>
<div class="rb" role="group" aria-labelledby="hc-rq"><button type="button" class="good" aria-pressed="false"><span aria-hidden="true">👍 </span>Good</button><button type="button" class="bad" aria-pressed="false"><span aria-hidden="true">👎 </span>Bad</button></div>
<label for="hc-rc">Comment <span class="opt">(optional)</span></label><textarea id="hc-rc" class="rc" rows="2" maxlength="1000"></textarea>
<button type="submit" class="btn rs">Send rating</button></form>
<p class="rated" role="status" tabindex="-1" hidden>Thanks for your feedback!</p>
<form class="tm" novalidate hidden><label for="hc-temail">Email</label><input id="hc-temail" class="temail" type="email" autocomplete="email">
<button type="submit" class="btn tsend">Email me a transcript</button></form>
<p class="tsent" aria-live="polite" tabindex="-1" hidden></p>
<button type="button" class="btn again">Start a new chat</button></div>
</div>"#;

/// Everything besides the chat state that decides what the panel shows.
pub struct Frame<'a> {
    pub state: &'a ChatState,
    pub error: Option<&'a str>,
    pub open: bool,
    pub unread: u32,
    pub starting: bool,
    pub ending: bool,
    pub reconnecting: bool,
    /// The rating picked on the closed chat, not sent yet.
    pub rating_choice: Option<protocol::visitor::Rating>,
    pub rating_sending: bool,
    /// Files on their way (or refused).
    pub uploads: &'a [Upload],
    /// End chat was pressed: asking "End this chat?".
    pub confirming_end: bool,
    /// Where the transcript of the closed chat is being sent (once asked for).
    pub transcript_to: Option<&'a str>,
    pub transcript_sending: bool,
}

/// A file the visitor is sending: its progress, or why it was refused.
pub struct Upload {
    pub client_id: String,
    pub name: String,
    pub percent: u32,
    pub error: Option<String>,
}

pub struct Panel {
    doc: Document,
    pub attach_btn: Element,
    ask: Element,
    pub end_yes: HtmlButtonElement,
    pub end_no: HtmlButtonElement,
    pub file_input: HtmlInputElement,
    pub uploads: Element,
    pub launcher: HtmlElement,
    badge: Element,
    pub panel: HtmlElement,
    sub: Element,
    pub end_btn: HtmlButtonElement,
    pub min_btn: Element,
    pre: Element,
    notice: Element,
    pub pre_form: Element,
    pub name: HtmlInputElement,
    pub email: HtmlInputElement,
    pub first: HtmlTextAreaElement,
    start_btn: HtmlButtonElement,
    loading: Element,
    pub log: Element,
    /// The scrolling area around the pre-chat form and the transcript.
    body: Element,
    transcript: TranscriptView,
    typing: Element,
    conn: Element,
    alert: Element,
    pub composer: Element,
    pub input: HtmlTextAreaElement,
    ended: Element,
    pub again_btn: Element,
    waited: Element,
    pub waited_form: Element,
    pub waited_email: HtmlInputElement,
    waited_send: HtmlButtonElement,
    off: Element,
    pub off_form: Element,
    pub off_name: HtmlInputElement,
    pub off_email: HtmlInputElement,
    pub off_message: HtmlTextAreaElement,
    off_send: HtmlButtonElement,
    off_thanks: Element,
    pub rate_form: Element,
    pub good_btn: Element,
    pub bad_btn: Element,
    pub rate_comment: HtmlTextAreaElement,
    rate_send: HtmlButtonElement,
    rated: Element,
    pub transcript_form: Element,
    pub transcript_email: HtmlInputElement,
    transcript_send: HtmlButtonElement,
    transcript_sent: Element,
}

impl Panel {
    /// Adds the stylesheet and the panel next to the loader's launcher (`.hc .launcher`).
    pub fn build(doc: Document, root: &ShadowRoot, title: &str, greeting: &str) -> Res<Panel> {
        let wrap: Element = find(root, ".hc")?;
        let style = doc.create_element("style")?;
        style.set_text_content(Some(CSS));
        root.insert_before(&style, root.first_child().as_ref())?;
        wrap.insert_adjacent_html("beforeend", TEMPLATE)?;
        let panel = Panel {
            launcher: find(root, ".launcher")?,
            badge: find(root, ".badge")?,
            panel: find(root, ".panel")?,
            sub: find(root, ".sub")?,
            end_btn: find(root, ".end")?,
            min_btn: find(root, ".min")?,
            pre: find(root, ".pre")?,
            notice: find(root, ".notice")?,
            pre_form: find(root, ".pf")?,
            name: find(root, ".name")?,
            email: find(root, ".email")?,
            first: find(root, ".first")?,
            start_btn: find(root, ".start")?,
            loading: find(root, ".loading")?,
            log: find(root, ".log")?,
            body: find(root, ".body")?,
            transcript: TranscriptView::new(find(root, ".log")?),
            typing: find(root, ".typing")?,
            conn: find(root, ".conn")?,
            alert: find(root, ".alert")?,
            composer: find(root, ".composer")?,
            input: find(root, ".input")?,
            ended: find(root, ".ended")?,
            again_btn: find(root, ".again")?,
            waited: find(root, ".waited")?,
            waited_form: find(root, ".waited")?,
            waited_email: find(root, ".wemail")?,
            waited_send: find(root, ".wsend")?,
            off: find(root, ".off")?,
            off_form: find(root, ".of")?,
            off_name: find(root, ".oname")?,
            off_email: find(root, ".oemail")?,
            off_message: find(root, ".omsg")?,
            off_send: find(root, ".osend")?,
            off_thanks: find(root, ".othanks")?,
            rate_form: find(root, ".rate")?,
            good_btn: find(root, ".good")?,
            bad_btn: find(root, ".bad")?,
            rate_comment: find(root, ".rc")?,
            rate_send: find(root, ".rs")?,
            rated: find(root, ".rated")?,
            attach_btn: find(root, ".att")?,
            ask: find(root, ".ask")?,
            end_yes: find(root, ".yes")?,
            end_no: find(root, ".no")?,
            file_input: find(root, ".fi")?,
            uploads: find(root, ".ups")?,
            transcript_form: find(root, ".tm")?,
            transcript_email: find(root, ".temail")?,
            transcript_send: find(root, ".tsend")?,
            transcript_sent: find(root, ".tsent")?,
            doc,
        };
        set_text(&find(root, ".title")?, title);
        set_text(&find(root, ".greet")?, greeting);
        Ok(panel)
    }

    pub fn render(&mut self, f: &Frame) -> Res<()> {
        let state = f.state;
        let screen = state.screen();
        let hidden = state.hidden();
        show(&self.launcher, !f.open && !hidden);
        show(&self.panel, f.open && !hidden);
        set_text(&self.badge, &text::badge(f.unread));
        show(&self.badge, f.unread > 0);

        let agent = state.session.as_ref().and_then(|s| s.agent_name.as_deref());
        let sub = match screen {
            Screen::PreChat | Screen::Loading => match state.agents_available {
                Some(true) => "We're online".to_string(),
                Some(false) => "We'll reply as soon as we can".to_string(),
                None => String::new(),
            },
            Screen::Conversation => match (agent, state.place_in_line()) {
                (Some(name), _) => text::chatting_with(name),
                (None, Some(n)) => text::place_in_line(n),
                (None, None) => "Waiting for an agent…".to_string(),
            },
            Screen::Closed => "Chat ended".to_string(),
            Screen::Offline => "We're closed right now".to_string(),
        };
        set_text(&self.sub, &sub);
        show(&self.end_btn, state.can_end() && !f.confirming_end);
        self.end_btn.set_disabled(f.ending);
        show(&self.ask, state.can_end() && f.confirming_end);
        self.end_yes.set_disabled(f.ending);

        show(&self.pre, screen == Screen::PreChat);
        show(&self.off, screen == Screen::Offline);
        let receipt = state.offline_ticket;
        show(&self.off_form, receipt.is_none());
        show(&self.off_thanks, receipt.is_some());
        if let Some(n) = receipt {
            set_text(&self.off_thanks, &text::offline_receipt(n));
        }
        self.off_send.set_disabled(f.starting);
        show(&self.notice, state.agents_available == Some(false));
        self.start_btn.set_disabled(f.starting);
        show(&self.loading, screen == Screen::Loading);

        let has_log = matches!(screen, Screen::Conversation | Screen::Closed);
        show(&self.log, has_log);
        let body = &self.body;
        let near_end = body.scroll_height() - body.scroll_top() - body.client_height() < 80;
        if self.transcript.sync(&self.doc, state)? && near_end {
            self.scroll_to_end();
        }

        let typing = state
            .agent_typing
            .as_deref()
            .filter(|_| screen == Screen::Conversation);
        set_text(
            &self.typing,
            &typing.map(text::typing_line).unwrap_or_default(),
        );
        show(&self.typing, typing.is_some());
        show(&self.conn, f.reconnecting && screen == Screen::Conversation);
        set_text(&self.alert, f.error.unwrap_or(""));
        show(&self.alert, f.error.is_some());
        show(&self.composer, screen == Screen::Conversation);
        self.render_uploads(f.uploads, screen == Screen::Conversation)?;
        let waited_long = screen == Screen::Conversation
            && state.session.as_ref().is_some_and(|s| {
                s.status == protocol::SessionStatus::Waiting
                    && s.offer_email_at
                        .is_some_and(|at| (at as f64) <= crate::dom::now())
            });
        show(&self.waited, waited_long);
        self.waited_send.set_disabled(f.starting);
        show(&self.ended, screen == Screen::Closed);
        let rated = state.session.as_ref().is_some_and(|s| s.rating.is_some());
        show(&self.rate_form, screen == Screen::Closed && !rated);
        show(&self.rated, screen == Screen::Closed && rated);
        let closed = screen == Screen::Closed;
        show(
            &self.transcript_form,
            closed && state.transcript_email && f.transcript_to.is_none(),
        );
        self.transcript_send.set_disabled(f.transcript_sending);
        show(&self.transcript_sent, closed && f.transcript_to.is_some());
        if let Some(to) = f.transcript_to {
            set_text(&self.transcript_sent, &text::transcript_sent(to));
        }
        for (button, rating) in [
            (&self.good_btn, protocol::visitor::Rating::Good),
            (&self.bad_btn, protocol::visitor::Rating::Bad),
        ] {
            let pressed = if f.rating_choice == Some(rating) {
                "true"
            } else {
                "false"
            };
            button.set_attribute("aria-pressed", pressed)?;
        }
        self.rate_send
            .set_disabled(f.rating_choice.is_none() || f.rating_sending);
        Ok(())
    }

    /// The uploads list, rebuilt (it holds a few items at most).
    fn render_uploads(&self, uploads: &[Upload], visible: bool) -> Res<()> {
        show(&self.uploads, visible && !uploads.is_empty());
        self.uploads.set_text_content(None);
        for u in uploads {
            let item = crate::dom::add(&self.doc, &self.uploads, "li", "")?;
            let name = crate::dom::add(&self.doc, &item, "span", "un")?;
            crate::dom::add_text(&self.doc, &name, &u.name)?;
            match &u.error {
                Some(error) => {
                    item.set_class_name("up failed");
                    crate::dom::add_text(&self.doc, &item, error)?;
                    let dismiss = crate::dom::add(&self.doc, &item, "button", "retry")?;
                    dismiss.set_attribute("type", "button")?;
                    dismiss.set_attribute("data-dismiss", &u.client_id)?;
                    crate::dom::add_text(&self.doc, &dismiss, "Dismiss")?;
                }
                None => {
                    item.set_class_name("up");
                    let bar = crate::dom::add(&self.doc, &item, "progress", "")?;
                    bar.set_attribute("max", "100")?;
                    bar.set_attribute("value", &text::number(u.percent.into()))?;
                    let mut label = String::from("Uploading ");
                    label.push_str(&u.name);
                    bar.set_attribute("aria-label", &label)?;
                }
            }
        }
        Ok(())
    }

    /// Thumbnails not loaded yet: `(img, file id)`, each handed out once.
    pub fn unloaded_images(&self) -> Vec<(Element, String)> {
        let mut out = Vec::new();
        if let Ok(list) = self
            .log
            .query_selector_all("img[data-file]:not([data-loading])")
        {
            for i in 0..list.length() {
                let Some(img) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                    continue;
                };
                if let Some(id) = img.get_attribute("data-file") {
                    let _ = img.set_attribute("data-loading", "1");
                    out.push((img, id));
                }
            }
        }
        out
    }

    /// A form that just did its job hides: the focus goes to what replaced it, not to the
    /// page (where Escape would no longer reach the panel).
    pub fn focus_after_rating(&self) {
        if let Some(e) = self.rated.dyn_ref::<HtmlElement>() {
            let _ = e.focus();
        }
    }

    pub fn focus_after_transcript(&self) {
        if let Some(e) = self.transcript_sent.dyn_ref::<HtmlElement>() {
            let _ = e.focus();
        }
    }

    pub fn scroll_to_end(&self) {
        self.body.set_scroll_top(self.body.scroll_height());
    }

    /// Moves focus to where the visitor types next on this screen.
    pub fn focus_for(&self, screen: Screen) {
        let target: Option<&HtmlElement> = match screen {
            Screen::PreChat if self.name.value().trim().is_empty() => Some(&self.name),
            Screen::PreChat => Some(&self.first),
            Screen::Conversation => Some(&self.input),
            Screen::Closed => self.again_btn.dyn_ref::<HtmlElement>(),
            Screen::Offline if self.off_name.value().trim().is_empty() => Some(&self.off_name),
            Screen::Offline => Some(&self.off_message),
            Screen::Loading => Some(&self.panel),
        };
        if let Some(t) = target {
            let _ = t.focus();
        }
    }

    /// Shows why a form field was refused next to it (`aria-invalid`, its error text,
    /// the focus), and clears the other fields of that form. `form`: `pre` (the pre-chat
    /// form) or `off` (Leave a message); `field`: `name`, `email` or `message`.
    pub fn mark_invalid(&self, form: &str, field: Option<&str>, message: &str) {
        let fields: [(&str, &HtmlElement, &str); 3] = if form == "off" {
            [
                ("name", &self.off_name, "hc-oname-e"),
                ("email", &self.off_email, "hc-oemail-e"),
                ("message", &self.off_message, "hc-omsg-e"),
            ]
        } else {
            [
                ("name", &self.name, "hc-name-e"),
                ("email", &self.email, "hc-email-e"),
                ("message", &self.first, "hc-first-e"),
            ]
        };
        for (name, el, error_id) in fields {
            // In the shadow root: looked up from the field's form.
            let mut selector = String::from("#");
            selector.push_str(error_id);
            let error = el
                .parent_node()
                .and_then(|p| p.dyn_into::<Element>().ok())
                .and_then(|p| p.query_selector(&selector).ok().flatten());
            if Some(name) == field {
                let _ = el.set_attribute("aria-invalid", "true");
                if let Some(e) = &error {
                    set_text(e, message);
                    show(e, true);
                }
                let _ = el.focus();
            } else {
                let _ = el.remove_attribute("aria-invalid");
                if let Some(e) = &error {
                    show(e, false);
                }
            }
        }
    }

    /// Grows the composer with its text, up to the CSS `max-height`.
    pub fn autosize(&self) {
        let style = self.input.style();
        let _ = style.set_property("height", "auto");
        let mut px = (self.input.scroll_height() + 2).to_string();
        px.push_str("px");
        let _ = style.set_property("height", &px);
    }
}
