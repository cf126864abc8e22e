use leptos::prelude::*;

/// "Newer / Page N / Older" links that keep the other query parameters.
#[component]
pub fn Pager(
    /// The path with its query, without `page`, e.g. `/tickets?status=open`.
    #[prop(into)]
    base: String,
    page: u32,
    has_more: bool,
    #[prop(into)] label: String,
) -> impl IntoView {
    let sep = if base.contains('?') { '&' } else { '?' };
    let href = move |p: u32| format!("{base}{sep}page={p}");
    (page > 0 || has_more).then(|| {
        view! {
            <nav class="pager" aria-label=label>
                {(page > 0).then(|| view! { <a href=href(page - 1) class="button button-quiet">"Previous"</a> })}
                <span>{format!("Page {}", page + 1)}</span>
                {has_more.then(|| view! { <a href=href(page + 1) class="button button-quiet">"Next"</a> })}
            </nav>
        }
    })
}
