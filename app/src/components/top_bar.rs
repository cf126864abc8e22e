use leptos::prelude::*;

use super::browser::hard_navigate;
use crate::models::agent::CurrentAgent;
use crate::server_fns::auth::SignOut;

/// The signed-in agent's name and the Sign out control.
#[component]
pub fn TopBar(agent: CurrentAgent) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            hard_navigate("/sign-in");
        }
    });
    view! {
        <header class="topbar">
            <div class="topbar-spacer"></div>
            <div class="who" aria-label="Signed in as">
                <span class="avatar" aria-hidden="true">{initials(&agent.name)}</span>
                <span class="who-name">{agent.name.clone()}</span>
                <span class="who-role">{agent.role.label()}</span>
            </div>
            <ActionForm action=sign_out attr:class="sign-out-form">
                <button type="submit" class="button button-quiet">"Sign out"</button>
            </ActionForm>
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
