use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::not_built::NotBuilt;

#[component]
pub fn ChannelsPage() -> impl IntoView {
    view! {
        <Title text="Channels" />
        <NotBuilt title="Channels" what="Team channels (+ New Channel, members, messages) arrive with Internal Messaging." />
    }
}
