//! Helpers for `#[server]` bodies: reach the state, the caller and the response.
use std::future::Future;
use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use http::request::Parts;
use http::{header, HeaderValue, StatusCode};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use super::{auth_sessions, cookies, AppState};
use crate::error::AppError;
use crate::models::agent::CurrentAgent;

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::internal()
    })
}

fn parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| {
        tracing::error!("request parts missing from the server function context");
        AppError::internal()
    })
}

/// Runs a server function body and, when it fails, answers with the error's HTTP status
/// (and `Retry-After` for rate limits) instead of server_fn's blanket 500.
pub async fn respond<T>(body: impl Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
    let result = body.await;
    if let Err(err) = &result {
        set_error_status(err);
    }
    result
}

pub fn set_error_status(err: &AppError) {
    let Some(res) = use_context::<ResponseOptions>() else {
        return;
    };
    res.set_status(StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
    if let AppError::RateLimited {
        retry_after_secs, ..
    } = err
    {
        res.insert_header(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
    }
}

pub fn set_cookie(value: &str) {
    if let (Some(res), Ok(v)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        res.append_header(header::SET_COOKIE, v);
    }
}

/// True when a browser without JavaScript posted a form (it expects an HTML page back).
pub fn is_plain_form_post() -> bool {
    parts().is_ok_and(|p| {
        p.headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

pub fn secure_cookies(state: &AppState) -> bool {
    parts().is_ok_and(|p| cookies::is_secure(&p.headers, state.settings.secure_cookies))
}

/// This server's origin as the browser asked for it (`Host`, and https when the request
/// came over TLS or a proxy says so); `None` when the Host header is not a plain host name.
pub fn public_origin(state: &AppState) -> Option<String> {
    let p = parts().ok()?;
    let host = p.headers.get(header::HOST)?.to_str().ok()?;
    crate::domain::widget_look::origin_from(host, secure_cookies(state))
}

/// The client's address: the socket peer, or what the trusted proxies say (see
/// `domain::client_address`).
pub fn client_addr(state: &AppState) -> String {
    let Ok(p) = parts() else {
        return "unknown".into();
    };
    client_addr_from(&p, state.settings.trusted_proxy_hops)
}

pub fn client_addr_from(p: &Parts, hops: u32) -> String {
    let peer = p.extensions.get::<ConnectInfo<SocketAddr>>().map(|ci| ci.0);
    client_addr_of(&p.headers, peer, hops)
}

/// The client's address from `X-Forwarded-For` (written by `hops` trusted proxies) or the
/// socket peer.
pub fn client_addr_of(headers: &http::HeaderMap, peer: Option<SocketAddr>, hops: u32) -> String {
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok());
    crate::domain::client_address::forwarded_client(forwarded, hops)
        .or_else(|| peer.map(|a| a.ip().to_string()))
        .unwrap_or_else(|| "unknown".into())
}

pub fn session_token() -> Option<String> {
    parts()
        .ok()
        .and_then(|p| cookies::read(&p.headers, cookies::SESSION_COOKIE))
}

/// The signed-in agent, or `Unauthorized`.
pub async fn require_agent() -> Result<(AppState, CurrentAgent), AppError> {
    let state = state()?;
    // Checked already for this request (agent pages go through the auth guard).
    if let Some(agent) = parts()
        .ok()
        .and_then(|p| p.extensions.get::<CurrentAgent>().cloned())
    {
        return Ok((state, agent));
    }
    let token = session_token().ok_or_else(|| {
        tracing::debug!(
            has_parts = use_context::<Parts>().is_some(),
            "no session cookie"
        );
        AppError::unauthorized()
    })?;
    let agent = auth_sessions::agent_for_token(&state.db, &token)
        .await?
        .ok_or_else(AppError::unauthorized)?;
    // Calls from the browser count against the agent's request budget (page renders,
    // which found the agent above, do not).
    state.agent_limits.request(agent.id).await?;
    Ok((state, agent))
}

/// The signed-in agent if an admin, else `Forbidden`.
pub async fn require_admin() -> Result<(AppState, CurrentAgent), AppError> {
    let (state, agent) = require_agent().await?;
    if !agent.is_admin() {
        return Err(AppError::forbidden("Only admins can do this."));
    }
    Ok((state, agent))
}
