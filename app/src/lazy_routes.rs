//! Screens loaded on demand: with `cargo leptos build --split` each one's code is a separate
//! wasm file fetched when the route is first visited, so the sign-in page and the Chat Queue
//! (what every agent opens first) load only the shell and the queue. Each screen loads its
//! own data (its resources), so `data()` has nothing to start.
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use crate::pages::{
    channel_page::ChannelPage, channels_page::ChannelsPage, chat_session_page::ChatSessionPage,
    contact_page::ContactPage, contacts_page::ContactsPage, folders_page::FoldersPage,
    new_contact_page::NewContactPage, new_ticket_page::NewTicketPage,
    settings_agents_page::SettingsAgentsPage, settings_canned_page::SettingsCannedPage,
    settings_live_chat_page::SettingsLiveChatPage, settings_profile_page::SettingsProfilePage,
    settings_widget_page::SettingsWidgetPage, ticket_page::TicketPage, tickets_page::TicketsPage,
};

macro_rules! lazy_screen {
    ($route:ident, $page:ident) => {
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    };
}

lazy_screen!(ChatSessionRoute, ChatSessionPage);
lazy_screen!(ChannelsRoute, ChannelsPage);
lazy_screen!(ChannelRoute, ChannelPage);
lazy_screen!(FoldersRoute, FoldersPage);
lazy_screen!(TicketsRoute, TicketsPage);
lazy_screen!(NewTicketRoute, NewTicketPage);
lazy_screen!(TicketRoute, TicketPage);
lazy_screen!(ContactsRoute, ContactsPage);
lazy_screen!(NewContactRoute, NewContactPage);
lazy_screen!(ContactRoute, ContactPage);
lazy_screen!(SettingsAgentsRoute, SettingsAgentsPage);
lazy_screen!(SettingsCannedRoute, SettingsCannedPage);
lazy_screen!(SettingsLiveChatRoute, SettingsLiveChatPage);
lazy_screen!(SettingsProfileRoute, SettingsProfilePage);
lazy_screen!(SettingsWidgetRoute, SettingsWidgetPage);
