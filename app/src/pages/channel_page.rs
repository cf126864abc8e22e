use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::browser::{hard_navigate, page_visible};
use crate::components::command_note::CommandNote;
use crate::components::local_time::LocalTime;
use crate::components::outbox::{Outbox, PendingMessages};
use crate::components::page_load::LoadError;
use crate::components::rich_text::RichText;
use crate::components::slash_composer::{SlashComposer, Submitted};
use crate::domain::channel_input::handle;
use crate::domain::slash_command::Place;
use crate::error::AppError;
use crate::live::use_live;
use crate::models::agent::{AgentSummary, CurrentAgent};
use crate::models::channel::{
    ChannelDetail, ChannelId, ChannelPost, CommandOutcome, FolderInfo, PostKind,
};
use crate::models::contact::ContactRow;
use crate::models::live::AgentClientFrame;
use crate::pages::shell_layout::MeResource;
use crate::server_fns::agents::list_agents;
use crate::server_fns::channels::{
    delete_channel_message, edit_channel_message, get_channel, invite_member, join_channel,
    leave_channel, load_older_posts, move_channel, post_channel_message, run_command,
};
use crate::server_fns::folders::list_folders;

/// One channel: messages (live, older ones on scroll), members, composer with commands.
/// An island of its own, loaded with the screen (`lazy`: not part of the first download).
#[island(lazy)]
pub fn ChannelPage(id: Option<i64>) -> impl IntoView {
    crate::components::hydration::island_hydrated();
    // Islands hydrate on their own: the page asks for the signed-in agent itself.
    provide_context(crate::pages::shell_layout::me_resource());
    let raw_id = move || id;
    let id = move || raw_id().map(ChannelId);
    let refresh = RwSignal::new(0u64);
    // The invite and folder pickers' lists start here, in the island's own body: made inside
    // content that waited for the channel, they would not reach the browser with the page.
    let lists = PickerLists {
        agents: Resource::new(|| (), |_| list_agents()),
        folders: Resource::new(|| (), |_| list_folders()),
    };
    let detail = Resource::new_blocking(
        move || (id(), refresh.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_channel(id).await,
                None => Err(AppError::not_found("No such channel.")),
            }
        },
    );
    let me = expect_context::<MeResource>();
    let live = use_live();
    on_cleanup(move || live.unwatch_channel());
    let error = RwSignal::new(None::<String>);
    view! {
        <Transition fallback=|| view! { <p>"Loading the channel…"</p> }>
            {move || Suspend::new(async move {
                match (detail.await, me.await) {
                    (Ok(d), Ok(me)) => view! { <ChannelView d me refresh error lists /> }.into_any(),
                    (Err(e), _) | (_, Err(e)) => view! { <LoadError title="Channel" error=e back_href="/chat/channels" back_label="Back to Channels" /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ChannelView(
    d: ChannelDetail,
    me: CurrentAgent,
    refresh: RwSignal<u64>,
    error: RwSignal<Option<String>>,
    lists: PickerLists,
) -> impl IntoView {
    let live = use_live();
    let id = d.id;
    let my_handle = handle(&me.email);
    let member = d.member;
    let has_older = RwSignal::new(d.has_older);
    {
        let posts = d.posts.clone();
        let last = d.last_seq;
        Effect::new(move |_| live.watch_channel(id, posts.clone(), last));
    }
    let fallback = StoredValue::new(d.posts.clone());
    let posts = move || {
        live.watched_channel.with(|w| match w {
            Some(w) if w.id == id => w.posts.clone(),
            _ => fallback.get_value(),
        })
    };
    let closed = move || {
        live.watched_channel
            .with(|w| w.as_ref().is_some_and(|w| w.id == id && w.closed))
    };

    // Reading what is on screen clears the unread count.
    Effect::new(move |_| {
        let seq = posts().iter().map(|p| p.seq).max().unwrap_or(0);
        if member && seq > 0 && page_visible() {
            live.send(AgentClientFrame::ReadChannel {
                channel_id: id,
                seq,
            });
        }
    });

    let log_ref = NodeRef::<html::Div>::new();
    let stick_to_bottom = RwSignal::new(true);
    Effect::new(move |_| {
        let _ = posts().len();
        if stick_to_bottom.get_untracked() {
            if let Some(el) = log_ref.get() {
                el.set_scroll_top(el.scroll_height());
            }
        }
    });
    let loading_older = RwSignal::new(false);
    let load_older = move || {
        if loading_older.get_untracked() || !has_older.get_untracked() {
            return;
        }
        let before = posts().first().map_or(i64::MAX, |p| p.seq);
        loading_older.set(true);
        stick_to_bottom.set(false);
        leptos::task::spawn_local(async move {
            if let Ok(older) = load_older_posts(id, before).await {
                has_older.set(older.has_older);
                for p in older.posts {
                    live.add_post(id, p);
                }
            }
            loading_older.set(false);
        });
    };
    let on_scroll = move |_| {
        if let Some(el) = log_ref.get() {
            stick_to_bottom.set(el.scroll_top() + el.client_height() >= el.scroll_height() - 40);
            if el.scroll_top() < 40 {
                load_older();
            }
        }
    };

    let outbox = Outbox::new(move |client_id, text| async move {
        match post_channel_message(id, client_id, text).await {
            Ok(post) => {
                live.add_post(id, post);
                Ok(())
            }
            Err(e) => Err(e.message().to_string()),
        }
    });
    Effect::new(move |_| {
        let list = posts();
        outbox.settle(list.iter().filter_map(|p| p.client_id.as_deref()));
    });
    let title = format!("#{}", d.name);
    let members_count = d.members.len();
    // ↑ in the empty composer edits my last message.
    let edit_request = RwSignal::new(None::<i64>);
    let my_id = me.id;
    let on_edit_last = Callback::new(move |()| {
        let last = posts()
            .into_iter()
            .rev()
            .find(|p| p.kind == PostKind::Message && !p.deleted && p.author_id == Some(my_id))
            .map(|p| p.id);
        edit_request.set(last);
    });
    // `@` offers the other members.
    let others: Vec<_> = d
        .members
        .iter()
        .filter(|m| m.id != me.id)
        .cloned()
        .collect();
    let mention_list = Signal::stored(others);
    view! {
        <Title text=title.clone() />
        <section class="page channel-page" aria-labelledby="page-title">
            <header class="session-head">
                <div>
                    <p class="crumbs"><a href="/chat/channels">"Channels"</a></p>
                    <h1 id="page-title">{title}</h1>
                    {d.private.then(|| view! { <span class="pill pill-private">"Private"</span> })}
                    <p class="hint channel-topic">{if d.description.is_empty() { "No description.".to_string() } else { d.description.clone() }}</p>
                </div>
                <div class="session-actions">
                    {(!member && !d.private).then(|| view! {
                        <button type="button" class="button button-primary" on:click=move |_| {
                            leptos::task::spawn_local(async move {
                                match join_channel(id).await {
                                    Ok(()) => refresh.update(|v| *v += 1),
                                    Err(e) => error.set(Some(e.message().to_string())),
                                }
                            });
                        }>"Join"</button>
                    })}
                    {member.then(|| view! {
                        <button type="button" class="button button-quiet" on:click=move |_| {
                            leptos::task::spawn_local(async move {
                                match leave_channel(id).await {
                                    Ok(()) => hard_navigate("/chat/channels"),
                                    Err(e) => error.set(Some(e.message().to_string())),
                                }
                            });
                        }>"Leave"</button>
                    })}
                </div>
            </header>
            <p class="form-error" role="alert">{move || error.get()}</p>
            <Show when=closed>
                <p class="empty">"You are no longer in this channel. " <a href="/chat/channels">"Back to Channels"</a></p>
            </Show>
            <div class="session-body">
                <div class="conversation">
                    <div class="transcript" role="log" aria-label="Messages" node_ref=log_ref on:scroll=on_scroll>
                        <Show when=move || has_older.get()>
                            <button type="button" class="link-button older" on:click=move |_| load_older()
                                disabled=move || loading_older.get()>"Load older messages"</button>
                        </Show>
                        <For each=move || grouped(posts()) key=|(p, continued)| (p.id, p.rev, *continued) let:item>
                            <PostRow p=item.0 continued=item.1 me_id=me.id.0 my_handle=my_handle.clone() error edit_request />
                        </For>
                        <PendingMessages outbox class="msg msg-channel" />
                    </div>
                    {if member {
                        view! { <ChannelComposer id error outbox members=mention_list on_edit_last /> }.into_any()
                    } else {
                        view! { <p class="composer-note">"Join the channel to post."</p> }.into_any()
                    }}
                </div>
                <aside class="details" aria-label="Members">
                    <h2>{format!("Members ({members_count})")}</h2>
                    <ul class="member-list">
                        {d.members.iter().map(|m| view! {
                            <li>{m.name.clone()} " " <span class="hint">{format!("@{}", m.handle)}</span></li>
                        }).collect_view()}
                    </ul>
                    {member.then(|| view! { <InviteForm d=d.clone() refresh error agents=lists.agents /> })}
                    {member.then(|| view! { <FolderPicker id current=d.folder_id.map(|f| f.0) error folders=lists.folders /> })}
                </aside>
            </div>
        </section>
    }
}

/// Posts with whether each continues the one before (same author, a message, within five
/// minutes): those are grouped under one name.
fn grouped(posts: Vec<ChannelPost>) -> Vec<(ChannelPost, bool)> {
    let mut out: Vec<(ChannelPost, bool)> = Vec::with_capacity(posts.len());
    for p in posts {
        let continued = out.last().is_some_and(|(prev, _)| {
            prev.kind == PostKind::Message
                && p.kind == PostKind::Message
                && prev.author_id.is_some()
                && prev.author_id == p.author_id
                && p.created_at - prev.created_at < 5 * 60_000
        });
        out.push((p, continued));
    }
    out
}

#[component]
fn PostRow(
    p: ChannelPost,
    me_id: i64,
    my_handle: String,
    error: RwSignal<Option<String>>,
    /// Under the previous post's author name.
    continued: bool,
    /// The composer's ↑ asks to edit this message.
    edit_request: RwSignal<Option<i64>>,
) -> impl IntoView {
    let anchor = format!("m{}", p.seq);
    if p.kind == PostKind::Notice {
        let link = p.link_url.clone();
        let body = p.body.clone();
        return view! {
            <div class="msg msg-system" id=anchor>
                {match link {
                    Some(href) => view! { <a href=href>{body}</a> }.into_any(),
                    None => view! { <span>{body}</span> }.into_any(),
                }}
                " · " <LocalTime ms=p.created_at />
            </div>
        }
        .into_any();
    }
    let mine = p.author_id.map(|a| a.0) == Some(me_id) && !p.deleted;
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let draft = RwSignal::new(p.body.clone());
    let message_id = p.id;
    let body = p.body.clone();
    let original = p.body.clone();
    let editor = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if mine && edit_request.get() == Some(message_id) {
            edit_request.set(None);
            editing.set(true);
        }
    });
    // The editor takes the focus when it opens.
    Effect::new(move |_| {
        if editing.get() {
            if let Some(el) = editor.get() {
                let _ = el.focus();
            }
        }
    });
    let save = move || {
        let text = draft.get_untracked();
        leptos::task::spawn_local(async move {
            match edit_channel_message(message_id, text).await {
                Ok(_) => editing.set(false),
                Err(e) => error.set(Some(e.message().to_string())),
            }
        });
    };
    let cancel = {
        let original = original.clone();
        move || {
            draft.set(original.clone());
            editing.set(false);
        }
    };
    let cancel_key = cancel.clone();
    let editor_keys = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Enter" if !ev.shift_key() && !ev.is_composing() => {
            ev.prevent_default();
            save();
        }
        "Escape" => {
            ev.prevent_default();
            cancel_key();
        }
        _ => {}
    };
    let class = if continued {
        "msg msg-channel msg-continued"
    } else {
        "msg msg-channel"
    };
    view! {
        <div class=class id=anchor>
            <div class="msg-meta">
                <span class="msg-author">{p.author_name.clone().unwrap_or_else(|| "Former agent".into())}</span>
                <LocalTime ms=p.created_at />
                {p.edited.then(|| view! { <span class="hint">"(edited)"</span> })}
                {mine.then(|| view! {
                    <span class="msg-actions" class:confirming=move || confirming.get()>
                        <Show when=move || !confirming.get() fallback=move || view! {
                            <span class="hint">"Delete this message?"</span>
                            <button type="button" class="link-button link-danger" on:click=move |_| {
                                confirming.set(false);
                                leptos::task::spawn_local(async move {
                                    if let Err(e) = delete_channel_message(message_id).await {
                                        error.set(Some(e.message().to_string()));
                                    }
                                });
                            }>"Yes, delete"</button>
                            <button type="button" class="link-button" on:click=move |_| confirming.set(false)>"Keep"</button>
                        }>
                            <button type="button" class="link-button" on:click=move |_| editing.update(|e| *e = !*e)>"Edit"</button>
                            <button type="button" class="link-button" on:click=move |_| confirming.set(true)>"Delete"</button>
                        </Show>
                    </span>
                })}
            </div>
            {if p.deleted {
                view! { <div class="msg-text deleted">"This message was deleted."</div> }.into_any()
            } else {
                view! {
                    <Show when=move || editing.get() fallback={
                        let body = body.clone();
                        let my_handle = my_handle.clone();
                        move || view! { <div class="msg-text"><RichText text=body.clone() me=my_handle.clone() /></div> }
                    }>
                        <form class="inline-form" on:submit=move |ev| {
                            ev.prevent_default();
                            save();
                        }>
                            <textarea aria-label="Edit message" rows="2" node_ref=editor prop:value=move || draft.get()
                                aria-describedby="edit-keys"
                                on:input=move |ev| draft.set(event_target_value(&ev)) on:keydown=editor_keys.clone()></textarea>
                            <button type="submit" class="button button-primary">"Save"</button>
                            <button type="button" class="button button-quiet" on:click={
                                let cancel = cancel.clone();
                                move |_| cancel()
                            }>"Cancel"</button>
                            <span class="hint" id="edit-keys">"Enter saves, Esc cancels"</span>
                        </form>
                    </Show>
                }.into_any()
            }}
        </div>
    }
    .into_any()
}

#[component]
fn ChannelComposer(
    id: ChannelId,
    error: RwSignal<Option<String>>,
    outbox: Outbox,
    /// Who `@` offers.
    members: Signal<Vec<crate::models::channel::MemberInfo>>,
    /// ↑ in the empty field: edit my last message.
    on_edit_last: Callback<()>,
) -> impl IntoView {
    let live = use_live();
    let text = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<CommandOutcome>);
    let on_submit = Callback::new(move |s: Submitted| match s {
        Submitted::Text(body) => match protocol::limits::check_message_text(&body) {
            Ok(clean) => {
                text.set(String::new());
                error.set(None);
                outbox.submit(clean.to_string());
            }
            Err(problem) => error.set(Some(problem.message().to_string())),
        },
        Submitted::Command(line) => {
            leptos::task::spawn_local(async move {
                match run_command(Some(id), None, line).await {
                    Ok(o) => {
                        text.set(String::new());
                        error.set(None);
                        if o.left {
                            hard_navigate("/chat/channels");
                            return;
                        }
                        if let Some(p) = o.posted.clone() {
                            live.add_post(id, p);
                        }
                        if o.note.is_some() || !o.contacts.is_empty() {
                            outcome.set(Some(o));
                        }
                    }
                    Err(e) => error.set(Some(e.message().to_string())),
                }
            });
        }
    });
    let on_share = Callback::new(move |c: ContactRow| {
        let mut line = format!("Contact: {}", c.name);
        if let Some(e) = &c.email {
            line.push_str(&format!(" <{e}>"));
        }
        if let Some(co) = &c.company {
            line.push_str(&format!(" · {co}"));
        }
        outbox.submit(line);
        outcome.set(None);
    });
    view! {
        <CommandNote outcome on_share />
        <SlashComposer place=Place::Channel placeholder="Message the channel… (/ for commands, @ to mention, **bold**, _italic_, `code`)" on_submit text members on_empty_up=on_edit_last />
    }
}

/// What the invite and folder pickers offer.
#[derive(Clone, Copy)]
struct PickerLists {
    agents: Resource<Result<Vec<AgentSummary>, AppError>>,
    folders: Resource<Result<Vec<FolderInfo>, AppError>>,
}

#[component]
fn InviteForm(
    d: ChannelDetail,
    refresh: RwSignal<u64>,
    error: RwSignal<Option<String>>,
    agents: Resource<Result<Vec<AgentSummary>, AppError>>,
) -> impl IntoView {
    let chosen = RwSignal::new(String::new());
    let members: Vec<i64> = d.members.iter().map(|m| m.id.0).collect();
    let id = d.id;
    view! {
        <form class="form invite-form" on:submit=move |ev| {
            ev.prevent_default();
            let Ok(agent) = chosen.get_untracked().parse::<i64>() else { return };
            leptos::task::spawn_local(async move {
                match invite_member(id, crate::models::agent::AgentId(agent)).await {
                    Ok(()) => refresh.update(|v| *v += 1),
                    Err(e) => error.set(Some(e.message().to_string())),
                }
            });
        }>
            <div class="field">
                <label for="invite-agent">"Invite an agent"</label>
                <select id="invite-agent" on:change=move |ev| chosen.set(event_target_value(&ev))>
                    <option value="">"Choose…"</option>
                    <Suspense fallback=|| ()>
                        {
                            let members = members.clone();
                            move || {
                                let members = members.clone();
                                Suspend::new(async move {
                                    agents.await.unwrap_or_default().into_iter()
                                        .filter(|a| a.active && !members.contains(&a.id.0))
                                        .map(|a| view! { <option value=a.id.0.to_string()>{a.name}</option> })
                                        .collect_view()
                                })
                            }
                        }
                    </Suspense>
                </select>
            </div>
            <button type="submit" class="button button-quiet">"Invite"</button>
        </form>
    }
}

#[component]
fn FolderPicker(
    id: ChannelId,
    current: Option<i64>,
    error: RwSignal<Option<String>>,
    folders: Resource<Result<Vec<FolderInfo>, AppError>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="channel-folder">"Folder"</label>
            <select id="channel-folder" on:change=move |ev| {
                let folder = event_target_value(&ev);
                leptos::task::spawn_local(async move {
                    if let Err(e) = move_channel(id, folder).await {
                        error.set(Some(e.message().to_string()));
                    }
                });
            }>
                <option value="" selected=current.is_none()>"No folder"</option>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        folders.await.unwrap_or_default().into_iter().map(|f| view! {
                            <option value=f.id.0.to_string() selected=current == Some(f.id.0)>{f.name}</option>
                        }).collect_view()
                    })}
                </Suspense>
            </select>
        </div>
    }
}
