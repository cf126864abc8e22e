use leptos::prelude::*;
use protocol::linkify::{segments, Segment};

/// Message text as text: never HTML. Web addresses become links that open in a new tab.
#[component]
pub fn MessageText(#[prop(into)] text: String) -> impl IntoView {
    let parts = segments(&text)
        .into_iter()
        .map(|seg| match seg {
            Segment::Text(t) => t.to_string().into_any(),
            Segment::Link(url) => {
                let href = seg.href().unwrap_or_default();
                let label = url.to_string();
                view! { <a href=href target="_blank" rel="noopener noreferrer nofollow">{label}</a> }
                    .into_any()
            }
        })
        .collect_view();
    view! { <span class="message-text">{parts}</span> }
}
