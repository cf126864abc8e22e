use leptos::prelude::*;

use super::icons::Icon;
use super::live_list::reload_on_change;
use crate::domain::channel_list::my_channels;
use crate::domain::navigation::link_is_current;
use crate::live::use_live;
use crate::models::channel::ChannelGroup;
use crate::server_fns::channels::list_channels;

/// The main navigation: Chat (its badge counts customers: waiting chats and unread lines in
/// mine) with Queue, Channels (mentions have their own badge) and my channels by folder,
/// then Tickets, Contacts, Settings.
/// An island: its badges follow the live connection. `path` is the page's address (links
/// to it are marked current); `mine` my channels when the page was made.
#[island]
pub fn Sidebar(path: String, mine: Vec<ChannelGroup>) -> impl IntoView {
    crate::components::hydration::island_hydrated();
    let live = use_live();
    let path = StoredValue::new(path);
    let current = move |href: &str| {
        path.with_value(|p| link_is_current(href, p))
            .then_some("page")
    };
    let total = move || live.badge.get().total();
    let mentions = move || live.badge.get().mentions;
    // Phone-sized screens: the list folds into Menu (every link loads a new page).
    let open = RwSignal::new(false);
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
                    <a href="/chat/queue" class="nav-link nav-chat" aria-current=current("/chat/queue")>
                        <Icon name="chat" />
                        <span class="nav-label">"Chat"</span>
                        <span class="badge" data-badge="chat" hidden=move || total() == 0>
                            {total}
                            <span class="visually-hidden">" new"</span>
                        </span>
                    </a>
                    <ul class="nav-sub">
                        <li><a href="/chat/queue" class="nav-sublink" aria-current=current("/chat/queue")>"Queue"</a></li>
                        <li>
                            <a href="/chat/channels" class="nav-sublink" aria-current=current("/chat/channels")>
                                "Channels"
                                <span class="nav-count" aria-hidden="true" hidden=move || live.badge.get().channel_unread == 0>
                                    {move || live.badge.get().channel_unread}
                                </span>
                                <span class="badge badge-mention" data-badge="mentions" hidden=move || mentions() == 0>
                                    "@"{mentions}
                                    <span class="visually-hidden">" mentions"</span>
                                </span>
                            </a>
                            <SidebarChannels path mine />
                        </li>
                        <li><a href="/chat/folders" class="nav-sublink" aria-current=current("/chat/folders")>"Folders"</a></li>
                    </ul>
                </li>
                <li>
                    <a href="/tickets" class="nav-link" aria-current=current("/tickets")>
                        <Icon name="ticket" />
                        <span class="nav-label">"Tickets"</span>
                    </a>
                </li>
                <li>
                    <a href="/contacts" class="nav-link" aria-current=current("/contacts")>
                        <Icon name="contacts" />
                        <span class="nav-label">"Contacts"</span>
                    </a>
                </li>
                <li>
                    <a href="/settings/agents" class="nav-link" aria-current=current("/settings/agents")>
                        <Icon name="settings" />
                        <span class="nav-label">"Settings"</span>
                    </a>
                    <ul class="nav-sub">
                        <li><a href="/settings/agents" class="nav-sublink" aria-current=current("/settings/agents")>"Agents"</a></li>
                        <li><a href="/settings/live-chat" class="nav-sublink" aria-current=current("/settings/live-chat")>"Live chat"</a></li>
                        <li><a href="/settings/widget" class="nav-sublink" aria-current=current("/settings/widget")>"Widget"</a></li>
                        <li><a href="/settings/canned-responses" class="nav-sublink" aria-current=current("/settings/canned-responses")>"Canned responses"</a></li>
                        <li><a href="/settings/profile" class="nav-sublink" aria-current=current("/settings/profile")>"My profile"</a></li>
                    </ul>
                </li>
            </ul>
        </nav>
    }
}

/// The channels I am in, by folder: bold with unread messages, a count when I am
/// mentioned. Listed again whenever the unread or mention totals move.
#[component]
fn SidebarChannels(path: StoredValue<String>, mine: Vec<ChannelGroup>) -> impl IntoView {
    let live = use_live();
    let shown = RwSignal::new(mine);
    // Only the channel totals: a new waiting chat moves the badge but not this list.
    let totals = Memo::new(move |_| {
        let b = live.badge.get();
        (b.channel_unread, b.mentions)
    });
    reload_on_change(
        move || (totals.get(), live.channels_version.get()),
        list_channels,
        move |answer| {
            if let Ok(groups) = answer {
                shown.set(my_channels(groups));
            }
        },
    );
    let mine = move || shown.get();
    view! {
        <ul class="nav-channels">
            {move || mine().into_iter().map(|g| {
                let folder = g.folder.map(|f| f.name);
                view! {
                    {folder.map(|name| view! { <li class="nav-folder" title=name.clone()>{name.clone()}</li> })}
                    {g.channels.into_iter().map(|c| {
                        let label = format!("#{}", c.name);
                        let (aria, title) = (label.clone(), label.clone());
                        let href = format!("/chat/channels/{}", c.id.0);
                        let class = if c.unread > 0 { "nav-channel nav-channel-unread" } else { "nav-channel" };
                        view! {
                            <li>
                                <a href=href.clone()
                                    class=class
                                    aria-current=path.with_value(|p| link_is_current(&href, p)).then_some("page")
                                    aria-label=aria title=title>
                                    <span class="nav-channel-name" aria-hidden="true">{label}</span>
                                    {(c.mentions > 0).then(|| view! {
                                        <span class="badge badge-mention" aria-hidden="true">{c.mentions}</span>
                                    })}
                                </a>
                            </li>
                        }
                    }).collect_view()}
                }
            }).collect_view()}
        </ul>
    }
}
