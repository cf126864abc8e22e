//! The HTTP surface: Leptos pages and server functions, health, static files.
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::sync::watch;

use axum::body::Body;
use axum::extract::FromRef;
use axum::http::Request;
use axum::routing::{get, post};
use axum::{middleware, Router};
use leptos::config::LeptosOptions;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;
use tracing::Span;

use app::ssr::AppState;
use app::{shell, App};

use crate::config::Config;
use crate::live::connections::AgentConnections;
use crate::security_headers::CspNonce;
use crate::{
    api_guard, auth_guard, files_api, health, live, security_headers, site_assets, visitor_api,
    widget_assets,
};

/// The router's state: Leptos' options for rendering, and the application's state.
#[derive(Clone)]
pub struct ServerState {
    pub leptos: LeptosOptions,
    pub app: AppState,
    pub config: Arc<Config>,
    /// Turns true when the server begins shutting down: live sockets close so clients
    /// reconnect elsewhere (or to the restarted server).
    pub shutdown: watch::Receiver<bool>,
    pub agent_connections: Arc<AgentConnections>,
    /// Chats waiting now (counted once per change for every socket).
    pub waiting: watch::Receiver<u32>,
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(state: &ServerState) -> Self {
        state.leptos.clone()
    }
}

impl FromRef<ServerState> for AppState {
    fn from_ref(state: &ServerState) -> Self {
        state.app.clone()
    }
}

/// The app's routes, found once per process by rendering the app with resources held back.
/// leptos holds them back with a process-wide flag: a page rendering on another server in
/// this process at that moment (the tests run many) would wait forever for a resource
/// first polled while the flag was up (leptos-rs/leptos#4773). Once, before any serving,
/// no page can be rendering.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(state: ServerState) -> Router {
    let routes = route_list();
    let app_state = state.app.clone();
    let context = move || {
        provide_context(app_state.clone());
        // The CSP header names this nonce: Leptos puts it on its inline scripts.
        if let Some(nonce) = use_context::<http::request::Parts>()
            .and_then(|p| p.extensions.get::<CspNonce>().cloned())
        {
            provide_context(leptos::nonce::Nonce::from_value(nonce.0));
        }
    };
    let leptos = state.leptos.clone();

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/ws/agent", get(live::agent::upgrade))
        .route("/files/chat/{id}", post(files_api::agent_upload))
        .route("/files/{id}", get(files_api::agent_download))
        .merge(visitor_api::routes(&state.config.widget_origins))
        .merge(widget_assets::routes(&state.config.widget_root))
        .merge(site_assets::routes(
            &state.leptos.site_root,
            &state.leptos.site_pkg_dir,
            state.leptos.hash_files,
        ))
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(leptos.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<ServerState, _>(
            context, shell,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth_guard::require_agent_for_pages,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), api_guard::check))
        .layer(middleware::from_fn(security_headers::add))
        // Text compresses ~4x (HTML, JS, CSS, wasm, JSON); the widget bundle benefits most.
        .layer(CompressionLayer::new())
        .layer(
            TraceLayer::new_for_http()
                // Only method and path: query strings and headers may carry tokens.
                .make_span_with(|req: &Request<Body>| {
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
                })
                .on_request(())
                .on_response(|res: &axum::http::Response<Body>, latency: Duration, _: &Span| {
                    tracing::info!(status = res.status().as_u16(), ms = latency.as_millis() as u64, "response");
                }),
        )
        .with_state(state)
}
