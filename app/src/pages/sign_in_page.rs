use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::browser::hard_navigate;
use crate::server_fns::auth::SignIn;

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

/// The form, an island: after hydration a wrong password is answered without a reload.
#[island]
fn SignInForm(next: String, error: Option<String>) -> impl IntoView {
    crate::components::hydration::island_hydrated();
    let action = ServerAction::<SignIn>::new();
    Effect::new(move |_| {
        if let Some(Ok(target)) = action.value().get() {
            hard_navigate(&target);
        }
    });
    let error = move || match action.value().get() {
        Some(Err(e)) => Some(e.message().to_string()),
        Some(Ok(_)) => None,
        None => error.clone(),
    };
    view! {
                <ActionForm action=action attr:class="form" attr:novalidate=false>
                    <div class="field">
                        <label for="email">"Email"</label>
                        <input
                            id="email"
                            name="email"
                            type="email"
                            autocomplete="username"
                            required
                            maxlength="254"
                        />
                    </div>
                    <div class="field">
                        <label for="password">"Password"</label>
                        <input
                            id="password"
                            name="password"
                            type="password"
                            autocomplete="current-password"
                            required
                            maxlength="256"
                        />
                    </div>
                    <input type="hidden" name="next" value=next />
                    <p class="form-error" role="alert">{error}</p>
                    <button
                        type="submit"
                        class="button button-primary"
                        disabled=move || action.pending().get()
                    >
                        "Sign in"
                    </button>
                </ActionForm>
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
