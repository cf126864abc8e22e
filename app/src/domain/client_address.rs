//! Which address a request came from, behind a known number of trusted proxies.
//!
//! Each proxy appends the address it received the request from to `X-Forwarded-For`, so
//! the list ends with what the trusted proxies wrote and begins with whatever the client
//! wrote itself. With `hops` trusted proxies the client's address is the `hops`-th entry
//! from the right; anything left of it is the client's own claim and never used.
use std::net::IpAddr;

/// The client address from the `X-Forwarded-For` values (in header order) for `hops`
/// trusted proxies, or `None` (then the socket peer is the client): no proxy trusted, too
/// few entries, or an entry that is not an IP address.
pub fn forwarded_client<'a>(
    values: impl IntoIterator<Item = &'a str>,
    hops: u32,
) -> Option<String> {
    if hops == 0 {
        return None;
    }
    let entries: Vec<&str> = values
        .into_iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    let index = entries.len().checked_sub(usize::try_from(hops).ok()?)?;
    entries[index]
        .parse::<IpAddr>()
        .ok()
        .map(|ip| ip.to_string())
}

/// `CHAT_TRUST_PROXY`: a number of hops; `true`/`yes` mean one (the usual single nginx).
pub fn parse_hops(raw: Option<&str>) -> u32 {
    match raw.map(|v| v.trim().to_ascii_lowercase()) {
        None => 0,
        Some(v) if matches!(v.as_str(), "true" | "yes" | "on") => 1,
        Some(v) => v.parse().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_trusted_proxy_means_the_header_is_ignored() {
        assert_eq!(forwarded_client(["1.2.3.4"], 0), None);
    }

    #[test]
    fn one_hop_takes_what_the_proxy_appended_not_what_the_client_wrote() {
        // The client sent "X-Forwarded-For: 6.6.6.6"; nginx appended the real peer.
        assert_eq!(
            forwarded_client(["6.6.6.6, 203.0.113.7"], 1).as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(
            forwarded_client(["203.0.113.7"], 1).as_deref(),
            Some("203.0.113.7")
        );
    }

    #[test]
    fn several_headers_are_one_list() {
        assert_eq!(
            forwarded_client(["6.6.6.6", "203.0.113.7, 10.0.0.2"], 2).as_deref(),
            Some("203.0.113.7")
        );
    }

    #[test]
    fn too_few_entries_or_garbage_fall_back_to_the_peer() {
        assert_eq!(forwarded_client(["203.0.113.7"], 2), None);
        assert_eq!(forwarded_client(["<script>"], 1), None);
        assert_eq!(forwarded_client(Vec::<&str>::new(), 1), None);
        assert_eq!(
            forwarded_client([" 2001:db8::1 "], 1).as_deref(),
            Some("2001:db8::1")
        );
    }

    #[test]
    fn hops_from_the_environment() {
        assert_eq!(parse_hops(None), 0);
        assert_eq!(parse_hops(Some("1")), 1);
        assert_eq!(parse_hops(Some("yes")), 1);
        assert_eq!(parse_hops(Some("2")), 2);
        assert_eq!(parse_hops(Some("0")), 0);
        assert_eq!(parse_hops(Some("nonsense")), 0);
    }
}
