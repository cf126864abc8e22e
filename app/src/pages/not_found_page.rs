use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Not found" />
        <main id="main" class="sign-in">
            <div class="sign-in-card">
                <h1>"Page not found"</h1>
                <p>"There is nothing at this address."</p>
                <p><a href="/chat/queue">"Go to the Chat Queue"</a></p>
            </div>
        </main>
    }
}
