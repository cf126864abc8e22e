use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

use crate::components::alerts::unlock_audio_on_first_gesture;
use crate::components::hydration::when_hydrated;
use crate::components::sidebar::Sidebar;
use crate::components::top_bar::TopBar;
use crate::domain::channel_list::my_channels;
use crate::error::AppError;
use crate::live::use_live;
use crate::models::agent::CurrentAgent;
use crate::models::chat::AgentStatus;
use crate::server_fns::auth::get_current_agent;
use crate::server_fns::channels::list_channels;

/// The signed-in agent, as the pages that need it load it.
pub type MeResource = Resource<Result<CurrentAgent, AppError>>;

/// A fresh request for the signed-in agent (each island that needs it makes its own: the
/// server renders it into the page, so the browser does not ask again).
pub fn me_resource() -> MeResource {
    Resource::new_blocking(|| (), |_| get_current_agent())
}

/// Sidebar + top bar around every agent page, rendered on the server; the interactive
/// parts are islands. The server already refused signed-out visitors.
#[component]
pub fn ShellLayout() -> impl IntoView {
    let me = me_resource();
    provide_context(me);
    let path = use_location().pathname.get_untracked();
    // My channels for the sidebar, handed to it as a prop (the browser lists them again
    // only when they change).
    let channels = Resource::new_blocking(|| (), |_| list_channels());
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <div class="app">
            <Suspense fallback=|| ()>
                {move || {
                    let path = path.clone();
                    Suspend::new(async move {
                        let mine = my_channels(channels.await.unwrap_or_default());
                        view! { <Sidebar path mine /> }
                    })
                }}
            </Suspense>
            <div class="workspace">
                <Suspense fallback=|| view! { <header class="topbar"></header> }>
                    {move || Suspend::new(async move {
                        match me.await {
                            Ok(agent) => view! {
                                <LiveConnection status=agent.status />
                                <TopBar agent />
                            }.into_any(),
                            // Signed out while the page was being made: to sign-in.
                            Err(AppError::Unauthorized { .. }) => view! {
                                <meta http-equiv="refresh" content="0;url=/sign-in" />
                                <header class="topbar"></header>
                            }.into_any(),
                            Err(e) => view! {
                                <header class="topbar">
                                    <p role="alert" class="form-error">{e.message().to_string()}</p>
                                </header>
                            }.into_any(),
                        }
                    })}
                </Suspense>
                <main id="main" class="content" tabindex="-1">
                    <Outlet />
                </main>
            </div>
        </div>
    }
}

/// Opens the live connection (the badge, the queue, watched chats and channels) that every
/// other island reads, keeps the tab title's count, and unlocks the new-chat sound.
#[island]
fn LiveConnection(status: AgentStatus) -> impl IntoView {
    crate::components::hydration::island_hydrated();
    let live = use_live();
    live.status.set(status);
    // Not before every island has hydrated: an island hydrating after the first frames
    // arrived would find state the server did not render.
    when_hydrated(move || {
        live.start();
        unlock_audio_on_first_gesture();
    });
    Effect::new(move |_| {
        crate::components::browser::set_title_count(live.badge.get().attention());
    });
}
