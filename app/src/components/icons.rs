//! Inline SVG icons (decorative: hidden from assistive technology).
use leptos::prelude::*;

#[component]
pub fn Icon(#[prop(into)] name: String) -> impl IntoView {
    let path = match name.as_str() {
        "chat" => "M4 4h16v11H8l-4 4z",
        "ticket" => "M3 7h18v3a2 2 0 0 0 0 4v3H3v-3a2 2 0 0 0 0-4z",
        "contacts" => "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8a7 7 0 0 1 14 0z",
        "settings" => "M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zm8 4-2-1 1-2-2-2-2 1-1-2h-4l-1 2-2-1-2 2 1 2-2 1v2l2 1-1 2 2 2 2-1 1 2h4l1-2 2 1 2-2-1-2 2-1z",
        "paperclip" => "m21 11-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7",
        "file" => "M6 3h8l5 5v13H6zM14 3v5h5",
        _ => "M4 4h16v16H4z",
    };
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path d=path fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
        </svg>
    }
}
