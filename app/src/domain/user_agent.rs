//! A visitor's browser and operating system in words, from the User-Agent header:
//! "Chrome 120 on Windows", "Safari 17 on iPhone (iOS 17.2)". The header is whatever the
//! visitor's browser (or anyone) sent: only known tokens are read, and version numbers are
//! kept to digits, so nothing of it reaches the page but names from this file and numbers.

/// "Firefox 121 on Linux"; "Unknown browser" when nothing is recognised.
pub fn describe(ua: &str) -> String {
    let browser = browser(ua);
    match (browser, os(ua)) {
        (Some(b), Some(o)) => format!("{b} on {o}"),
        (Some(b), None) => b,
        (None, Some(o)) => format!("Unknown browser on {o}"),
        (None, None) => "Unknown browser".into(),
    }
}

/// The digits (and dots, when `dots`) right after `token`, at most 12 characters.
fn version_after(ua: &str, token: &str, dots: bool) -> Option<String> {
    let start = ua.find(token)? + token.len();
    let v: String = ua[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || (dots && (*c == '.' || *c == '_')))
        .take(12)
        .map(|c| if c == '_' { '.' } else { c })
        .collect();
    let v = v.trim_end_matches('.').to_string();
    (!v.is_empty()).then_some(v)
}

fn major(ua: &str, token: &str) -> Option<String> {
    version_after(ua, token, false)
}

fn named(name: &str, version: Option<String>) -> String {
    match version {
        Some(v) => format!("{name} {v}"),
        None => name.to_string(),
    }
}

fn browser(ua: &str) -> Option<String> {
    // Order matters: Edge, Opera and Samsung say "Chrome" too; Chrome says "Safari".
    const CHROMIUM_FORKS: [(&str, &str); 5] = [
        ("Edg/", "Edge"),
        ("EdgA/", "Edge"),
        ("EdgiOS/", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
    ];
    for (token, name) in CHROMIUM_FORKS {
        if ua.contains(token) {
            return Some(named(name, major(ua, token)));
        }
    }
    if ua.contains("Firefox/") {
        return Some(named("Firefox", major(ua, "Firefox/")));
    }
    if ua.contains("FxiOS/") {
        return Some(named("Firefox", major(ua, "FxiOS/")));
    }
    if ua.contains("CriOS/") {
        return Some(named("Chrome", major(ua, "CriOS/")));
    }
    if ua.contains("Chrome/") {
        return Some(named("Chrome", major(ua, "Chrome/")));
    }
    if ua.contains("Safari/") && ua.contains("Version/") {
        return Some(named("Safari", major(ua, "Version/")));
    }
    None
}

fn os(ua: &str) -> Option<String> {
    if ua.contains("iPhone") {
        return Some(match version_after(ua, "OS ", true) {
            Some(v) => format!("iPhone (iOS {v})"),
            None => "iPhone".into(),
        });
    }
    if ua.contains("iPad") {
        return Some(match version_after(ua, "OS ", true) {
            Some(v) => format!("iPad (iPadOS {v})"),
            None => "iPad".into(),
        });
    }
    if ua.contains("Android") {
        return Some(named("Android", version_after(ua, "Android ", true)));
    }
    if let Some(v) = version_after(ua, "Windows NT ", true) {
        let name = match v.as_str() {
            "10.0" => "Windows 10 or 11",
            "6.3" => "Windows 8.1",
            "6.2" => "Windows 8",
            "6.1" => "Windows 7",
            _ => "Windows",
        };
        return Some(name.into());
    }
    if ua.contains("Windows") {
        return Some("Windows".into());
    }
    if ua.contains("CrOS") {
        return Some("ChromeOS".into());
    }
    if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        return Some("macOS".into());
    }
    if ua.contains("Linux") {
        return Some("Linux".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn common_browsers_in_words() {
        let cases = [
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome 120 on Windows 10 or 11"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91", "Edge 120 on Windows 10 or 11"),
            ("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", "Firefox 121 on Linux"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15", "Safari 17 on macOS"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1", "Safari 17 on iPhone (iOS 17.2.1)"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1", "Chrome 120 on iPhone (iOS 17.2)"),
            ("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36", "Samsung Internet 23 on Android 14"),
            ("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome 120 on ChromeOS"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0", "Opera 106 on Windows 10 or 11"),
        ];
        for (ua, words) in cases {
            assert_eq!(describe(ua), words, "{ua}");
        }
    }

    #[test]
    fn unknown_and_hostile_headers() {
        assert_eq!(describe(""), "Unknown browser");
        assert_eq!(describe("TestBrowser/1.0"), "Unknown browser");
        assert_eq!(describe("curl/8.5.0 (Linux)"), "Unknown browser on Linux");
        // Only digits follow a name: markup after a token is not carried along.
        assert_eq!(
            describe("Chrome/<script>alert(1)</script> Windows NT 10.0"),
            "Chrome on Windows 10 or 11"
        );
        assert_eq!(
            describe("Firefox/1234567890123456789"),
            "Firefox 123456789012"
        );
    }
}
