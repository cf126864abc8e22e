use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::unverified::Unverified;
use protocol::{Message, Sender, SessionStatus};

/// How long Undo is offered after Close.
#[cfg(feature = "hydrate")]
const UNDO_MS: u32 = 8_000;

use crate::components::attachments::{FileLink, UploadList, Uploader};
use crate::components::browser::on_history_move;
use crate::components::browser::{now_ms, page_visible};
use crate::components::command_note::CommandNote;
use crate::components::field_error::{field_error, general_error};
use crate::components::local_time::{LocalDateTime, LocalTime, ZoneClock};
use crate::components::message_text::MessageText;
use crate::components::outbox::{Outbox, PendingMessages};
use crate::components::page_load::LoadError;
use crate::components::slash_composer::{CannedSource, SlashComposer, Submitted};
use crate::domain::canned_response;
use crate::domain::chat_notes::{interleave, LogEntry};
use crate::domain::inbox::InboxTab;
use crate::domain::navigation::session_in_path;
use crate::domain::slash_command::Place;
use crate::domain::transcript::last_seq;
use crate::error::AppError;
use crate::live::use_live;
use crate::models::agent::CurrentAgent;
use crate::models::channel::CommandOutcome;
use crate::models::chat::{ChatNote, ChatSessionId, SessionDetail, VisitorContact};
use crate::models::live::AgentClientFrame;
use crate::pages::conversation_list::ConversationList;
use crate::pages::session_transfer::TransferButton;
use crate::pages::shell_layout::MeResource;
use crate::server_fns::canned::list_canned_responses;
use crate::server_fns::channels::run_command;
use crate::server_fns::chat::{
    add_chat_note, get_chat_session, send_chat_message, AcceptChat, CloseChat, ReopenChat,
};
use crate::server_fns::tickets::CreateTicketFromChat;

/// The inbox: the Conversations list, one chat session (the live transcript, Accept / Send /
/// Close) and the visitor's details.
/// An island of its own, loaded with the screen (`lazy`: not part of the first download).
#[island(lazy)]
pub fn ChatSessionPage(id: Option<i64>) -> impl IntoView {
    crate::components::hydration::island_hydrated();
    // Islands hydrate on their own: the page asks for the signed-in agent itself.
    provide_context(crate::pages::shell_layout::me_resource());
    // The chat shown: another one picked in the Conversations list replaces it in place
    // (the address follows, and Back returns to the previous one).
    let shown = RwSignal::new(id);
    provide_context(OpenChat(shown));
    on_history_move(move |path| shown.set(session_in_path(&path)));
    let id = Memo::new(move |_| shown.get().map(ChatSessionId));
    let live = use_live();
    on_cleanup(move || live.unwatch());
    // The Conversations list stays put while the chat beside it changes. Each chat's
    // details build a view of their own (the previous chat's is dropped whole, its live
    // closures with it, once the next chat's details are in).
    let tab = RwSignal::new(None::<InboxTab>);
    view! {
        <div class="session-layout">
            <ConversationList current=Signal::derive(move || id.get()) tab />
            <div class="session-main">
                <SessionLoader id tab />
            </div>
        </div>
    }
}

/// Which chat the session page shows; the Conversations list's links set it.
#[derive(Clone, Copy)]
pub struct OpenChat(pub RwSignal<Option<i64>>);

/// Undo after Close: shown until its own timer runs out (each Close numbers its offer, so an
/// earlier Close's timer cannot end a later one's) or until the chat is reopened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct UndoOffer {
    shown: bool,
    number: u32,
}

impl UndoOffer {
    fn next(self) -> Self {
        Self {
            shown: true,
            number: self.number.wrapping_add(1),
        }
    }

    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn expire(self, offer: UndoOffer) -> Self {
        if self == offer {
            self.withdrawn()
        } else {
            self
        }
    }

    fn withdrawn(self) -> Self {
        Self {
            shown: false,
            ..self
        }
    }
}

