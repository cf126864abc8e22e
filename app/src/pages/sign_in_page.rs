use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::browser::hard_navigate;

/// Email + password. Works before hydration (a plain form post) and after (no reload on error).
#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let next = query.read_untracked().get("next").unwrap_or_default();
    let error = query
        .read_untracked()
        .get("error")
        .map(|code| message_for_code(&code));
    view! {
        <Title text="Sign in" />
        <main id="main" class="sign-in">
            <div class="sign-in-card">
                <div class="brand brand-large">
                    <span class="brand-mark" aria-hidden="true">"H"</span>
                    <span>"Helpdesk"</span>
                </div>
                <h1>"Sign in"</h1>
                <SignInForm next error />
            </div>
        </main>
    }
}

/// The form, an island: after hydration a wrong password is answered without a reload. A
/// plain form that posts without JavaScript too; in the browser it calls the server
/// function directly (no ActionForm: its form decoding would join the first download).
#[island]
fn SignInForm(next: String, error: Option<String>) -> impl IntoView {
    crate::components::hydration::island_hydrated();
    let failed = RwSignal::new(error);
    let pending = RwSignal::new(false);
    let email: NodeRef<leptos::html::Input> = NodeRef::new();
    let password: NodeRef<leptos::html::Input> = NodeRef::new();
    let next_value = next.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(e), Some(p)) = (email.get_untracked(), password.get_untracked()) else {
            return;
        };
        let next = next_value.clone();
        pending.set(true);
        leptos::task::spawn_local(async move {
            match crate::server_fns::auth::sign_in(e.value(), p.value(), Some(next)).await {
                Ok(target) => hard_navigate(&target),
                Err(err) => {
                    failed.set(Some(err.message().to_string()));
                    pending.set(false);
                }
            }
        });
    };
    view! {
                <form method="post" action="/api/sign_in" class="form" on:submit=submit>
                    <div class="field">
                        <label for="email">"Email"</label>
                        <input node_ref=email id="email" name="email" type="email" autocomplete="username" required maxlength="254" />
                    </div>
                    <div class="field">
                        <label for="password">"Password"</label>
                        <input node_ref=password id="password" name="password" type="password" autocomplete="current-password" required maxlength="256" />
                    </div>
                    <input type="hidden" name="next" value=next />
                    <p class="form-error" role="alert">{move || failed.get()}</p>
                    <button type="submit" class="button button-primary" disabled=move || pending.get()>"Sign in"</button>
                </form>
    }
}

/// Messages for the error codes a plain (no-JavaScript) form post comes back with.
fn message_for_code(code: &str) -> String {
    match code {
        "unauthorized" => "Invalid email or password".into(),
        "rate_limited" => "Too many attempts. Wait a few minutes and try again.".into(),
        "validation" => "Email or password is too long.".into(),
        _ => "Something went wrong on our side. Please try again.".into(),
    }
}
