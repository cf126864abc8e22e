//! `GET /metrics` on the address `CHAT_METRICS_ADDR` names: the Prometheus text format of
//! `app::ssr::metrics`, apart from the app's own listener so it is never public.
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;

const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

async fn metrics() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, CONTENT_TYPE)],
        app::ssr::metrics::metrics().render(),
    )
}

/// Serves until the server shuts down.
pub fn serve(listener: TcpListener, mut shutdown: watch::Receiver<bool>) {
    let app = Router::new().route("/metrics", get(metrics));
    tokio::spawn(async move {
        let stopped = async move {
            let _ = shutdown.changed().await;
        };
        if let Err(e) = axum::serve(listener, app)
            .with_graceful_shutdown(stopped)
            .await
        {
            tracing::warn!(error = %e, "the metrics listener failed");
        }
    });
}