#[component]
fn SessionLoader(
    id: Memo<Option<ChatSessionId>>,
    tab: RwSignal<Option<InboxTab>>,
) -> impl IntoView {
    let refresh = RwSignal::new(0u64);
    let detail = Resource::new_blocking(
        move || (id.get(), refresh.get()),
        move |(id, _)| async move {
            match id {
                Some(id) => get_chat_session(id).await,
                None => Err(AppError::not_found("No such chat.")),
            }
        },
    );
    let me = expect_context::<MeResource>();
    // Outside the reloading part: a refusal ("Already accepted by …") stays on screen while
    // the details reload to show who has the chat now.
    let error = RwSignal::new(None::<String>);
    // Outside too: Close reloads the details, and Undo stays offered across that.
    let undo_shown = RwSignal::new(UndoOffer::default());
    // Neither belongs to the next chat.
    Effect::new(move |previous: Option<Option<ChatSessionId>>| {
        let now = id.get();
        if previous.is_some_and(|p| p != now) {
            error.set(None);
            undo_shown.update(|u| *u = u.withdrawn());
        }
        now
    });
    view! {
        <Transition fallback=|| view! { <p>"Loading the chat…"</p> }>
            {move || Suspend::new(async move {
                let me = me.await.ok();
                match (detail.await, me) {
                    (Ok(d), Some(me)) => view! { <SessionView detail=d me refresh error undo_shown tab /> }.into_any(),
                    (Err(e), _) => view! { <LoadError title="Chat" error=e back_href="/chat/queue" back_label="Back to the Chat Queue" /> }.into_any(),
                    (_, None) => ().into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SessionView(
    detail: SessionDetail,
    me: CurrentAgent,
    refresh: RwSignal<u64>,
    error: RwSignal<Option<String>>,
    undo_shown: RwSignal<UndoOffer>,
    tab: RwSignal<Option<InboxTab>>,
) -> impl IntoView {
    let live = use_live();
    let id = detail.id;
    // The first chat opened picks the Conversations tab that lists it; later ones leave it.
    let first_tab = InboxTab::for_chat(detail.status, detail.agent_id == Some(me.id));
    Effect::new(move |_| {
        if tab.get_untracked().is_none() {
            tab.set(Some(first_tab));
        }
    });
    let loaded_status = detail.status;
    let initial = detail.messages.clone();
    let initial_notes = detail.notes.clone();
    // Follow this session live from what we just loaded.
    Effect::new(move |_| live.watch(id, initial.clone(), initial_notes.clone()));

    let fallback = StoredValue::new(detail.messages.clone());
    let messages = move || {
        live.watched.with(|w| match w {
            Some(w) if w.id == id => w.messages.clone(),
            // (`try_`: a view kept on screen while the chat reloads may outlive its values.)
            _ => fallback.try_get_value().unwrap_or_default(),
        })
    };
    let fallback_notes = StoredValue::new(detail.notes.clone());
    let notes = move || {
        live.watched.with(|w| match w {
            Some(w) if w.id == id => w.notes.clone(),
            _ => fallback_notes.try_get_value().unwrap_or_default(),
        })
    };
    let log = move || interleave(&messages(), &notes());
    // A memo: the watched session changes with every message, the status rarely, and what
    // hangs on it (the composer and its half-typed text) must not be rebuilt each time.
    let status = Memo::new(move |_| {
        live.watched.with(|w| match w {
            Some(w) if w.id == id => w.status.unwrap_or(loaded_status),
            _ => loaded_status,
        })
    });
    let status = move || status.try_get().unwrap_or(loaded_status);
    // A pushed status change (someone accepted or closed): reload the details.
    Effect::new(move |_| {
        if status() != loaded_status {
            refresh.update(|v| *v += 1);
        }
    });
    let typing = move || {
        live.watched.with(|w| match w {
            Some(w) if w.id == id => w.typing.clone(),
            _ => None,
        })
    };
    let mine = detail.agent_id == Some(me.id);
    let is_admin = me.is_admin();
    let can_close = move || status() == SessionStatus::Active && (mine || is_admin);
    let can_reply = Memo::new(move |_| status() == SessionStatus::Active && mine);
    let can_reply = move || can_reply.try_get().unwrap_or(false);

    // Reading what is on screen: tell the server (clears the unread badge).
    Effect::new(move |_| {
        let seq = last_seq(&messages());
        if mine && seq > 0 && page_visible() {
            live.send(AgentClientFrame::Read {
                session_id: id,
                seq,
            });
        }
    });

    let outbox = Outbox::new(move |client_id, text| async move {
        match send_chat_message(id, client_id, text).await {
            Ok(message) => {
                live.add_message(id, message);
                Ok(())
            }
            Err(e) => Err(e.message().to_string()),
        }
    });
    Effect::new(move |_| {
        let list = messages();
        outbox.settle(list.iter().filter_map(|m| m.client_id.as_deref()));
    });
    let note_outbox = Outbox::new(move |client_id, text| async move {
        match add_chat_note(id, client_id, text).await {
            Ok(note) => {
                live.add_notes(id, vec![note]);
                Ok(())
            }
            Err(e) => Err(e.message().to_string()),
        }
    });
    Effect::new(move |_| {
        let list = notes();
        note_outbox.settle(list.iter().map(|n| n.client_id.as_str()));
    });
    let composer = ComposerParts {
        id,
        visitor_name: detail.visitor_name.clone(),
        visitor_email: detail.visitor_email.clone(),
        agent_name: me.name.clone(),
        error,
        refresh,
        outbox,
        note_outbox,
    };
    // Forms, so Accept and Close work even before the page is interactive.
    let accept = ServerAction::<AcceptChat>::new();
    let close = ServerAction::<CloseChat>::new();
    let reopen = ServerAction::<ReopenChat>::new();
    // Close asks nothing: Undo stays offered for a few seconds after it.
    Effect::new(move |_| {
        if let Some(Ok(())) = close.value().get() {
            let offer = undo_shown.get_untracked().next();
            undo_shown.set(offer);
            #[cfg(feature = "hydrate")]
            leptos::task::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(UNDO_MS).await;
                // Only this Close's offer: a later Close has its own full time.
                let _ = undo_shown.try_update(|o| *o = o.expire(offer));
            });
        }
    });
    // Accepted: the chat is mine now, and the list shows it where it went.
    Effect::new(move |_| {
        if let Some(Ok(())) = accept.value().get() {
            tab.set(Some(InboxTab::Mine));
        }
    });
    Effect::new(move |_| {
        if reopen.value().get().is_some() {
            undo_shown.update(|o| *o = o.withdrawn());
        }
    });
    for action_value in [accept.value(), close.value(), reopen.value()] {
        Effect::new(move |_| match action_value.get() {
            Some(Ok(())) => {
                error.set(None);
                refresh.update(|v| *v += 1);
            }
            Some(Err(e)) => {
                error.set(Some(e.message().to_string()));
                // Show who has the chat now.
                refresh.update(|v| *v += 1);
            }
            None => {}
        });
    }
    let busy = move || accept.pending().get() || close.pending().get() || reopen.pending().get();
    let had_it = detail.agent_id;
    let my_id = me.id;
    let can_reopen = move || {
        status() == SessionStatus::Closed && (is_admin || had_it.is_none() || had_it == Some(my_id))
    };

    let log_ref = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        let _ = (messages().len(), notes().len());
        if let Some(el) = log_ref.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });

    let title = detail.visitor_name.clone();
    view! {
        <Title text=title />
        <section class="page session-page" aria-labelledby="page-title">
            <header class="session-head">
                <div>
                    <p class="crumbs"><a href="/chat/queue">"Chat Queue"</a></p>
                    <h1 id="page-title">{detail.visitor_name.clone()}</h1>
                    <span class=move || format!("pill pill-{}", status().as_str())>{move || status().label()}</span>
                    {detail.agent_name.clone().map(|n| view! { <span class="hint">{format!(" · with {n}")}</span> })}
                </div>
                <div class="session-actions">
                    <Show when=move || status() == SessionStatus::Waiting>
                        <ActionForm action=accept>
                            <input type="hidden" name="id" value=id.0 />
                            <button type="submit" class="button button-primary" disabled=busy>"Accept"</button>
                        </ActionForm>
                    </Show>
                    {view! { <TicketButton detail=detail.clone() mine is_admin status refresh /> }.into_any()}
                    <Show when=can_close>
                        <TransferButton id refresh />
                    </Show>
                    <Show when=can_close>
                        <ActionForm action=close>
                            <input type="hidden" name="id" value=id.0 />
                            <button type="submit" class="button button-quiet" disabled=busy>"Close"</button>
                        </ActionForm>
                    </Show>
                    <Show when=move || can_reopen() && !undo_shown.get().shown>
                        <ActionForm action=reopen>
                            <input type="hidden" name="id" value=id.0 />
                            <button type="submit" class="button button-quiet" disabled=busy>"Reopen"</button>
                        </ActionForm>
                    </Show>
                </div>
            </header>
            <Show when=move || undo_shown.get().shown && status() == SessionStatus::Closed>
                <div class="undo-bar" role="status">
                    "Chat closed."
                    <ActionForm action=reopen attr:class="undo-form">
                        <input type="hidden" name="id" value=id.0 />
                        <button type="submit" class="button-link" disabled=busy>"Undo"</button>
                    </ActionForm>
                </div>
            </Show>
            <p class="form-error" role="alert">{move || error.get()}</p>
            <div class="session-body">
                <div class="conversation">
                    <div class="transcript" role="log" aria-label="Transcript" node_ref=log_ref>
                        <For each=log key=LogEntry::key let:entry>
                            {match entry {
                                LogEntry::Message(m) => view! { <MessageRow m /> }.into_any(),
                                LogEntry::Note(n) => view! { <NoteRow n /> }.into_any(),
                            }}
                        </For>
                        <PendingMessages outbox class="msg msg-agent" />
                        <PendingMessages outbox=note_outbox class="msg msg-note" />
                    </div>
                    <p class="typing" aria-live="polite">
                        {move || typing().map(|name| format!("{name} is typing…"))}
                    </p>
                    {move || {
                        let parts = composer.clone();
                        if can_reply() {
                            view! { <Composer parts reply=true /> }.into_any()
                        } else {
                            view! {
                                <ComposerNote status=status() mine />
                                <Composer parts reply=false />
                            }.into_any()
                        }
                    }}
                </div>
                {view! { <VisitorDetails detail=detail.clone() /> }.into_any()}
            </div>
        </section>
    }
}

#[component]
fn ComposerNote(status: SessionStatus, mine: bool) -> impl IntoView {
    let text = match status {
        SessionStatus::Waiting => "Accept this chat to reply.",
        SessionStatus::Closed => "This chat has ended.",
        SessionStatus::Active if !mine => "Another agent is handling this chat.",
        SessionStatus::Active => "",
    };
    view! { <p class="composer-note">{text}</p> }
}

#[component]
fn MessageRow(m: Message) -> impl IntoView {
    let class = match m.sender {
        Sender::Visitor => "msg msg-visitor",
        Sender::Agent => "msg msg-agent",
        Sender::System => "msg msg-system",
    };
    if m.sender == Sender::System {
        return view! {
            <div class=class>
                <MessageText text=m.text /> " · " <LocalTime ms=m.created_at />
            </div>
        }
        .into_any();
    }
    view! {
        <div class=class>
            <div class="msg-meta">
                <span class="msg-author">{m.author.unwrap_or_default()}</span>
                <LocalTime ms=m.created_at />
            </div>
            <div class="msg-bubble">
                {match m.file {
                    Some(file) => view! { <FileLink file /> }.into_any(),
                    None => view! { <MessageText text=m.text /> }.into_any(),
                }}
            </div>
        </div>
    }
    .into_any()
}

/// What the composer needs from its page.
#[derive(Clone)]
struct ComposerParts {
    id: ChatSessionId,
    visitor_name: String,
    visitor_email: Option<String>,
    agent_name: String,
    error: RwSignal<Option<String>>,
    refresh: RwSignal<u64>,
    outbox: Outbox,
    note_outbox: Outbox,
}

/// Reply to the visitor, or write an internal note (the toggle or Ctrl+Shift+N). Without
/// `reply` (not my chat, waiting, closed) it writes notes only.
#[component]
fn Composer(parts: ComposerParts, reply: bool) -> impl IntoView {
    let ComposerParts {
        id,
        error,
        refresh,
        outbox,
        note_outbox,
        ..
    } = parts.clone();
    let live = use_live();
    let text = RwSignal::new(String::new());
    let note_mode = RwSignal::new(!reply);
    let last_typing = RwSignal::new(0i64);
    let outcome = RwSignal::new(None::<CommandOutcome>);
    let on_typing = Callback::new(move |()| {
        let now = now_ms();
        if !note_mode.get_untracked() && now - last_typing.get_untracked() > 3_000 {
            last_typing.set(now);
            live.send(AgentClientFrame::Typing {
                session_id: id,
                typing: true,
            });
        }
    });
    let on_submit = Callback::new(move |submitted: Submitted| match submitted {
        Submitted::Text(body) => match protocol::limits::check_message_text(&body) {
            Ok(clean) => {
                text.set(String::new());
                error.set(None);
                if note_mode.get_untracked() {
                    note_outbox.submit(clean.to_string());
                    return;
                }
                live.send(AgentClientFrame::Typing {
                    session_id: id,
                    typing: false,
                });
                last_typing.set(0);
                outbox.submit(clean.to_string());
            }
            Err(problem) => error.set(Some(problem.message().to_string())),
        },
        Submitted::Command(line) => {
            leptos::task::spawn_local(async move {
                match run_command(None, Some(id), line).await {
                    Ok(o) => {
                        text.set(String::new());
                        error.set(None);
                        if o.ticket.is_some() {
                            refresh.update(|v| *v += 1);
                        }
                        outcome.set(Some(o));
                    }
                    // Refusals are shown to the caller only; the text stays to fix it.
                    Err(e) => error.set(Some(e.message().to_string())),
                }
            });
        }
    });
    // Canned responses, loaded in the browser only (they never hold up the page).
    let responses = LocalResource::new(list_canned_responses);
    let list = Signal::derive(move || responses.get().and_then(Result::ok).unwrap_or_default());
    let values = StoredValue::new((parts.visitor_name, parts.visitor_email, parts.agent_name));
    let fill = Callback::new(move |raw: String| {
        values.with_value(|(visitor, email, agent)| {
            canned_response::fill(
                &raw,
                &canned_response::Placeholders {
                    visitor_name: visitor,
                    visitor_email: email.as_deref(),
                    agent_name: agent,
                },
            )
        })
    });
    let canned = CannedSource { list, fill };
    let placeholder = Signal::derive(move || {
        if note_mode.get() {
            "Write an internal note… (only agents see it)".to_string()
        } else {
            "Type a reply… (Enter sends, Shift+Enter for a new line, / for commands, ! for canned responses)".to_string()
        }
    });
    let label = Signal::derive(move || {
        if note_mode.get() {
            "Internal note"
        } else {
            "Message"
        }
        .to_string()
    });
    // Files: the picker, a drop anywhere on the composer, or an image pasted into it.
    let uploader = Uploader::new(id);
    let picker = NodeRef::<leptos::html::Input>::new();
    let can_attach = move || reply && !note_mode.get();
    let on_drop = move |ev: leptos::ev::DragEvent| {
        if !can_attach() {
            return;
        }
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        uploader.send_all(ev.data_transfer().and_then(|d| d.files()));
    };
    let on_dragover = move |ev: leptos::ev::DragEvent| {
        if can_attach() {
            ev.prevent_default();
        }
    };
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        #[cfg(feature = "hydrate")]
        if can_attach() {
            let files = ev.clipboard_data().and_then(|d| d.files());
            if files.as_ref().is_some_and(|f| f.length() > 0) {
                ev.prevent_default();
                uploader.send_all(files);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_picked = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(input) = picker.get_untracked() {
            uploader.send_all(input.files());
            input.set_value("");
        }
    };
    let keys = move |ev: leptos::ev::KeyboardEvent| {
        if reply && ev.ctrl_key() && ev.shift_key() && ev.key().eq_ignore_ascii_case("n") {
            ev.prevent_default();
            note_mode.update(|n| *n = !*n);
        }
    };
    view! {
        <CommandNote outcome />
        <div class="composer-wrap" class:composer-note-mode=move || note_mode.get() on:keydown=keys
            on:drop=on_drop on:dragover=on_dragover on:paste=on_paste>
            {reply.then(|| view! {
                <div class="composer-modes" role="group" aria-label="Write">
                    <button type="button" class="mode-button" aria-pressed=move || (!note_mode.get()).to_string()
                        on:click=move |_| note_mode.set(false)>"Reply"</button>
                    <button type="button" class="mode-button" aria-pressed=move || note_mode.get().to_string()
                        title="Ctrl+Shift+N"
                        on:click=move |_| note_mode.set(true)>"Note"</button>
                    <button type="button" class="mode-button attach-button" aria-label="Attach file"
                        title="Attach file (or drop or paste it here)"
                        disabled=move || note_mode.get()
                        on:click=move |_| { if let Some(i) = picker.get_untracked() { i.click(); } }>
                        <crate::components::icons::Icon name="paperclip" />
                    </button>
                    <input type="file" class="visually-hidden" tabindex="-1" aria-hidden="true" node_ref=picker
                        accept="image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain"
                        multiple on:change=on_picked />
                </div>
                <UploadList uploader />
            })}
            <Show when=move || note_mode.get()>
                <p class="note-banner">"Internal note — the visitor cannot see this"</p>
            </Show>
            <SlashComposer
                place=Place::ChatSession
                placeholder
                label
                on_submit
                on_typing
                text
                canned
            />
        </div>
    }
}

/// An internal note in the log, styled apart from the conversation.
#[component]
fn NoteRow(n: ChatNote) -> impl IntoView {
    view! {
        <div class="msg msg-note">
            <div class="msg-meta">
                <span class="msg-author">{n.author}</span>
                <span class="note-tag">"Internal note"</span>
                <LocalTime ms=n.created_at />
            </div>
            <div class="msg-bubble"><MessageText text=n.text /></div>
        </div>
    }
}

#[component]
fn VisitorDetails(detail: SessionDetail) -> impl IntoView {
    let raw_agent = detail.user_agent.clone().unwrap_or_default();
    view! {
        <aside class="details" aria-label="Visitor details">
            <h2>"Visitor"</h2>
            <dl>
                <dt>"Name"</dt>
                <dd class="wrap">{detail.visitor_name}</dd>
                <dt>"Email"</dt>
                <dd class="wrap">
                    {match detail.visitor_email {
                        Some(email) => view! { {email} " " <Unverified /> }.into_any(),
                        None => view! { "Not given" }.into_any(),
                    }}
                </dd>
                <dt>"Page"</dt>
                <dd class="wrap">{detail.page_url.unwrap_or_else(|| "Unknown".into())}</dd>
                <dt>"Browser"</dt>
                <dd class="wrap" title=raw_agent>{detail.browser}</dd>
                <dt>"Local time"</dt>
                <dd>
                    {match detail.visitor_time_zone {
                        Some(zone) => view! { <ZoneClock zone /> }.into_any(),
                        None => view! { "Unknown" }.into_any(),
                    }}
                </dd>
                <dt>"Started"</dt>
                <dd><LocalDateTime ms=detail.created_at /></dd>
                {detail.accepted_at.map(|ms| view! { <dt>"Accepted"</dt><dd><LocalDateTime ms /></dd> })}
                {detail.closed_at.map(|ms| view! { <dt>"Closed"</dt><dd><LocalDateTime ms /></dd> })}
                {detail.rating.map(|r| {
                    view! {
                        <dt>"Rating"</dt>
                        <dd class="wrap">
                            <span class="rating">{r.rating.icon()} " " {r.rating.label()}</span>
                            {r.comment.map(|c| view! { <q class="rating-comment">{c}</q> })}
                        </dd>
                    }
                })}
            </dl>
            {detail.contact.map(|c| view! { <VisitorHistory c /> })}
        </aside>
    }
}

/// The visitor's contact, their earlier chats and their tickets.
#[component]
fn VisitorHistory(c: VisitorContact) -> impl IntoView {
    let chats = c.chats;
    let tickets = c.tickets;
    let contact_href = format!("/contacts/{}", c.id.0);
    view! {
        <h3>"Contact"</h3>
        <p class="wrap"><a href=contact_href.clone()>{c.name}</a></p>
        <h3>"Earlier chats"</h3>
        {if chats.is_empty() {
            view! { <p class="hint">"None: this is their first chat."</p> }.into_any()
        } else {
            view! {
                <ul class="history-list">
                    {chats.into_iter().map(|chat| view! {
                        <li>
                            <a href=format!("/chat/sessions/{}", chat.id.0) class="cell-clip">{chat.preview}</a>
                            <span class="hint">" · " <LocalDateTime ms=chat.created_at /></span>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {c.more_chats.then(|| view! { <p><a href=contact_href.clone()>"All their chats"</a></p> })}
        <h3>"Tickets"</h3>
        {if tickets.is_empty() {
            view! { <p class="hint">"No tickets."</p> }.into_any()
        } else {
            view! {
                <ul class="history-list">
                    {tickets.into_iter().map(|t| view! {
                        <li>
                            <a href=format!("/tickets/{}", t.id.0) class="cell-clip">{format!("#{} {}", t.number, t.subject)}</a>
                            <span class="hint">{format!(" · {}", t.status.label())}</span>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {c.more_tickets.then(|| view! { <p><a href=contact_href.clone()>"All their tickets"</a></p> })}
    }
}

/// Create Ticket (with a short confirmation: the subject), or View ticket #N once made.
#[component]
fn TicketButton(
    detail: SessionDetail,
    mine: bool,
    is_admin: bool,
    status: impl Fn() -> SessionStatus + Send + Sync + Copy + 'static,
    refresh: RwSignal<u64>,
) -> impl IntoView {
    if let Some(t) = detail.ticket {
        return view! {
            <a class="button button-quiet" href=format!("/tickets/{}", t.id.0)>{format!("View ticket #{}", t.number)}</a>
        }
        .into_any();
    }
    let create = ServerAction::<CreateTicketFromChat>::new();
    let open = RwSignal::new(false);
    let result = create.value();
    Effect::new(move |_| {
        if let Some(Ok(_)) = result.get() {
            refresh.update(|v| *v += 1);
        }
    });
    let allowed = move || status() != SessionStatus::Waiting && (mine || is_admin);
    let subject = StoredValue::new(detail.suggested_subject.clone());
    let id = detail.id;
    view! {
        <Show when=allowed>
            <button type="button" class="button button-quiet" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                "Create Ticket"
            </button>
        </Show>
        <Show when=move || open.get()>
            <div class="popover" role="dialog" aria-label="Create Ticket">
                <ActionForm action=create attr:class="form">
                    <input type="hidden" name="id" value=id.0 />
                    <div class="field">
                        <label for="ct-subject">"Subject"</label>
                        <input id="ct-subject" name="subject" required maxlength="200" value=subject.get_value() />
                        <span class="field-error">{field_error(result.into(), "subject")}</span>
                    </div>
                    <p class="hint">"The visitor becomes the requester; the whole transcript becomes the description."</p>
                    <p role="alert" class="form-error">{general_error(result.into())}</p>
                    <div class="form-actions">
                        <button type="submit" class="button button-primary" disabled=move || create.pending().get()>"Create"</button>
                        <button type="button" class="button button-quiet" on:click=move |_| open.set(false)>"Cancel"</button>
                    </div>
                </ActionForm>
            </div>
        </Show>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::UndoOffer;

    #[test]
    fn an_earlier_close_timer_leaves_a_later_offer() {
        let first = UndoOffer::default().next();
        let reopened = first.withdrawn();
        let second = reopened.next();
        assert!(second.shown);
        // The first Close's timer runs out while the second offer is up.
        assert_eq!(second.expire(first), second);
        assert!(!second.expire(second).shown);
    }
}
