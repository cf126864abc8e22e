//! The agent session cookie.
use http::HeaderMap;

pub const SESSION_COOKIE: &str = "chat_session";
/// Thirty days, the same as the stored session's lifetime.
pub const SESSION_MAX_AGE_SECS: i64 = 30 * 24 * 3600;

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"').to_string())
}

pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={SESSION_MAX_AGE_SECS}; HttpOnly; SameSite=Lax{}",
        if secure { "; Secure" } else { "" }
    )
}

pub fn clear_session_cookie(secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Whether the request reached us over https (directly configured, or said by a proxy).
pub fn is_secure(headers: &HeaderMap, force: bool) -> bool {
    force
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn reads_named_cookie() {
        let mut h = HeaderMap::new();
        h.insert(
            http::header::COOKIE,
            HeaderValue::from_static("a=1; chat_session=tok; b=2"),
        );
        assert_eq!(read(&h, SESSION_COOKIE).as_deref(), Some("tok"));
        assert_eq!(read(&h, "missing"), None);
    }

    #[test]
    fn cookie_flags() {
        let c = session_cookie("t", false);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && !c.contains("Secure"));
        assert!(session_cookie("t", true).ends_with("; Secure"));
    }

    #[test]
    fn secure_from_proxy_header() {
        let mut h = HeaderMap::new();
        assert!(!is_secure(&h, false));
        assert!(is_secure(&h, true));
        h.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert!(is_secure(&h, false));
    }
}
