//! What every server function call (`/api/*`) must be before it runs.
//!
//! - **From the app itself.** A browser names the page that sent a request in `Origin`
//!   (every POST) or at least says `Sec-Fetch-Site: same-origin`; it must be the app's own
//!   origin or one of `CHAT_AGENT_ORIGINS`. The session cookie is `SameSite=Lax`, but
//!   another origin on the same site (another port, a sibling subdomain) counts as
//!   same-site and would get it: this check is what stops cross-site request forgery
//!   there, sign-in included (login CSRF).
//! - **A form or JSON body.** `text/plain` (which a cross-site form may send without asking)
//!   is refused.
//! - **Small.** Bodies over `MAX_API_BODY_BYTES` are refused with 413 before they are read
//!   whole (server functions would otherwise read any size).
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Limited};

use app::error::AppError;

use crate::config::OriginPolicy;
use crate::router::ServerState;

/// Agent requests are forms of a few fields and message texts (4,000 characters at most).
pub const MAX_API_BODY_BYTES: usize = 64 * 1024;

pub async fn check(State(state): State<ServerState>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    if let Err(e) = same_origin(req.headers(), &state.config.agent_origins) {
        return e.into_response();
    }
    let has_body = !matches!(*req.method(), Method::GET | Method::HEAD);
    if has_body {
        if let Err(e) = form_or_json(req.headers()) {
            return e.into_response();
        }
    }
    match within_limit(req).await {
        Ok(req) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

pub fn same_origin(headers: &HeaderMap, policy: &OriginPolicy) -> Result<(), AppError> {
    let refused = || AppError::forbidden("Cross-site requests are not allowed.");
    match headers.get(header::ORIGIN) {
        Some(origin) => {
            let origin = origin.to_str().map_err(|_| refused())?;
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
            if policy.allows(origin, host) {
                Ok(())
            } else {
                Err(refused())
            }
        }
        None => match headers.get("sec-fetch-site").map(|v| v.as_bytes()) {
            Some(b"same-origin") => Ok(()),
            _ => Err(refused()),
        },
    }
}

fn form_or_json(headers: &HeaderMap) -> Result<(), AppError> {
    let essence = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    match essence.as_deref() {
        Some("application/x-www-form-urlencoded" | "application/json" | "multipart/form-data") => {
            Ok(())
        }
        _ => Err(AppError::forbidden(
            "Send a form or JSON (Content-Type application/x-www-form-urlencoded or application/json).",
        )),
    }
}

fn too_large() -> AppError {
    AppError::PayloadTooLarge {
        message: "That is too much at once (64 KB at most).".into(),
    }
}

/// The request with its body read (at most the limit), or 413.
async fn within_limit(req: Request) -> Result<Request, AppError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_API_BODY_BYTES as u64) {
        return Err(too_large());
    }
    let (parts, body) = req.into_parts();
    let bytes = Limited::new(body, MAX_API_BODY_BYTES)
        .collect()
        .await
        .map_err(|e| {
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                too_large()
            } else {
                AppError::validation("", "The request body could not be read.")
            }
        })?
        .to_bytes();
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn own_origin_or_same_origin_fetch_only() {
        let policy = OriginPolicy::SameHost(vec![]);
        let ok = |pairs| same_origin(&headers(pairs), &policy).is_ok();
        assert!(ok(&[
            ("host", "chat.example"),
            ("origin", "https://chat.example")
        ]));
        assert!(ok(&[
            ("host", "chat.example"),
            ("sec-fetch-site", "same-origin")
        ]));
        assert!(!ok(&[
            ("host", "chat.example"),
            ("origin", "https://www.chat.example")
        ]));
        assert!(!ok(&[
            ("host", "chat.example"),
            ("sec-fetch-site", "same-site")
        ]));
        assert!(!ok(&[("host", "chat.example")]), "no browser signal at all");
        assert!(!ok(&[
            ("host", "chat.example"),
            ("origin", "http://evil.example"),
            ("sec-fetch-site", "same-origin")
        ]));
    }

    #[test]
    fn forms_and_json_only() {
        let ok = |ct| form_or_json(&headers(&[("content-type", ct)])).is_ok();
        assert!(ok("application/x-www-form-urlencoded"));
        assert!(ok("application/json; charset=utf-8"));
        assert!(ok("Application/JSON"));
        assert!(!ok("text/plain"));
        assert!(!ok("text/plain; a=application/json"));
        assert!(form_or_json(&HeaderMap::new()).is_err());
    }
}
