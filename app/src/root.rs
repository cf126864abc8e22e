//! The HTML shell and the route table.
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::components::page_load::id_param;
use crate::live::Live;
use crate::pages::{
    channel_page::ChannelPage, channels_page::ChannelsPage, chat_session_page::ChatSessionPage,
    contact_page::ContactPage, contacts_page::ContactsPage, folders_page::FoldersPage,
    new_contact_page::NewContactPage, new_ticket_page::NewTicketPage, not_found_page::NotFoundPage,
    queue_page::QueuePage, settings_agents_page::SettingsAgentsPage,
    settings_canned_page::SettingsCannedPage, settings_live_chat_page::SettingsLiveChatPage,
    settings_profile_page::SettingsProfilePage, settings_widget_page::SettingsWidgetPage,
    shell_layout::ShellLayout, sign_in_page::SignInPage, ticket_page::TicketPage,
    tickets_page::TicketsPage,
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
                <HydrationScripts options islands=true />
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
                    <Route path=path!("chat/sessions/:id") view=ChatSessionScreen />
                    <Route path=path!("chat/channels") view=ChannelsPage />
                    <Route path=path!("chat/channels/:id") view=ChannelScreen />
                    <Route path=path!("chat/folders") view=FoldersPage />
                    <Route path=path!("tickets") view=TicketsPage />
                    <Route path=path!("tickets/new") view=NewTicketPage />
                    <Route path=path!("tickets/:id") view=TicketScreen />
                    <Route path=path!("contacts") view=ContactsPage />
                    <Route path=path!("contacts/new") view=NewContactPage />
                    <Route path=path!("contacts/:id") view=ContactScreen />
                    <Route
                        path=path!("settings")
                        view=|| view! { <Redirect path="/settings/agents" /> }
                    />
                    <Route path=path!("settings/agents") view=SettingsAgentsPage />
                    <Route path=path!("settings/canned-responses") view=SettingsCannedPage />
                    <Route path=path!("settings/profile") view=SettingsProfilePage />
                    <Route path=path!("settings/live-chat") view=SettingsLiveChatPage />
                    <Route path=path!("settings/widget") view=SettingsWidgetPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

// The pages with an `:id` are islands: the server reads the id from the address and hands
// it to them.
#[component]
fn ChatSessionScreen() -> impl IntoView {
    view! { <ChatSessionPage id=id_param()() /> }
}

#[component]
fn ChannelScreen() -> impl IntoView {
    view! { <ChannelPage id=id_param()() /> }
}

#[component]
fn TicketScreen() -> impl IntoView {
    view! { <TicketPage id=id_param()() /> }
}

#[component]
fn ContactScreen() -> impl IntoView {
    view! { <ContactPage id=id_param()() /> }
}
