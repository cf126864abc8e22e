//! Agent pages require a signed-in agent, checked here on the server for every request.
//! Server functions check for themselves (they answer 401 rather than redirecting).
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use app::domain::navigation::{decode_query_value, encode_query_value, safe_next, HOME};
use app::ssr::{auth_sessions, cookies};

use crate::router::ServerState;

/// Paths anyone may reach: server functions and sockets (they check for themselves),
/// built assets, health, the visitor side.
fn is_public(path: &str) -> bool {
    const PREFIXES: [&str; 7] = [
        "/api/", "/ws/", "/pkg/", "/healthz", "/widget", "/v1/", "/favicon",
    ];
    PREFIXES.iter().any(|p| path.starts_with(p))
}

pub async fn require_agent_for_pages(
    State(state): State<ServerState>,
    mut req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_string();
    if is_public(&path) {
        return next.run(req).await;
    }
    let agent = match cookies::read(req.headers(), cookies::SESSION_COOKIE) {
        Some(token) => match auth_sessions::agent_for_token(&state.app.db, &token).await {
            Ok(agent) => agent,
            Err(_) => {
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "The database is unavailable.",
                )
                    .into_response()
            }
        },
        None => None,
    };
    let signed_in = agent.is_some();
    if let Some(agent) = agent {
        // The page's server functions (rendered in this request) find the agent here
        // instead of looking the session up again.
        req.extensions_mut().insert(agent);
    }

    if path == "/sign-in" {
        if signed_in {
            let next_param = req
                .uri()
                .query()
                .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("next=")))
                .map(decode_query_value);
            return see_other(&safe_next(next_param.as_deref()));
        }
        return next.run(req).await;
    }
    if !signed_in {
        let wanted = req
            .uri()
            .path_and_query()
            .map(|pq| pq.as_str().to_string())
            .unwrap_or_else(|| path.clone());
        return see_other(&format!("/sign-in?next={}", encode_query_value(&wanted)));
    }
    if path == "/" || path == "/chat" || path == "/chat/" {
        return see_other(HOME);
    }
    if path == "/settings" || path == "/settings/" {
        return see_other("/settings/agents");
    }
    next.run(req).await
}

fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_string())],
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_paths() {
        assert!(is_public("/api/sign_in"));
        assert!(is_public("/pkg/chat.js"));
        assert!(is_public("/healthz"));
        assert!(!is_public("/chat/queue"));
        assert!(!is_public("/settings/agents"));
    }
}
