use leptos::prelude::*;
use leptos_router::components::Outlet;

use crate::components::browser::hard_navigate;
use crate::components::sidebar::Sidebar;
use crate::components::top_bar::TopBar;
use crate::error::AppError;
use crate::live::use_live;
use crate::models::agent::CurrentAgent;
use crate::server_fns::auth::get_current_agent;

/// The signed-in agent, available to every page inside the shell.
pub type MeResource = Resource<Result<CurrentAgent, AppError>>;

/// Sidebar + top bar around every agent page. The server already refused signed-out
/// visitors; if a session ends while the page is open, we go to sign-in.
#[component]
pub fn ShellLayout() -> impl IntoView {
    // Blocking: the server waits for it, so the first HTML already has the top bar and
    // Sign out (the page works before hydration).
    let me: MeResource = Resource::new_blocking(|| (), |_| get_current_agent());
    provide_context(me);
    let live = use_live();
    // Browser only (effects do not run on the server): open the live connection once.
    Effect::new(move |started: Option<bool>| {
        if started != Some(true) {
            live.start();
        }
        true
    });
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <div class="app">
            <Sidebar />
            <div class="workspace">
                <Suspense fallback=|| view! { <header class="topbar"></header> }>
                    {move || Suspend::new(async move {
                        match me.await {
                            Ok(agent) => {
                                live.status.set(agent.status);
                                view! { <TopBar agent /> }.into_any()
                            }
                            Err(AppError::Unauthorized { .. }) => {
                                hard_navigate("/sign-in");
                                view! { <header class="topbar"></header> }.into_any()
                            }
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
