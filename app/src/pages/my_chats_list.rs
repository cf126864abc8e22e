use leptos::prelude::*;
use protocol::Sender;

use crate::domain::my_chats::waited;
use crate::live::use_live;
use crate::models::chat::{ChatSessionId, MyChat};

/// My chats: every active chat I have, live (last line, unread lines, how long the visitor
/// has waited for my answer). Beside the chat on screen; switching is a client-side
/// navigation, and every chat's lines keep arriving while another is open.
#[component]
pub fn MyChatsList(#[prop(into)] current: Signal<Option<ChatSessionId>>) -> impl IntoView {
    let live = use_live();
    view! {
        <nav class="my-chats" aria-labelledby="my-chats-title">
            <h2 id="my-chats-title">"My chats"</h2>
            {move || match live.mine.get() {
                None => view! { <p class="hint">"Loading…"</p> }.into_any(),
                Some(list) if list.is_empty() => view! { <p class="hint">"You have no active chats."</p> }.into_any(),
                Some(list) => view! {
                    <ul class="my-chat-list" aria-label="My chats">
                        {list.into_iter().map(|c| view! { <MyChatItem c current /> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </nav>
    }
}

#[component]
fn MyChatItem(c: MyChat, current: Signal<Option<ChatSessionId>>) -> impl IntoView {
    let live = use_live();
    let id = c.id;
    let here = move || current.get() == Some(id);
    let unread = c.unread;
    let last = c.last.map(|m| {
        let who = match m.sender {
            Sender::Agent => "You: ",
            Sender::Visitor | Sender::System => "",
        };
        format!("{who}{}", m.text)
    });
    let waiting = c.waiting_since;
    view! {
        <li>
            <a href=format!("/chat/sessions/{}", id.0) class="my-chat"
                class:current=here
                aria-current=move || here().then_some("page")>
                <span class="my-chat-top">
                    <span class="my-chat-name cell-clip" title=c.visitor_name.clone()>{c.visitor_name.clone()}</span>
                    {move || (unread > 0 && !here()).then(|| view! {
                        <span class="pill pill-unread" aria-label=format!("{unread} unread")>{unread}</span>
                    })}
                </span>
                <span class="my-chat-last cell-clip">{last}</span>
                {waiting.map(|since| view! {
                    <span class="my-chat-wait">{move || format!("Waiting {}", waited(since, live.clock.get().max(since)))}</span>
                })}
            </a>
        </li>
    }
}
