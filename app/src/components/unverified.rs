//! The mark on an email a chat visitor typed: nobody checked that it is theirs.
use leptos::prelude::*;

#[component]
pub fn Unverified() -> impl IntoView {
    view! {
        <span
            class="pill pill-unverified"
            title="Typed by the chat visitor: anyone can type any email address."
        >
            "Unverified"
        </span>
    }
}
