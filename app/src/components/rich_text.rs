use leptos::prelude::*;

use crate::domain::rich_text::{parse, Block, Inline};

/// A channel message with light formatting, rendered as elements holding text (never HTML).
/// Mentions of `me` (a handle) stand out.
#[component]
pub fn RichText(#[prop(into)] text: String, #[prop(into, optional)] me: String) -> impl IntoView {
    parse(&text)
        .into_iter()
        .map(|block| match block {
            Block::Code(code) => {
                view! { <pre class="rt-code"><code>{code}</code></pre> }.into_any()
            }
            Block::Paragraph(inlines) => {
                let me = me.clone();
                view! {
                    <p class="rt-p">
                        {inlines.into_iter().map(move |i| inline(i, &me)).collect_view()}
                    </p>
                }
                .into_any()
            }
        })
        .collect_view()
}

fn inline(i: Inline, me: &str) -> AnyView {
    match i {
        Inline::Text(t) => t.into_any(),
        Inline::Bold(t) => view! { <strong>{t}</strong> }.into_any(),
        Inline::Italic(t) => view! { <em>{t}</em> }.into_any(),
        Inline::Code(t) => view! { <code class="rt-inline-code">{t}</code> }.into_any(),
        Inline::Link(href) => {
            let label = href.clone();
            view! { <a href=href target="_blank" rel="noopener noreferrer nofollow">{label}</a> }
                .into_any()
        }
        Inline::Mention(handle) => {
            let mine = handle == me;
            view! { <span class="mention" class:mention-me=mine>{format!("@{handle}")}</span> }
                .into_any()
        }
    }
}
