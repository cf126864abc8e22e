use leptos::prelude::*;

use super::browser::hard_navigate;
use crate::domain::reload_order::ReloadOrder;
use crate::live::use_live;
use crate::models::agent::CurrentAgent;
use crate::models::chat::AgentStatus;
use crate::server_fns::chat::set_my_status;

/// The signed-in agent: name, Available / Away, alert sound, Sign out.
/// An island: the status menu, alert switches and Sign out work in the browser.
#[island]
pub fn TopBar(agent: CurrentAgent) -> impl IntoView {
    crate::components::hydration::island_hydrated();
    let live = use_live();
    let status_error = RwSignal::new(None::<String>);
    // The server function called directly (not a ServerAction: its machinery would join
    // the first download for one select).
    // Two quick changes may be answered out of order: only the latest answer counts.
    let order = StoredValue::new(ReloadOrder::default());
    let set_status = move |status: AgentStatus| {
        live.status.set(status);
        let ticket = order.try_update_value(|o| o.ask()).unwrap_or_default();
        leptos::task::spawn_local(async move {
            let answer = set_my_status(status).await;
            if order.try_update_value(|o| o.accept(ticket)) != Some(true) {
                return;
            }
            match answer {
                Ok(saved) => {
                    status_error.set(None);
                    live.status.set(saved);
                }
                Err(e) => status_error.set(Some(e.message().to_string())),
            }
        });
    };
    // A plain form (it posts without JavaScript too); in the browser the server function is
    // called directly, which keeps form decoding (ActionForm) out of the first download.
    let sign_out = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            if crate::server_fns::auth::sign_out().await.is_ok() {
                hard_navigate("/sign-in");
            }
        });
    };
    view! {
        <header class="topbar">
            <div class="topbar-spacer">
                <span class="conn" class:conn-off=move || !live.connected.get() role="status">
                    {move || (!live.connected.get()).then_some("Reconnecting…")}
                </span>
            </div>
            <label class="status-pick">
                <span class="status-dot" class:away=move || live.status.get() == AgentStatus::Away aria-hidden="true"></span>
                <span class="visually-hidden">"My status"</span>
                <select
                    aria-label="My status"
                    prop:value=move || live.status.get().as_str()
                    on:change=move |ev| {
                        if let Some(status) = AgentStatus::parse(&event_target_value(&ev)) {
                            set_status(status);
                        }
                    }
                >
                    <option value="available" selected=move || live.status.get() == AgentStatus::Available>
                        "Available"
                    </option>
                    <option value="away" selected=move || live.status.get() == AgentStatus::Away>
                        "Away"
                    </option>
                </select>
            </label>
            <span class="form-error" role="alert">{move || status_error.get()}</span>
            <crate::components::alerts::NotificationsButton />
            <button
                type="button"
                class="button button-quiet button-icon"
                aria-pressed=move || live.muted.get().to_string()
                title="Sound for new chats"
                on:click=move |_| live.set_muted(!live.muted.get_untracked())
            >
                {move || if live.muted.get() { "Unmute alerts" } else { "Mute alerts" }}
            </button>
            <div class="who" aria-label="Signed in as">
                <span class="avatar" aria-hidden="true">{initials(&agent.name)}</span>
                <span class="who-name" title=agent.name.clone()>{agent.name.clone()}</span>
                <span class="who-role">{agent.role.label()}</span>
            </div>
            <form method="post" action="/api/sign_out" class="sign-out-form" on:submit=sign_out>
                <button type="submit" class="button button-quiet">"Sign out"</button>
            </form>
        </header>
    }
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}
