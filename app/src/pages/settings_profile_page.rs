use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::alerts::NotificationsButton;
use crate::components::field_error::{field_error, general_error};
use crate::live::use_live;
use crate::pages::shell_layout::MeResource;
use crate::server_fns::profile::{ChangeMyPassword, UpdateMyName};

/// Settings → My profile: my name, my password (other sessions end), my alerts.
/// An island of its own, loaded with the screen (`lazy`: not part of the first download).
#[island(lazy)]
pub fn SettingsProfilePage() -> impl IntoView {
    crate::components::hydration::island_hydrated();
    // Islands hydrate on their own: the page asks for the signed-in agent itself.
    provide_context(crate::pages::shell_layout::me_resource());
    let me = expect_context::<MeResource>();
    let live = use_live();
    let rename = ServerAction::<UpdateMyName>::new();
    let password = ServerAction::<ChangeMyPassword>::new();
    let renamed = rename.value();
    let changed = password.value();
    let name_saved = move || match renamed.get() {
        Some(Ok(a)) => Some(format!("Saved: you are {}.", a.name)),
        _ => None,
    };
    let password_saved = move || match changed.get() {
        Some(Ok(0)) => Some("Saved: your new password is set.".to_string()),
        Some(Ok(n)) => Some(format!(
            "Saved: your new password is set; {n} other session{} signed out.",
            if n == 1 { " was" } else { "s were" }
        )),
        _ => None,
    };
    view! {
        <Title text="My profile" />
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Settings · My profile"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let current = me.await.ok().map(|m| m.name).unwrap_or_default();
                    view! {
                        <ActionForm action=rename attr:class="form settings-form">
                            <div class="field">
                                <label for="p-name">"Name"</label>
                                <input id="p-name" name="name" required maxlength="100" value=current autocomplete="name" />
                                <p class="hint">"Visitors and colleagues see this name."</p>
                                <span class="field-error">{field_error(renamed.into(), "name")}</span>
                            </div>
                            <div class="form-actions">
                                <button type="submit" class="button button-primary" disabled=move || rename.pending().get()>"Save name"</button>
                            </div>
                            <p class="form-error" role="alert">{general_error(renamed.into())}</p>
                            <p class="form-ok" aria-live="polite">{name_saved}</p>
                        </ActionForm>
                    }
                })}
            </Suspense>
            <h2>"Password"</h2>
            <ActionForm action=password attr:class="form settings-form">
                <div class="field">
                    <label for="p-current">"Current password"</label>
                    <input id="p-current" name="current_password" type="password" required autocomplete="current-password" />
                    <span class="field-error">{field_error(changed.into(), "current_password")}</span>
                </div>
                <div class="field">
                    <label for="p-new">"New password"</label>
                    <input id="p-new" name="new_password" type="password" required minlength="8" autocomplete="new-password" />
                    <p class="hint">"At least 8 characters. Your other sessions are signed out."</p>
                    <span class="field-error">{field_error(changed.into(), "new_password")}</span>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button button-primary" disabled=move || password.pending().get()>"Change password"</button>
                </div>
                <p class="form-error" role="alert">{general_error(changed.into())}</p>
                <p class="form-ok" aria-live="polite">{password_saved}</p>
            </ActionForm>
            <h2>"Alerts"</h2>
            <div class="form settings-form">
                <div class="field field-check">
                    <input id="p-sound" type="checkbox" prop:checked=move || !live.muted.get()
                        on:change=move |ev| live.set_muted(!event_target_checked(&ev)) />
                    <label for="p-sound">"Play a sound for new chats"</label>
                </div>
                <p class="hint">"Browser notifications reach you when a chat is waiting and you are looking elsewhere."</p>
                <NotificationsButton />
            </div>
        </section>
    }
}
