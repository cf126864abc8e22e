//! The widget's files, loadable from any website: `/widget.js` (the loader, served with
//! Settings → Widget written into it) and `/widget/…` (the chat bundle loaded on first open).
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use app::error::AppError;

use crate::router::ServerState;

pub fn routes(widget_root: &str) -> Router<ServerState> {
    let root = PathBuf::from(widget_root);
    let template = Arc::new(root.join("widget.js"));
    Router::new()
        .route(
            "/widget.js",
            get(move |state: State<ServerState>, headers: HeaderMap| {
                loader(state, template.clone(), headers)
            }),
        )
        .nest_service("/widget", ServeDir::new(root.join("widget")))
        // Module scripts and wasm from another origin need CORS to load at all.
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
        // Short: a new release or look reaches every site within minutes (ETags make it
        // cheap).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        ))
}

/// `GET /widget.js`: the built loader with the saved look in it; `304` when the browser's
/// copy (its `If-None-Match`) is this one.
async fn loader(
    State(state): State<ServerState>,
    template: Arc<PathBuf>,
    headers: HeaderMap,
) -> Response {
    let source = match tokio::fs::read_to_string(template.as_path()).await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "widget.js is not built (scripts/build-widget)");
            return AppError::not_found("The chat widget is not installed on this server.")
                .into_response();
        }
    };
    let look = state.app.widget_look.get(&state.app.db).await;
    let (body, etag) = app::ssr::widget_settings::served_loader(&source, &look);
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == etag)
        });
    let etag_value = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""));
    if fresh {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag_value)]).into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (header::ETAG, etag_value),
        ],
        body,
    )
        .into_response()
}
