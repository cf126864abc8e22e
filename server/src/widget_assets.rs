//! The widget's files, loadable from any website: `/widget.js` (the loader) and
//! `/widget/…` (the chat bundle loaded on first open).
use std::path::PathBuf;

use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::router::ServerState;

pub fn routes(widget_root: &str) -> Router<ServerState> {
    let root = PathBuf::from(widget_root);
    Router::new()
        .route_service("/widget.js", ServeFile::new(root.join("widget.js")))
        .nest_service("/widget", ServeDir::new(root.join("widget")))
        // Module scripts and wasm from another origin need CORS to load at all.
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
        // Short: a new release reaches every site within minutes (ETags make it cheap).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        ))
}
