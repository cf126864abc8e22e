//! The HTML shell and the route table.
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

use crate::lazy_routes::{
    ChannelRoute, ChannelsRoute, ChatSessionRoute, ContactRoute, ContactsRoute, FoldersRoute,
    NewContactRoute, NewTicketRoute, SettingsAgentsRoute, SettingsCannedRoute,
    SettingsLiveChatRoute, SettingsProfileRoute, SettingsWidgetRoute, TicketRoute, TicketsRoute,
};
use crate::live::Live;
use crate::pages::{
    not_found_page::NotFoundPage, queue_page::QueuePage, shell_layout::ShellLayout,
    sign_in_page::SignInPage,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // The stylesheet's name carries its content hash in release builds.
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// On the server this string is written into `<head>` as is (leptos_meta does not escape
/// it), and titles hold visitor names: escape it there. In the browser it becomes
/// `document.title`, which is text, not HTML.
#[cfg(feature = "ssr")]
fn server_rendered_title(title: String) -> String {
    crate::domain::html_text::escape(&title)
}

#[cfg(not(feature = "ssr"))]
fn server_rendered_title(title: String) -> String {
    title
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let live = Live::new();
    provide_context(live);
    Effect::new(|_| crate::components::alerts::unlock_audio_on_first_gesture());
    // The tab title carries the Chat badge count: "(3) Chat Queue · Helpdesk".
    let title = move |text: String| {
        let base = if text.is_empty() {
            "Helpdesk".to_string()
        } else {
            format!("{text} · Helpdesk")
        };
        let full = match live.badge.get().attention() {
            0 => base,
            n => format!("({n}) {base}"),
        };
        server_rendered_title(full)
    };
    view! {
        <Title formatter=title />
        <Router>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/sign-in") view=SignInPage />
                // In order: every Suspense on the page (the signed-in agent, the page's data)
                // is rendered into the first HTML, so pages work before hydration.
                <ParentRoute path=path!("") view=ShellLayout ssr=SsrMode::InOrder>
                    <Route path=path!("") view=|| view! { <Redirect path="/chat/queue" /> } />
                    <Route path=path!("chat") view=|| view! { <Redirect path="/chat/queue" /> } />
                    <Route path=path!("chat/queue") view=QueuePage />
                    <Route path=path!("chat/sessions/:id") view={Lazy::<ChatSessionRoute>::new()} />
                    <Route path=path!("chat/channels") view={Lazy::<ChannelsRoute>::new()} />
                    <Route path=path!("chat/channels/:id") view={Lazy::<ChannelRoute>::new()} />
                    <Route path=path!("chat/folders") view={Lazy::<FoldersRoute>::new()} />
                    <Route path=path!("tickets") view={Lazy::<TicketsRoute>::new()} />
                    <Route path=path!("tickets/new") view={Lazy::<NewTicketRoute>::new()} />
                    <Route path=path!("tickets/:id") view={Lazy::<TicketRoute>::new()} />
                    <Route path=path!("contacts") view={Lazy::<ContactsRoute>::new()} />
                    <Route path=path!("contacts/new") view={Lazy::<NewContactRoute>::new()} />
                    <Route path=path!("contacts/:id") view={Lazy::<ContactRoute>::new()} />
                    <Route
                        path=path!("settings")
                        view=|| view! { <Redirect path="/settings/agents" /> }
                    />
                    <Route path=path!("settings/agents") view={Lazy::<SettingsAgentsRoute>::new()} />
                    <Route path=path!("settings/canned-responses") view={Lazy::<SettingsCannedRoute>::new()} />
                    <Route path=path!("settings/profile") view={Lazy::<SettingsProfileRoute>::new()} />
                    <Route path=path!("settings/live-chat") view={Lazy::<SettingsLiveChatRoute>::new()} />
                    <Route path=path!("settings/widget") view={Lazy::<SettingsWidgetRoute>::new()} />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
