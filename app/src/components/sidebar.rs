use leptos::prelude::*;
use leptos_router::components::A;

use super::icons::Icon;
use crate::live::use_live;

/// The main navigation: Chat (with its badge) and its sections, Tickets, Contacts, Settings.
#[component]
pub fn Sidebar() -> impl IntoView {
    let live = use_live();
    let total = move || live.badge.get().total();
    view! {
        <nav class="sidebar" aria-label="Main">
            <a class="brand" href="/chat/queue">
                <span class="brand-mark" aria-hidden="true">"H"</span>
                <span>"Helpdesk"</span>
            </a>
            <ul class="nav-list">
                <li>
                    <A href="/chat/queue" attr:class="nav-link nav-chat">
                        <Icon name="chat" />
                        <span class="nav-label">"Chat"</span>
                        <span class="badge" data-badge="chat" hidden=move || total() == 0>
                            {total}
                            <span class="visually-hidden">" new"</span>
                        </span>
                    </A>
                    <ul class="nav-sub">
                        <li><A href="/chat/queue" attr:class="nav-sublink">"Queue"</A></li>
                        <li>
                            <A href="/chat/channels" attr:class="nav-sublink">
                                "Channels"
                                <span class="nav-count" aria-hidden="true" hidden=move || live.badge.get().channel_unread == 0>
                                    {move || live.badge.get().channel_unread}
                                </span>
                            </A>
                        </li>
                        <li><A href="/chat/folders" attr:class="nav-sublink">"Folders"</A></li>
                    </ul>
                </li>
                <li>
                    <A href="/tickets" attr:class="nav-link">
                        <Icon name="ticket" />
                        <span class="nav-label">"Tickets"</span>
                    </A>
                </li>
                <li>
                    <A href="/contacts" attr:class="nav-link">
                        <Icon name="contacts" />
                        <span class="nav-label">"Contacts"</span>
                    </A>
                </li>
                <li>
                    <A href="/settings/agents" attr:class="nav-link">
                        <Icon name="settings" />
                        <span class="nav-label">"Settings"</span>
                    </A>
                    <ul class="nav-sub">
                        <li><A href="/settings/agents" attr:class="nav-sublink">"Agents"</A></li>
                        <li><A href="/settings/live-chat" attr:class="nav-sublink">"Live chat"</A></li>
                        <li><A href="/settings/canned-responses" attr:class="nav-sublink">"Canned responses"</A></li>
                    </ul>
                </li>
            </ul>
        </nav>
    }
}
