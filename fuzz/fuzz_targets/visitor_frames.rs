//! What an anonymous visitor sends: live-socket frames and the start-chat body, checked by
//! `app::domain::visitor_input::NewChat::parse`, plus the shared `protocol::limits` rules.
//!
//! Input layout: JSON, then optionally `0xFF`-separated raw fields (0xFF never occurs in
//! UTF-8, so it cannot be part of the JSON). The first raw field is the User-Agent for the
//! JSON request; with at least four raw fields they also form a request of their own
//! (name, email, message, client_id, page_url, user agent), which reaches the checks with
//! characters JSON would need escapes for.
//!
//! Properties: no panic; a `ClientFrame` survives a JSON round trip (a `send` frame's
//! fields also go through the limits checks below); an accepted `NewChat`
//! has a trimmed 1–100 character name without control characters, U+2028/U+2029 or
//! bidirectional overrides, a client_id that passes `is_valid_client_id`, a message that
//! passes `check_message_text` unchanged, a lower-case email without whitespace, a page URL
//! without whitespace or control characters within its limit and a user agent within its
//! limit; a refusal names one of the request's fields. `check_message_text` returns the
//! trimmed input within 1–4,000 characters; `is_valid_client_id` is exactly 1–64 of
//! `[A-Za-z0-9_-]`.
#![no_main]

use app::domain::visitor_input::NewChat;
use libfuzzer_sys::fuzz_target;
use protocol::limits::{
    check_message_text, is_valid_client_id, TextProblem, CLIENT_ID_MAX_CHARS, MESSAGE_MAX_CHARS,
    PAGE_URL_MAX_CHARS, USER_AGENT_MAX_CHARS, VISITOR_NAME_MAX_CHARS,
};
use protocol::visitor::{ClientFrame, StartChat};

fn bad_in_name(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn check_limits(raw: &str) {
    match check_message_text(raw) {
        Ok(t) => {
            assert_eq!(t, raw.trim());
            assert!(!t.is_empty());
            assert!(t.chars().count() <= MESSAGE_MAX_CHARS);
            assert_eq!(check_message_text(t), Ok(t), "not idempotent");
        }
        Err(TextProblem::Empty) => assert!(raw.trim().is_empty()),
        Err(TextProblem::TooLong) => assert!(raw.trim().chars().count() > MESSAGE_MAX_CHARS),
    }
    let expected = !raw.is_empty()
        && raw.chars().count() <= CLIENT_ID_MAX_CHARS
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    assert_eq!(is_valid_client_id(raw), expected, "client id {raw:?}");
}

fn check_new_chat(req: StartChat, user_agent: Option<&str>) {
    check_limits(&req.message);
    check_limits(&req.client_id);
    check_limits(&req.name);
    match NewChat::parse(req.clone(), user_agent) {
        Ok(chat) => {
            let name = &chat.name;
            assert_eq!(name.as_str(), req.name.trim());
            assert!(!name.is_empty());
            assert!(name.chars().count() <= VISITOR_NAME_MAX_CHARS);
            assert!(
                !name.chars().any(bad_in_name),
                "accepted name {name:?} has a control character or separator"
            );
            assert!(
                is_valid_client_id(&chat.client_id),
                "client id {:?}",
                chat.client_id
            );
            assert_eq!(chat.client_id, req.client_id);
            assert_eq!(
                check_message_text(&chat.message),
                Ok(chat.message.as_str()),
                "stored message does not pass check_message_text as it is"
            );
            if let Some(email) = &chat.email {
                assert!(email.contains('@'));
                assert_eq!(*email, email.to_lowercase());
                assert!(!email.chars().any(|c| c.is_whitespace() || c.is_control()));
            }
            if let Some(url) = &chat.page_url {
                assert!(!url.is_empty());
                assert!(url.chars().count() <= PAGE_URL_MAX_CHARS);
                assert!(!url.chars().any(|c| c.is_whitespace() || c.is_control()));
            }
            if let Some(ua) = &chat.user_agent {
                assert!(!ua.is_empty());
                assert!(ua.chars().count() <= USER_AGENT_MAX_CHARS);
                assert!(user_agent.is_some_and(|raw| raw.starts_with(ua.as_str())));
            }
        }
        Err(e) => {
            let field = e.field();
            assert!(
                matches!(
                    field,
                    Some("name" | "email" | "message" | "client_id" | "page_url")
                ),
                "refusal names {field:?}"
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|b| *b == 0xFF);
    let json = parts.next().unwrap_or_default();
    let raw: Vec<String> = parts
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();

    if let Ok(frame) = serde_json::from_slice::<ClientFrame>(json) {
        let again = serde_json::to_vec(&frame).expect("a frame serializes");
        let back: ClientFrame = serde_json::from_slice(&again).expect("a frame parses back");
        assert_eq!(back, frame);
        if let ClientFrame::Send { client_id, text } = &frame {
            check_limits(client_id);
            check_limits(text);
        }
    }

    if let Ok(start) = serde_json::from_slice::<StartChat>(json) {
        check_new_chat(start, raw.first().map(String::as_str));
    }

    if raw.len() >= 4 {
        let optional = |s: Option<&String>| s.filter(|s| !s.is_empty()).cloned();
        let start = StartChat {
            name: raw[0].clone(),
            email: optional(raw.get(1)),
            message: raw[2].clone(),
            client_id: raw[3].clone(),
            page_url: optional(raw.get(4)),
        };
        check_new_chat(start, raw.get(5).map(String::as_str));
    }

    if let Ok(text) = std::str::from_utf8(json) {
        check_limits(text);
    }
});
