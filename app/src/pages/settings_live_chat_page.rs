use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::field_error::{field_error, general_error};
use crate::models::routing::{LiveChatSettings, Routing};
use crate::pages::shell_layout::MeResource;
use crate::server_fns::routing::{get_live_chat_settings, SaveLiveChatSettings};

/// Settings → Live chat: how new chats reach agents, and how many each may hold.
#[component]
pub fn SettingsLiveChatPage() -> impl IntoView {
    let me = expect_context::<MeResource>();
    let save = ServerAction::<SaveLiveChatSettings>::new();
    let current = Resource::new(move || save.version().get(), |_| get_live_chat_settings());
    view! {
        <Title text="Live chat settings" />
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Settings · Live chat"</h1>
            <Transition fallback=|| view! { <p>"Loading settings…"</p> }>
                {move || Suspend::new(async move {
                    let is_admin = me.await.map(|m| m.is_admin()).unwrap_or(false);
                    match current.await {
                        Ok(s) => view! { <LiveChatForm s is_admin save /> }.into_any(),
                        Err(e) => view! { <p role="alert" class="form-error">{e.message().to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn LiveChatForm(
    s: LiveChatSettings,
    is_admin: bool,
    save: ServerAction<SaveLiveChatSettings>,
) -> impl IntoView {
    let result = save.value();
    let saved = move || match result.get() {
        Some(Ok(s)) => Some(format!(
            "Saved: {}, up to {} chats per agent.",
            s.routing.label(),
            s.max_chats
        )),
        _ => None,
    };
    let option = move |r: Routing| {
        view! { <option value=r.as_str() selected=s.routing == r>{r.label()}</option> }
    };
    view! {
        <ActionForm action=save attr:class="form settings-form">
            <fieldset class="fieldset" disabled=!is_admin>
                <div class="field">
                    <label for="routing">"Routing"</label>
                    <select id="routing" name="routing" aria-describedby="routing-hint">
                        {option(Routing::Manual)}
                        {option(Routing::Auto)}
                    </select>
                    <p class="hint" id="routing-hint">
                        "Manual: new chats wait in Chat → Queue until an agent accepts one. "
                        "Auto-assign: each new chat goes to the Available agent with room and the "
                        "fewest active chats (then the one idle longest); waiting chats are handed "
                        "out as agents free up. Accept works in both."
                    </p>
                    <span class="field-error">{field_error(result.into(), "routing")}</span>
                </div>
                <div class="field">
                    <label for="max-chats">"Max chats per agent"</label>
                    <input id="max-chats" name="max_chats" type="number" inputmode="numeric"
                        min="1" max=LiveChatSettings::MOST_CHATS required value=s.max_chats
                        aria-describedby="max-chats-hint" />
                    <p class="hint" id="max-chats-hint">
                        "Active chats one agent may hold at once; Settings → Agents can set an agent's own."
                    </p>
                    <span class="field-error">{field_error(result.into(), "max_chats")}</span>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                        "Save"
                    </button>
                </div>
            </fieldset>
        </ActionForm>
        {(!is_admin).then(|| view! { <p class="hint">"Only admins can change these settings."</p> })}
        <p role="alert" class="form-error">{general_error(result.into())}</p>
        <p role="status" class="form-ok">{saved}</p>
    }
}
