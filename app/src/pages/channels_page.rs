use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::browser::hard_navigate;
use crate::components::field_error::{field_error, general_error};
use crate::components::member_picker::MemberPicker;
use crate::domain::channel_input::channel_slug;
use crate::live::use_live;
use crate::models::channel::ChannelGroup;
use crate::pages::shell_layout::MeResource;
use crate::server_fns::agents::list_agents;
use crate::server_fns::channels::{list_channels, CreateChannel};
use crate::server_fns::folders::list_folders;

/// Chat → Channels: channels by folder with unread counts (live), and + New Channel.
/// An island of its own, loaded with the screen (`lazy`: not part of the first download).
#[island(lazy)]
pub fn ChannelsPage() -> impl IntoView {
    crate::components::hydration::island_hydrated();
    // Islands hydrate on their own: the page asks for the signed-in agent itself.
    provide_context(crate::pages::shell_layout::me_resource());
    let live = use_live();
    let groups = Resource::new(move || live.channels_version.get(), |_| list_channels());
    let show_form = RwSignal::new(false);
    view! {
        <Title text="Channels" />
        <section class="page" aria-labelledby="page-title">
            <div class="page-head">
                <h1 id="page-title">"Channels"</h1>
                <button type="button" class="button button-primary" aria-expanded=move || show_form.get().to_string()
                    on:click=move |_| show_form.update(|s| *s = !*s)>"+ New Channel"</button>
            </div>
            <Show when=move || show_form.get()>
                <NewChannelForm on_cancel=Callback::new(move |()| show_form.set(false)) />
            </Show>
            <Transition fallback=|| view! { <p>"Loading channels…"</p> }>
                {move || Suspend::new(async move {
                    match groups.await {
                        Ok(g) => view! { <ChannelGroups groups=g /> }.into_any(),
                        Err(e) => view! { <p role="alert" class="form-error">{e.message().to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ChannelGroups(groups: Vec<ChannelGroup>) -> impl IntoView {
    let any = groups.iter().any(|g| !g.channels.is_empty());
    if !any {
        return view! { <p class="empty">"No channels yet. Start one with + New Channel."</p> }
            .into_any();
    }
    groups
        .into_iter()
        .filter(|g| !g.channels.is_empty() || g.folder.is_some())
        .map(|g| {
            let title = g.folder.as_ref().map_or_else(|| "No folder".to_string(), |f| f.name.clone());
            let heading_id = format!("folder-{}", g.folder.as_ref().map_or(0, |f| f.id.0));
            let labelled_by = heading_id.clone();
            view! {
                <section class="channel-group" aria-labelledby=labelled_by>
                    <h2 id=heading_id>{title}</h2>
                    {if g.channels.is_empty() {
                        view! { <p class="hint">"No channels in this folder."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="channel-list">
                                {g.channels.into_iter().map(|c| view! {
                                    <li class:unread={c.unread > 0}>
                                        <a href=format!("/chat/channels/{}", c.id.0) class="channel-link">
                                            <span class="channel-name">{format!("#{}", c.name)}</span>
                                            {c.private.then(|| view! { <span class="pill pill-private">"Private"</span> })}
                                            {(!c.member).then(|| view! { <span class="hint">" not joined"</span> })}
                                        </a>
                                        <span class="channel-desc">{c.description}</span>
                                        {(c.mentions > 0).then(|| view! {
                                            <span class="pill pill-mention" aria-label=format!("{} mentions", c.mentions)>{format!("@{}", c.mentions)}</span>
                                        })}
                                        {(c.unread > 0).then(|| view! {
                                            <span class="pill pill-unread" aria-label=format!("{} unread", c.unread)>{c.unread}</span>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            }
        })
        .collect_view()
        .into_any()
}

#[component]
fn NewChannelForm(on_cancel: Callback<()>) -> impl IntoView {
    let me = expect_context::<MeResource>();
    let folders = Resource::new(|| (), |_| list_folders());
    let agents = Resource::new(|| (), |_| list_agents());
    let create = ServerAction::<CreateChannel>::new();
    let result = create.value();
    Effect::new(move |_| {
        if let Some(Ok(id)) = result.get() {
            hard_navigate(&format!("/chat/channels/{}", id.0));
        }
    });
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let folder = RwSignal::new(String::new());
    let private = RwSignal::new(false);
    let members = RwSignal::new(Vec::<(String, String)>::new());
    let err = move |f: &'static str| field_error(result.into(), f);
    view! {
        <section class="card" aria-label="New channel">
            <form class="form" on:submit=move |ev| {
                ev.prevent_default();
                create.dispatch(CreateChannel {
                    name: channel_slug(&name.get_untracked(), false),
                    description: description.get_untracked(),
                    folder: folder.get_untracked(),
                    private: private.get_untracked(),
                    members: members
                        .get_untracked()
                        .into_iter()
                        .map(|(id, _)| id)
                        .collect::<Vec<_>>()
                        .join(","),
                });
            }>
                <div class="form-row">
                    <div class="field">
                        <label for="nc-name">"Name"</label>
                        <input id="nc-name" required maxlength="81" placeholder="Tier 2 Escalations"
                            aria-describedby="nc-name-hint"
                            prop:value=move || name.get()
                            on:input=move |ev| name.set(channel_slug(&event_target_value(&ev), true)) />
                        <span class="hint" id="nc-name-hint">"Lower case, digits, - and _: spaces become -."</span>
                        <span class="field-error">{err("name")}</span>
                    </div>
                    <div class="field">
                        <label for="nc-folder">"Folder"</label>
                        <select id="nc-folder" on:change=move |ev| folder.set(event_target_value(&ev))>
                            <option value="">"No folder"</option>
                            <Suspense fallback=|| ()>
                                {move || Suspend::new(async move {
                                    folders.await.unwrap_or_default().into_iter().map(|f| view! {
                                        <option value=f.id.0.to_string()>{f.name}</option>
                                    }).collect_view()
                                })}
                            </Suspense>
                        </select>
                        <span class="field-error">{err("folder")}</span>
                    </div>
                </div>
                <div class="field">
                    <label for="nc-description">"Description"</label>
                    <input id="nc-description" maxlength="250" placeholder="What the channel is for"
                        prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev)) />
                    <span class="field-error">{err("description")}</span>
                </div>
                <div class="field">
                    <label for="nc-members">"Members"</label>
                    <Suspense fallback=|| view! { <input id="nc-members" disabled placeholder="Loading agents…" /> }>
                        {move || Suspend::new(async move {
                            let my_id = me.await.ok().map(|m| m.id);
                            let options: Vec<(String, String)> = agents.await.unwrap_or_default().into_iter()
                                .filter(|a| a.active && Some(a.id) != my_id)
                                .map(|a| (a.id.0.to_string(), a.name))
                                .collect();
                            view! { <MemberPicker id="nc-members" options members /> }
                        })}
                    </Suspense>
                    <span class="hint">"You are a member. Type a name and press Enter to add someone."</span>
                    <span class="field-error">{err("members")}</span>
                </div>
                <div class="field field-check">
                    <input id="nc-private" type="checkbox" prop:checked=move || private.get()
                        on:change=move |ev| private.set(event_target_checked(&ev)) />
                    <label for="nc-private">"Private"</label>
                    <span class="hint">" Only members can see a private channel."</span>
                </div>
                <p role="alert" class="form-error">{general_error(result.into())}</p>
                <div class="form-actions">
                    <button type="submit" class="button button-primary" disabled=move || create.pending().get()>"Create"</button>
                    <button type="button" class="button button-quiet" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                </div>
            </form>
        </section>
    }
}
