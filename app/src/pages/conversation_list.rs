use leptos::prelude::*;
use leptos::tachys::view::keyed::keyed;
use protocol::Sender;

use crate::components::browser::push_history;
use crate::domain::inbox::InboxTab;
use crate::domain::transcript::elapsed_label;
use crate::live::use_live;
use crate::models::chat::{ChatSessionId, MyChat, QueueListing, QueueRow};
use crate::pages::chat_session_page::OpenChat;
use crate::server_fns::chat::list_queue;

/// The inbox's left pane: Mine (my active chats, live line by line), Waiting and All active
/// (reloaded whenever the queue changes). It stays mounted while the chat beside it changes:
/// switching is a client-side navigation and the list keeps its tab and its scroll.
#[component]
pub fn ConversationList(
    #[prop(into)] current: Signal<Option<ChatSessionId>>,
    /// `None` until the first chat's page picks the tab that lists it.
    tab: RwSignal<Option<InboxTab>>,
) -> impl IntoView {
    let live = use_live();
    // A memo: choosing the tab already shown keeps its list (and its scroll) as it is.
    let shown = Memo::new(move |_| tab.get().unwrap_or(InboxTab::Mine));
    let shown = move || shown.get();
    let listing = Resource::new(
        move || (shown().queue_tab(), live.queue_version.get()),
        |(queue_tab, _)| async move {
            match queue_tab {
                Some(t) => list_queue(t, 0).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let count = move |t: InboxTab| match t {
        InboxTab::Mine => live.mine.with(|m| m.as_ref().map(|m| m.len() as u32)),
        InboxTab::Waiting => Some(live.badge.get().waiting),
        InboxTab::AllActive => listing
            .get()
            .and_then(Result::ok)
            .flatten()
            .map(|l| l.counts.active),
    };
    let tabs = InboxTab::ALL
        .into_iter()
        .map(|t| {
            let selected = move || shown() == t;
            let on_key = move |ev: leptos::ev::KeyboardEvent| {
                let step = match ev.key().as_str() {
                    "ArrowRight" | "ArrowDown" => 1,
                    "ArrowLeft" | "ArrowUp" => -1,
                    _ => return,
                };
                ev.prevent_default();
                let next = t.step(step);
                tab.set(Some(next));
                focus_tab(next);
            };
            view! {
                <button
                    type="button"
                    role="tab"
                    class="inbox-tab"
                    id=format!("{}-tab", t.dom_id())
                    aria-controls="inbox-panel"
                    aria-selected=move || selected().to_string()
                    tabindex=move || if selected() { "0" } else { "-1" }
                    on:click=move |_| tab.set(Some(t))
                    on:keydown=on_key
                >
                    {t.label()}
                    // All active's count comes from the listing: read under a Transition, so
                    // the server renders it once the listing is loaded, as hydration will.
                    <Transition fallback=|| ()>
                        {move || count(t).filter(|n| *n > 0).map(|n| view! { <span class="tab-count">{n}</span> })}
                    </Transition>
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="inbox-list" aria-labelledby="conversations-title">
            <h2 id="conversations-title">"Conversations"</h2>
            <div class="inbox-tabs" role="tablist" aria-label="Conversations">{tabs}</div>
            <div
                class="inbox-panel"
                id="inbox-panel"
                role="tabpanel"
                aria-labelledby=move || format!("{}-tab", shown().dom_id())
            >
                {move || match shown() {
                    InboxTab::Mine => view! { <MineList current /> }.into_any(),
                    t => view! { <QueueList tab=t listing current /> }.into_any(),
                }}
            </div>
        </section>
    }
}

fn focus_tab(t: InboxTab) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = document().get_element_by_id(&format!("{}-tab", t.dom_id())) {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = t;
}

#[component]
fn MineList(current: Signal<Option<ChatSessionId>>) -> impl IntoView {
    let live = use_live();
    // `None` while loading, then whether the list is empty: the list itself is keyed (below).
    let empty = Memo::new(move |_| live.mine.with(|m| m.as_ref().map(Vec::is_empty)));
    move || match empty.get() {
        None => view! { <p class="hint">"Loading…"</p> }.into_any(),
        Some(true) => view! { <p class="hint">{InboxTab::Mine.empty_text()}</p> }.into_any(),
        Some(false) => view! {
            <ul class="my-chat-list" aria-label=InboxTab::Mine.list_name()>
                <For
                    each=move || live.mine.get().unwrap_or_default()
                    key=MyChat::clone
                    children=move |c| view! { <MyChatItem c current /> }
                />
            </ul>
        }
        .into_any(),
    }
}

#[component]
fn QueueList(
    tab: InboxTab,
    listing: Resource<Result<Option<QueueListing>, crate::error::AppError>>,
    current: Signal<Option<ChatSessionId>>,
) -> impl IntoView {
    // A Transition: the old rows stay while a change reloads them (no flash, no lost scroll).
    view! {
        <Transition fallback=|| view! { <p class="hint">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match listing.await {
                    Ok(Some(l)) if l.rows.is_empty() => view! { <p class="hint">{tab.empty_text()}</p> }.into_any(),
                    Ok(Some(l)) => {
                        let server_now = l.now;
                        // Keyed by the whole row, as on the Queue page: a reload keeps the
                        // elements of unchanged rows (a click or the focus on one survives).
                        view! {
                            <ul class="my-chat-list" aria-label=tab.list_name()>
                                {keyed(l.rows, QueueRow::clone, move |_, row| (|_| {}, view! { <QueueItem row tab current server_now /> }))}
                            </ul>
                        }.into_any()
                    }
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <p role="alert" class="form-error">{e.message().to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn QueueItem(
    row: QueueRow,
    tab: InboxTab,
    current: Signal<Option<ChatSessionId>>,
    server_now: i64,
) -> impl IntoView {
    let live = use_live();
    let created = row.created_at;
    let now = move || match live.clock.get() {
        0 => server_now,
        c => c,
    };
    let detail = match tab {
        InboxTab::Waiting => view! {
            <span class="my-chat-wait">{move || format!("Waiting {}", elapsed_label(created, now()))}</span>
        }
        .into_any(),
        _ => {
            let who = row.agent_name.clone().unwrap_or_default();
            view! { <span class="my-chat-agent cell-clip" title=who.clone()>{format!("With {who}")}</span> }
                .into_any()
        }
    };
    view! {
        <ChatLink id=row.id current name=row.visitor_name unread=row.unread last=Some(row.preview)>
            {detail}
        </ChatLink>
    }
}

#[component]
fn MyChatItem(c: MyChat, current: Signal<Option<ChatSessionId>>) -> impl IntoView {
    let live = use_live();
    let last = c.last.map(|m| {
        let who = match m.sender {
            Sender::Agent => "You: ",
            Sender::Visitor | Sender::System => "",
        };
        format!("{who}{}", m.text)
    });
    let waiting = c.waiting_since;
    view! {
        <ChatLink id=c.id current name=c.visitor_name unread=c.unread last>
            {waiting.map(|since| view! {
                <span class="my-chat-wait">{move || format!("Waiting {}", elapsed_label(since, live.clock.get().max(since)))}</span>
            })}
        </ChatLink>
    }
}

/// One chat in the list: the visitor's name (cut, whole in the tooltip), unread lines
/// unless it is the chat on screen, a last line, and what `children` add.
#[component]
fn ChatLink(
    id: ChatSessionId,
    current: Signal<Option<ChatSessionId>>,
    name: String,
    unread: u32,
    last: Option<String>,
    children: Children,
) -> impl IntoView {
    let here = move || current.get() == Some(id);
    let href = format!("/chat/sessions/{}", id.0);
    let open = use_context::<OpenChat>();
    // A plain click opens the chat beside the list, in place; a click meant for a new tab
    // or window is left to the browser.
    let on_click = {
        let href = href.clone();
        move |ev: leptos::ev::MouseEvent| {
            let plain = ev.button() == 0
                && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key());
            if let (true, Some(OpenChat(shown))) = (plain, open) {
                ev.prevent_default();
                if shown.get_untracked() != Some(id.0) {
                    push_history(&href);
                    shown.set(Some(id.0));
                }
            }
        }
    };
    view! {
        <li>
            <a href=href on:click=on_click class="my-chat"
                class:current=here
                aria-current=move || here().then_some("page")>
                <span class="my-chat-top">
                    <span class="my-chat-name cell-clip" title=name.clone()>{name.clone()}</span>
                    {move || (unread > 0 && !here()).then(|| view! {
                        <span class="pill pill-unread" aria-label=format!("{unread} unread")>{unread}</span>
                    })}
                </span>
                <span class="my-chat-last cell-clip">{last}</span>
                {children()}
            </a>
        </li>
    }
}
