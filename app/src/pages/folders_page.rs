use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::not_built::NotBuilt;

#[component]
pub fn FoldersPage() -> impl IntoView {
    view! {
        <Title text="Folders" />
        <NotBuilt title="Folders" what="Channel folders are managed here once Internal Messaging is built." />
    }
}
