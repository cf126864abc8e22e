use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::not_built::NotBuilt;

#[component]
pub fn QueuePage() -> impl IntoView {
    view! {
        <Title text="Chat Queue" />
        <NotBuilt title="Chat Queue" what="Waiting, Active and Closed chat sessions arrive with Live Chat." />
    }
}
