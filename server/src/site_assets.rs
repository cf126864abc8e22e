//! The agent app's built files (`/pkg/…`: JS, wasm, CSS).
//!
//! With hashed file names (`hash-files` in the Leptos metadata: release builds) a file's name
//! changes whenever its content does, so browsers may keep it forever
//! (`immutable`): a returning agent downloads nothing. Without hashes (debug builds) they
//! revalidate every time. Files are compressed once at build time
//! (`scripts/compress-assets`: `.br` and `.gz` beside each file) and served as they are to
//! browsers that accept them; on-the-fly compression covers the rest.
use std::path::PathBuf;

use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::router::ServerState;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";

pub fn routes(site_root: &str, pkg_dir: &str, hashed: bool) -> Router<ServerState> {
    let dir = PathBuf::from(site_root).join(pkg_dir);
    let cache = if hashed { IMMUTABLE } else { REVALIDATE };
    Router::new()
        .nest_service(
            &format!("/{pkg_dir}"),
            ServeDir::new(dir).precompressed_br().precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache),
        ))
}
