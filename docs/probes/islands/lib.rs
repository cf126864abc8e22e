//! Size probe: the shell, sign-in and the Queue as small islands (see README.md).
use app::domain::transcript::elapsed_label;
use app::live::{use_live, Live};
use app::models::chat::{AgentStatus, QueueRow, QueueTab};
use app::server_fns::auth::{sign_in, sign_out};
use app::server_fns::channels::list_channels;
use app::server_fns::chat::{accept_chat, list_queue, set_my_status};
use leptos::prelude::*;

fn go(to: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_href(to);
    }
}

/// Owns the live connection; the server-rendered shell is its children.
#[island]
pub fn LiveShell(children: Children) -> impl IntoView {
    let live = Live::new();
    provide_context(live);
    Effect::new(move |_| live.start());
    children()
}

#[island]
pub fn NavBadge() -> impl IntoView {
    let live = use_live();
    view! { <span class="badge">{move || live.badge.get().waiting}</span> }
}

#[island]
pub fn StatusMenu(initial: AgentStatus) -> impl IntoView {
    let live = use_live();
    live.status.set(initial);
    let set = Action::new(|s: &AgentStatus| set_my_status(*s));
    let mute = move |_| live.set_muted(!live.muted.get_untracked());
    let out = Action::new(|_: &()| async {
        let _ = sign_out().await;
        go("/sign-in");
    });
    view! {
        <select on:change=move |ev| {
            let s = if event_target_value(&ev) == "away" { AgentStatus::Away } else { AgentStatus::Available };
            set.dispatch(s);
        }>
            <option value="available" selected=move || live.status.get() == AgentStatus::Available>"Available"</option>
            <option value="away" selected=move || live.status.get() == AgentStatus::Away>"Away"</option>
        </select>
        <button on:click=mute>{move || if live.muted.get() { "Unmute alerts" } else { "Mute alerts" }}</button>
        <button on:click=move |_| { out.dispatch(()); }>"Sign out"</button>
    }
}

#[island]
pub fn SidebarChannels() -> impl IntoView {
    let live = use_live();
    let groups = LocalResource::new(move || {
        let _ = (live.badge.get().channel_unread, live.channels_version.get());
        list_channels()
    });
    view! {
        <ul>
            {move || groups.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|g| {
                let folder = g.folder.map(|f| f.name);
                view! {
                    {folder.map(|name| view! { <li class="nav-folder">{name}</li> })}
                    {g.channels.into_iter().filter(|c| c.member).map(|c| view! {
                        <li><a href=format!("/chat/channels/{}", c.id.0)>{format!("#{}", c.name)}</a>
                        {(c.mentions > 0).then(|| view! { <span class="badge">{c.mentions}</span> })}</li>
                    }).collect_view()}
                }
            }).collect_view()}
        </ul>
    }
}

#[island]
pub fn QueueRows(tab: QueueTab, page: u32) -> impl IntoView {
    let live = use_live();
    let listing = LocalResource::new(move || {
        let _ = live.queue_version.get();
        list_queue(tab, page)
    });
    let accept = Action::new(|row: &QueueRow| {
        let id = row.id;
        async move {
            let r = accept_chat(id).await;
            if r.is_ok() {
                go(&format!("/chat/sessions/{}", id.0));
            }
            r
        }
    });
    let rows = move || listing.get().and_then(Result::ok).map(|l| (l.rows, l.now)).unwrap_or_default();
    view! {
        {move || accept.value().get().and_then(Result::err).map(|e| view! { <p role="alert">{e.message().to_string()}</p> })}
        <table><tbody>
            {move || {
                let (rows, now) = rows();
                rows.into_iter().map(|r| {
                    let label = elapsed_label(r.created_at, now);
                    let row = r.clone();
                    view! {
                        <tr>
                            <td><a href=format!("/chat/sessions/{}", r.id.0)>{r.visitor_name}</a></td>
                            <td>{r.preview}</td>
                            <td>{label}</td>
                            <td><button on:click=move |_| { accept.dispatch(row.clone()); }>"Accept"</button></td>
                        </tr>
                    }
                }).collect_view()
            }}
        </tbody></table>
    }
}

#[island]
pub fn SignInForm(next: Option<String>) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submit = Action::new(move |_: &()| {
        let next = next.clone();
        async move {
            let r = sign_in(email.get_untracked(), password.get_untracked(), next).await;
            if let Ok(to) = &r {
                go(to);
            }
            r
        }
    });
    view! {
        <form on:submit=move |ev| { ev.prevent_default(); submit.dispatch(()); }>
            <input type="email" bind:value=email />
            <input type="password" bind:value=password />
            {move || submit.value().get().and_then(Result::err).map(|e| view! { <p role="alert">{e.message().to_string()}</p> })}
            <button type="submit" disabled=move || submit.pending().get()>"Sign in"</button>
        </form>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
