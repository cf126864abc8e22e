use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::not_built::NotBuilt;

#[component]
pub fn TicketsPage() -> impl IntoView {
    view! {
        <Title text="Tickets" />
        <NotBuilt title="Tickets" what="The ticket list, ticket pages and New Ticket arrive with the Tickets and Contacts feature." />
    }
}
