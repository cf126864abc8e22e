//! Sizes both ends enforce (the server is the authority; the widget checks early).

/// A message is 1–4,000 characters (Unicode scalar values) after trimming.
pub const MESSAGE_MAX_CHARS: usize = 4_000;
pub const VISITOR_NAME_MAX_CHARS: usize = 100;
pub const EMAIL_MAX_CHARS: usize = 254;
pub const PAGE_URL_MAX_CHARS: usize = 2_048;
/// A rating's optional comment.
pub const RATING_COMMENT_MAX_CHARS: usize = 1_000;
/// An IANA time zone name (the longest real one is about 30).
pub const TIME_ZONE_MAX_CHARS: usize = 64;
pub const USER_AGENT_MAX_CHARS: usize = 512;
/// Client-generated message ids: 1–64 characters of `[A-Za-z0-9_-]`.
pub const CLIENT_ID_MAX_CHARS: usize = 64;
/// Largest HTTP body or WebSocket frame the server accepts from a visitor.
pub const MAX_BODY_BYTES: usize = 32 * 1024;

/// Why a message text is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    Empty,
    TooLong,
}

impl TextProblem {
    pub fn message(self) -> &'static str {
        match self {
            TextProblem::Empty => "Type a message first.",
            TextProblem::TooLong => "Messages can be at most 4,000 characters.",
        }
    }
}

/// The text as stored: trimmed, 1–4,000 characters.
pub fn check_message_text(raw: &str) -> Result<&str, TextProblem> {
    let text = raw.trim();
    if text.is_empty() {
        Err(TextProblem::Empty)
    } else if text.chars().count() > MESSAGE_MAX_CHARS {
        Err(TextProblem::TooLong)
    } else {
        Ok(text)
    }
}

pub fn is_valid_client_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= CLIENT_ID_MAX_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_text_rules() {
        assert_eq!(check_message_text("  hi  "), Ok("hi"));
        assert_eq!(check_message_text(" \n\t "), Err(TextProblem::Empty));
        assert_eq!(check_message_text(""), Err(TextProblem::Empty));
        let max = "é".repeat(MESSAGE_MAX_CHARS);
        assert_eq!(check_message_text(&max), Ok(max.as_str()));
        let over = "é".repeat(MESSAGE_MAX_CHARS + 1);
        assert_eq!(check_message_text(&over), Err(TextProblem::TooLong));
    }

    #[test]
    fn client_ids() {
        assert!(is_valid_client_id("m-1a2b_C"));
        assert!(!is_valid_client_id(""));
        assert!(!is_valid_client_id("has space"));
        assert!(!is_valid_client_id(&"a".repeat(65)));
    }
}
