//! The visitor side over HTTP (`/v1/visitor/…`), as documented in docs/visitor-protocol.md.
//! Thin handlers: extract, call `app::ssr::chat`, answer JSON or an `AppError`.
mod extract;
mod handlers;

pub use extract::VisitorToken;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method};
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::config::OriginPolicy;
use crate::router::ServerState;

pub fn routes(widget_origins: &OriginPolicy) -> Router<ServerState> {
    let cors = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(600))
        .allow_origin(match widget_origins {
            OriginPolicy::Any => AllowOrigin::any(),
            OriginPolicy::List(list) | OriginPolicy::SameHost(list) => AllowOrigin::list(
                list.iter()
                    .filter_map(|o| HeaderValue::from_str(o).ok())
                    .collect::<Vec<_>>(),
            ),
        });
    Router::new()
        .route("/v1/visitor/availability", get(handlers::availability))
        .route("/v1/visitor/sessions", post(handlers::start))
        .route("/v1/visitor/session", get(handlers::session))
        .route("/v1/visitor/messages", post(handlers::send))
        .route("/v1/visitor/typing", post(handlers::typing))
        .route("/v1/visitor/end", post(handlers::end))
        .route("/v1/visitor/rating", post(handlers::rate))
        .route(
            "/v1/visitor/offline-messages",
            post(handlers::offline_message),
        )
        .route("/v1/visitor/leave-email", post(handlers::leave_email))
        .route("/v1/visitor/transcript", post(handlers::email_transcript))
        // Files: the body is the file, read up to Settings → Live chat's limit.
        .route("/v1/visitor/files", post(crate::files_api::visitor_upload))
        .route(
            "/v1/visitor/files/{id}",
            get(crate::files_api::visitor_download),
        )
        .route("/v1/visitor/live", get(crate::live::visitor::upgrade))
        .layer(DefaultBodyLimit::max(protocol::limits::MAX_BODY_BYTES))
        .layer(cors)
}
