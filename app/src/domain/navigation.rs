//! Where to send an agent after signing in.

/// `raw` if it is a path on this site, else the Chat Queue. Refuses absolute and
/// protocol-relative URLs, so `?next=` cannot send anyone to another site.
pub fn safe_next(raw: Option<&str>) -> String {
    match raw.map(str::trim) {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.starts_with("/\\")
                && !p.starts_with("/sign-in")
                && !p.chars().any(|c| c.is_control()) =>
        {
            p.to_string()
        }
        _ => HOME.to_string(),
    }
}

pub const HOME: &str = "/chat/queue";

/// Percent-encodes a value for a URL query string (everything but unreserved characters).
pub fn encode_query_value(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes a percent-encoded query value (`+` is a space).
pub fn decode_query_value(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether a navigation link to `href` marks the page at `path` as current: the same
/// path, or a page below it (`/chat/channels` for `/chat/channels/7`).
pub fn link_is_current(href: &str, path: &str) -> bool {
    let href = href.split(['?', '#']).next().unwrap_or_default();
    let href = href.trim_end_matches('/');
    let path = path.trim_end_matches('/');
    path == href
        || path
            .strip_prefix(href)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The chat in a chat session page's path (`/chat/sessions/42` → 42).
pub fn session_in_path(path: &str) -> Option<i64> {
    path.strip_prefix("/chat/sessions/")?
        .trim_end_matches('/')
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_local_paths() {
        assert_eq!(safe_next(Some("/tickets?page=2")), "/tickets?page=2");
    }

    #[test]
    fn encodes_query_values() {
        assert_eq!(
            encode_query_value("/tickets?page=2&x"),
            "/tickets%3Fpage%3D2%26x"
        );
    }

    #[test]
    fn decodes_query_values() {
        assert_eq!(
            decode_query_value("%2Ftickets%3Fpage%3D2"),
            "/tickets?page=2"
        );
        assert_eq!(decode_query_value("a+b%"), "a b%");
        assert_eq!(
            decode_query_value(&encode_query_value("/x?y=1&z")),
            "/x?y=1&z"
        );
    }

    #[test]
    fn refuses_other_sites() {
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "",
            "/sign-in",
        ] {
            assert_eq!(safe_next(Some(bad)), HOME, "{bad}");
        }
        assert_eq!(safe_next(None), HOME);
    }

    #[test]
    fn marks_the_current_link() {
        assert!(link_is_current("/chat/queue", "/chat/queue"));
        assert!(link_is_current("/chat/channels", "/chat/channels/7"));
        assert!(link_is_current("/chat/queue?tab=closed", "/chat/queue"));
        assert!(!link_is_current("/chat/channels", "/chat/channelsx"));
        assert!(!link_is_current("/chat/queue", "/chat/channels"));
        assert!(!link_is_current("/settings/agents", "/settings/widget"));
    }

    #[test]
    fn reads_the_chat_in_a_session_path() {
        assert_eq!(session_in_path("/chat/sessions/42"), Some(42));
        assert_eq!(session_in_path("/chat/sessions/42/"), Some(42));
        assert_eq!(session_in_path("/chat/sessions/x"), None);
        assert_eq!(session_in_path("/chat/queue"), None);
    }
}
