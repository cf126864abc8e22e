use leptos::prelude::*;

/// Says plainly that a screen's feature does not exist yet.
#[component]
pub fn NotBuilt(#[prop(into)] title: String, #[prop(into)] what: String) -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{title}</h1>
            <div class="not-built" role="note">
                <p><strong>"Not built yet."</strong></p>
                <p>{what}</p>
            </div>
        </section>
    }
}
