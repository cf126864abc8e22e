use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::not_built::NotBuilt;

#[component]
pub fn ContactsPage() -> impl IntoView {
    view! {
        <Title text="Contacts" />
        <NotBuilt title="Contacts" what="The contact list and contact pages arrive with the Tickets and Contacts feature." />
    }
}
