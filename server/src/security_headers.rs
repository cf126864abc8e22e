//! Response headers that limit what a page can do if something hostile ever reaches it.
//!
//! Every response: `X-Content-Type-Options: nosniff` and `Referrer-Policy: same-origin`.
//! HTML (the agent app): a Content Security Policy that runs only the app's own scripts and
//! wasm, plus the inline hydration bootstrap carrying this response's nonce; no framing.
//! The nonce is made here, handed to Leptos through the request (`CspNonce`, read by the
//! router's context), and written into the header once the page is rendered.
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// This request's CSP nonce (a request extension).
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

pub async fn add(mut req: Request, next: Next) -> Response {
    let nonce = app::ssr::tokens::new_public_id();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        if let Ok(csp) = HeaderValue::from_str(&page_policy(&nonce)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        }
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    res
}

/// The agent app's policy. `'wasm-unsafe-eval'` lets the page compile its own wasm (it
/// allows no `eval` of strings); `connect-src 'self'` covers the app's own WebSocket.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_no_inline_script_without_the_nonce() {
        let p = page_policy("abc");
        assert!(p.contains("script-src 'self' 'wasm-unsafe-eval' 'nonce-abc';"));
        assert!(!p.contains("unsafe-inline"));
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(p.contains("object-src 'none'"));
    }
}
