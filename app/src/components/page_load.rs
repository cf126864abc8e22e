//! What the detail pages (chat, channel, ticket, contact) share: the `:id` in the address
//! and the page shown when it cannot be loaded.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::error::AppError;

/// The route's numeric `:id`, reactive; `None` when it is not a number.
pub fn id_param() -> impl Fn() -> Option<i64> + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("id").and_then(|v| v.parse::<i64>().ok())
}

/// "No such chat." and a way back.
#[component]
pub fn LoadError(
    #[prop(into)] title: String,
    error: AppError,
    #[prop(into)] back_href: String,
    #[prop(into)] back_label: String,
) -> impl IntoView {
    view! {
        <Title text=title.clone() />
        <section class="page">
            <h1>{title}</h1>
            <p role="alert" class="form-error">{error.message().to_string()}</p>
            <p><a href=back_href>{back_label}</a></p>
        </section>
    }
}
