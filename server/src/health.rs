use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use crate::router::ServerState;

/// `GET /healthz`: 200 when the database answers and the hub hears the other instances,
/// 503 otherwise; says which hub is in use.
pub async fn healthz(State(state): State<ServerState>) -> (StatusCode, Json<Value>) {
    let hub = state.app.hub.status();
    let hub_json = json!({ "kind": hub.kind, "connected": hub.connected });
    match state.app.db.ping().await {
        Ok(()) if hub.connected => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": "ok", "hub": hub_json })),
        ),
        Ok(()) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "error", "database": "ok", "hub": hub_json })),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "error", "database": "unreachable", "hub": hub_json })),
            )
        }
    }
}
