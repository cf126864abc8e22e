//! Splits message text into plain text and links, so a UI can render URLs as links while
//! everything else stays text (never HTML).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    Text(&'a str),
    /// An `http://` or `https://` URL (or `www.` host, which gets `https://` prefixed by `href`).
    Link(&'a str),
}

impl Segment<'_> {
    /// The `href` for a link segment.
    pub fn href(&self) -> Option<String> {
        match self {
            // `segments` finds `www.` in any case: "WWW.example.com" must not become a
            // relative href.
            Segment::Link(url) if starts_with_ignore_case(url, "www.") => {
                Some(format!("https://{url}"))
            }
            Segment::Link(url) => Some((*url).to_string()),
            Segment::Text(_) => None,
        }
    }
}

/// Finds `http://`, `https://` and `www.` links. Trailing punctuation that usually ends a
/// sentence (`.,;:!?` and an unbalanced `)`) is not part of the link.
pub fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut rest_start = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let at_word_start = i == 0 || !is_url_char(bytes[i - 1]) || bytes[i - 1] == b'(';
        let tail = &text[i..];
        let prefix_len = if at_word_start {
            ["https://", "http://", "www."]
                .iter()
                .find(|p| starts_with_ignore_case(tail, p))
                .map(|p| p.len())
        } else {
            None
        };
        if let Some(plen) = prefix_len {
            let mut end = i + plen;
            while end < bytes.len() && is_url_char(bytes[end]) {
                end += 1;
            }
            let end = trim_trailing(text, i, end);
            if end > i + plen {
                if rest_start < i {
                    out.push(Segment::Text(&text[rest_start..i]));
                }
                out.push(Segment::Link(&text[i..end]));
                rest_start = end;
                i = end;
                continue;
            }
        }
        // Advance by one character (UTF-8 aware).
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    if rest_start < text.len() {
        out.push(Segment::Text(&text[rest_start..]));
    }
    out
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn is_url_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b)
}

fn trim_trailing(text: &str, start: usize, mut end: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        if end <= start {
            return end;
        }
        let last = bytes[end - 1];
        if b".,;:!?'".contains(&last) {
            end -= 1;
        } else if last == b')' {
            let opens = bytes[start..end].iter().filter(|b| **b == b'(').count();
            let closes = bytes[start..end].iter().filter(|b| **b == b')').count();
            if closes > opens {
                end -= 1;
            } else {
                return end;
            }
        } else {
            return end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Segment::{Link, Text};
    use super::*;

    #[test]
    fn plain_text_is_one_segment() {
        assert_eq!(segments("hello there"), vec![Text("hello there")]);
        assert_eq!(segments(""), vec![]);
    }

    #[test]
    fn finds_links_and_trims_punctuation() {
        assert_eq!(
            segments("See https://example.com/a?b=1. Thanks"),
            vec![
                Text("See "),
                Link("https://example.com/a?b=1"),
                Text(". Thanks")
            ]
        );
        assert_eq!(
            segments("(docs at www.example.com/x)"),
            vec![Text("(docs at "), Link("www.example.com/x"), Text(")")]
        );
        assert_eq!(
            segments("wiki https://en.wikipedia.org/wiki/Rust_(language) ok"),
            vec![
                Text("wiki "),
                Link("https://en.wikipedia.org/wiki/Rust_(language)"),
                Text(" ok")
            ]
        );
    }

    #[test]
    fn html_is_never_a_link_and_stays_text() {
        let s = "<img src=x onerror=alert(1)>";
        assert_eq!(segments(s), vec![Text(s)]);
        assert_eq!(
            segments("javascript:alert(1) http://"),
            vec![Text("javascript:alert(1) http://")]
        );
    }

    #[test]
    fn only_at_word_start_and_unicode_safe() {
        assert_eq!(segments("xhttps://a.b"), vec![Text("xhttps://a.b")]);
        // Non-ASCII hosts are left as text rather than cut in the middle of a character.
        assert_eq!(
            segments("héllo https://ü.example ñ"),
            vec![Text("héllo https://ü.example ñ")]
        );
        assert_eq!(
            segments("ünïcode https://ok.example/ä"),
            vec![Text("ünïcode "), Link("https://ok.example/"), Text("ä")]
        );
        assert_eq!(
            Link("www.a.com").href().as_deref(),
            Some("https://www.a.com")
        );
        assert_eq!(Link("HTTP://A.COM").href().as_deref(), Some("HTTP://A.COM"));
    }

    #[test]
    fn upper_case_www_links_get_an_absolute_href() {
        // Found by `scripts/fuzz linkify`: the link was found, but its href stayed relative.
        let segs = segments("see WWW.Example.com now");
        assert_eq!(
            segs,
            vec![Text("see "), Link("WWW.Example.com"), Text(" now")]
        );
        assert_eq!(segs[1].href().as_deref(), Some("https://WWW.Example.com"));
        assert_eq!(
            Link("Www.a.com").href().as_deref(),
            Some("https://Www.a.com")
        );
    }
}
