//! `app::domain::rich_text`: message markup from anyone in a chat or channel.
//!
//! Properties: no panic; every link is an absolute http(s) URL (never `javascript:`, never
//! a relative `www.` href); mentions are non-empty lower-case handles of `[a-z0-9._-]`
//! without a trailing `.`; bold/italic/code spans are non-empty, one line, not space-padded;
//! `mentions` is sorted, distinct and exactly the mentions `parse` finds outside code.
#![no_main]

use app::domain::rich_text::{inlines, mentions, parse, Block, Inline};
use libfuzzer_sys::fuzz_target;

fn has_scheme(url: &str, scheme: &str) -> bool {
    url.len() >= scheme.len()
        && url.is_char_boundary(scheme.len())
        && url[..scheme.len()].eq_ignore_ascii_case(scheme)
}

fn check_link(url: &str, input: &str) {
    let scheme_len = if has_scheme(url, "https://") {
        8
    } else if has_scheme(url, "http://") {
        7
    } else {
        panic!("link {url:?} is not http(s) (input {input:?})");
    };
    assert!(url.len() > scheme_len, "link {url:?} has no host");
    assert!(
        url.bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'<' | b'>' | b'"' | b'`' | b'\\')),
        "link {url:?} has characters a URL must not carry"
    );
}

fn check_span(kind: &str, inner: &str) {
    assert!(!inner.is_empty(), "empty {kind}");
    assert!(!inner.contains('\n'), "{kind} {inner:?} spans lines");
    assert!(
        !inner.starts_with(' ') && !inner.ends_with(' '),
        "{kind} {inner:?} is space-padded"
    );
}

fn check_mention(handle: &str) {
    assert!(!handle.is_empty(), "empty mention");
    assert!(
        !handle.chars().any(char::is_whitespace),
        "mention {handle:?} has whitespace"
    );
    assert!(
        handle.bytes().all(|b| b.is_ascii_lowercase()
            || b.is_ascii_digit()
            || matches!(b, b'.' | b'_' | b'-')),
        "mention {handle:?} is not a lower-case handle"
    );
    assert!(!handle.ends_with('.'), "mention {handle:?} ends with '.'");
}

fn check_inlines(pieces: &[Inline], input: &str) {
    for (n, piece) in pieces.iter().enumerate() {
        match piece {
            Inline::Text(t) => {
                assert!(!t.is_empty(), "empty text piece");
                if n > 0 {
                    assert!(
                        !matches!(pieces[n - 1], Inline::Text(_)),
                        "two text pieces in a row"
                    );
                }
            }
            Inline::Bold(s) => check_span("bold", s),
            Inline::Italic(s) => check_span("italic", s),
            Inline::Code(s) => check_span("code", s),
            Inline::Link(url) => check_link(url, input),
            Inline::Mention(h) => check_mention(h),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    check_inlines(&inlines(text), text);

    let blocks = parse(text);
    let mut found = Vec::new();
    for block in &blocks {
        match block {
            Block::Paragraph(pieces) => {
                assert!(!pieces.is_empty(), "empty paragraph");
                check_inlines(pieces, text);
                found.extend(pieces.iter().filter_map(|p| match p {
                    Inline::Mention(h) => Some(h.clone()),
                    _ => None,
                }));
            }
            Block::Code(code) => assert!(!code.contains("```"), "code block {code:?} has a fence"),
        }
    }

    let listed = mentions(text);
    for h in &listed {
        check_mention(h);
    }
    assert!(
        listed.windows(2).all(|w| w[0] < w[1]),
        "mentions not sorted and distinct"
    );
    found.sort();
    found.dedup();
    assert_eq!(
        listed, found,
        "mentions() differs from the mentions in parse()"
    );
});
