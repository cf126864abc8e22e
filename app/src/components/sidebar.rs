use leptos::prelude::*;
use leptos_router::components::A;

use super::icons::Icon;
use crate::live::use_live;
use crate::models::channel::ChannelGroup;
use crate::server_fns::channels::list_channels;

/// The main navigation: Chat (its badge counts customers: waiting chats and unread lines in
/// mine) with Queue, Channels (mentions have their own badge) and my channels by folder,
/// then Tickets, Contacts, Settings.
#[component]
pub fn Sidebar() -> impl IntoView {
    let live = use_live();
    let total = move || live.badge.get().total();
    let mentions = move || live.badge.get().mentions;
    // Phone-sized screens: the list folds into Menu, closed again after each navigation.
    let open = RwSignal::new(false);
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        let _ = location.pathname.get();
        open.set(false);
    });
    view! {
        <nav class="sidebar" aria-label="Main">
            <div class="sidebar-head">
                <a class="brand" href="/chat/queue">
                    <span class="brand-mark" aria-hidden="true">"H"</span>
                    <span>"Helpdesk"</span>
                </a>
                <button type="button" class="menu-button" aria-controls="nav-list"
                    aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)>
                    "Menu"
                    <span class="badge" aria-hidden="true" hidden=move || total() == 0>{total}</span>
                </button>
            </div>
            <ul class="nav-list" id="nav-list" class:open=move || open.get()>
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
                                <span class="badge badge-mention" data-badge="mentions" hidden=move || mentions() == 0>
                                    "@"{mentions}
                                    <span class="visually-hidden">" mentions"</span>
                                </span>
                            </A>
                            <SidebarChannels />
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
                        <li><A href="/settings/widget" attr:class="nav-sublink">"Widget"</A></li>
                        <li><A href="/settings/canned-responses" attr:class="nav-sublink">"Canned responses"</A></li>
                        <li><A href="/settings/profile" attr:class="nav-sublink">"My profile"</A></li>
                    </ul>
                </li>
            </ul>
        </nav>
    }
}

/// The channels I am in, by folder: bold with unread messages, a count when I am
/// mentioned. Loaded in the browser, again whenever the unread or mention totals move.
#[component]
fn SidebarChannels() -> impl IntoView {
    let live = use_live();
    // Only the channel totals: a new waiting chat moves the badge but not this list.
    let totals = Memo::new(move |_| {
        let b = live.badge.get();
        (b.channel_unread, b.mentions)
    });
    let groups = LocalResource::new(move || {
        let _ = (totals.get(), live.channels_version.get());
        list_channels()
    });
    let mine = move || -> Vec<ChannelGroup> {
        groups
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|mut g| {
                g.channels.retain(|c| c.member);
                g
            })
            .filter(|g| !g.channels.is_empty())
            .collect()
    };
    view! {
        <ul class="nav-channels">
            {move || mine().into_iter().map(|g| {
                let folder = g.folder.map(|f| f.name);
                view! {
                    {folder.map(|name| view! { <li class="nav-folder" title=name.clone()>{name.clone()}</li> })}
                    {g.channels.into_iter().map(|c| {
                        let label = format!("#{}", c.name);
                        let (aria, title) = (label.clone(), label.clone());
                        let class = if c.unread > 0 { "nav-channel nav-channel-unread" } else { "nav-channel" };
                        view! {
                            <li>
                                <A href=format!("/chat/channels/{}", c.id.0)
                                    attr:class=class
                                    attr:aria-label=aria attr:title=title>
                                    <span class="nav-channel-name" aria-hidden="true">{label}</span>
                                    {(c.mentions > 0).then(|| view! {
                                        <span class="badge badge-mention" aria-hidden="true">{c.mentions}</span>
                                    })}
                                </A>
                            </li>
                        }
                    }).collect_view()}
                }
            }).collect_view()}
        </ul>
    }
}
