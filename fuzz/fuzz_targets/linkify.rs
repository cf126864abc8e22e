//! `protocol::linkify::segments`: finds links in any message text (server, app and widget).
//!
//! Properties: no panic; the segments' slices, concatenated, are exactly the input; no
//! empty segment and never two text segments in a row; a link segment starts with
//! `http://`, `https://` or `www.` (any case), has more than that prefix, holds only URL
//! characters, and its `href` is an absolute http(s) URL; text segments have no `href`;
//! a link on its own is found again as that one link.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protocol::linkify::{segments, Segment};

fn prefix_len(s: &str) -> Option<usize> {
    ["https://", "http://", "www."]
        .iter()
        .find(|p| {
            s.len() >= p.len()
                && s.is_char_boundary(p.len())
                && s[..p.len()].eq_ignore_ascii_case(p)
        })
        .map(|p| p.len())
}

fn is_url_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let segs = segments(text);

    let joined: String = segs
        .iter()
        .map(|s| match s {
            Segment::Text(t) | Segment::Link(t) => *t,
        })
        .collect();
    assert_eq!(joined, text, "segments do not reproduce the input");

    for (n, seg) in segs.iter().enumerate() {
        match seg {
            Segment::Text(t) => {
                assert!(!t.is_empty(), "empty text segment");
                assert_eq!(seg.href(), None);
                if n > 0 {
                    assert!(
                        !matches!(segs[n - 1], Segment::Text(_)),
                        "two text segments in a row"
                    );
                }
            }
            Segment::Link(url) => {
                let plen = prefix_len(url)
                    .unwrap_or_else(|| panic!("link {url:?} has no http(s)/www. prefix"));
                assert!(url.len() > plen, "link {url:?} is only a prefix");
                assert!(
                    url.bytes().all(is_url_byte),
                    "link {url:?} has a non-URL byte"
                );
                let href = seg
                    .href()
                    .unwrap_or_else(|| panic!("link {url:?} without href"));
                let lower = href.to_ascii_lowercase();
                assert!(
                    lower.starts_with("http://") || lower.starts_with("https://"),
                    "href {href:?} of link {url:?} is not an absolute http(s) URL"
                );
                assert_eq!(
                    segments(url),
                    vec![Segment::Link(url)],
                    "link {url:?} on its own is not the same link"
                );
            }
        }
    }
});
