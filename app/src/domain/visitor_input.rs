//! Validating what a visitor sends when starting a chat.
use protocol::limits::{
    check_message_text, is_valid_client_id, PAGE_URL_MAX_CHARS, USER_AGENT_MAX_CHARS,
};
use protocol::visitor::StartChat;

use super::validation::{DisplayName, Email};
use crate::error::AppError;

/// A start-chat request that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChat {
    pub name: String,
    pub email: Option<String>,
    pub message: String,
    pub client_id: String,
    pub page_url: Option<String>,
    pub user_agent: Option<String>,
    pub time_zone: Option<String>,
}

impl NewChat {
    pub fn parse(req: StartChat, user_agent: Option<&str>) -> Result<Self, AppError> {
        let name = DisplayName::parse("name", &req.name)?.into_inner();
        let email = match req.email.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => Some(Email::parse("email", raw)?.into_inner()),
        };
        let message = message_text("message", &req.message)?;
        let client_id = client_id(&req.client_id)?;
        let page_url = match req.page_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(url) if url.chars().count() > PAGE_URL_MAX_CHARS => {
                return Err(AppError::validation(
                    "page_url",
                    "The page address is too long.",
                ))
            }
            Some(url) if url.chars().any(|c| c.is_control() || c.is_whitespace()) => {
                return Err(AppError::validation(
                    "page_url",
                    "The page address is not valid.",
                ))
            }
            Some(url) => Some(url.to_string()),
        };
        let user_agent = user_agent
            .map(|ua| ua.chars().take(USER_AGENT_MAX_CHARS).collect::<String>())
            .filter(|ua| !ua.is_empty());
        Ok(Self {
            name,
            email,
            message,
            client_id,
            page_url,
            user_agent,
            time_zone: req.time_zone.as_deref().and_then(time_zone),
        })
    }
}

/// A message text as stored (trimmed), or a validation error on `field`.
pub fn message_text(field: &str, raw: &str) -> Result<String, AppError> {
    check_message_text(raw)
        .map(str::to_string)
        .map_err(|p| AppError::validation(field, p.message()))
}

pub fn client_id(raw: &str) -> Result<String, AppError> {
    if is_valid_client_id(raw) {
        Ok(raw.to_string())
    } else {
        Err(AppError::validation(
            "client_id",
            "client_id must be 1–64 letters, digits, '-' or '_'.",
        ))
    }
}

/// The queue's one-line preview of a first message.
pub fn preview(text: &str) -> String {
    const MAX: usize = 140;
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX {
        one_line
    } else {
        let cut: String = one_line.chars().take(MAX - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A message left outside business hours: a name, an email (required: the answer goes
/// there) and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflineNote {
    pub name: String,
    pub email: String,
    pub message: String,
}

impl OfflineNote {
    pub fn parse(req: protocol::visitor::OfflineMessage) -> Result<Self, AppError> {
        let name = DisplayName::parse("name", &req.name)?.into_inner();
        if req.email.trim().is_empty() {
            return Err(AppError::validation(
                "email",
                "Enter your email: we answer there.",
            ));
        }
        let email = Email::parse("email", req.email.trim())?.into_inner();
        let message = message_text("message", &req.message)?;
        Ok(Self {
            name,
            email,
            message,
        })
    }
}

/// A time zone name as browsers report them (`Europe/Berlin`, `America/Argentina/Salta`,
/// `Etc/GMT+3`, `UTC`): letters, digits, `/`, `_`, `-`, `+`, at most 64 characters and
/// no leading `/` or `.` anywhere. Anything else is dropped, not refused: a chat never
/// fails over its visitor's clock.
pub fn time_zone(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let fits = !raw.is_empty()
        && raw.len() <= protocol::limits::TIME_ZONE_MAX_CHARS
        && !raw.starts_with('/')
        && raw.starts_with(|c: char| c.is_ascii_alphabetic())
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'));
    fits.then(|| raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req() -> StartChat {
        StartChat {
            name: " Vi ".into(),
            email: Some(" Vi@Example.com ".into()),
            message: " Hello \n".into(),
            client_id: "c-1".into(),
            page_url: Some("https://shop.example/p".into()),
            time_zone: Some("Europe/Berlin".into()),
        }
    }

    #[test]
    fn a_time_zone_is_kept_when_it_looks_like_one() {
        for good in [
            "Europe/Berlin",
            "America/Argentina/Buenos_Aires",
            "Etc/GMT+3",
            "UTC",
            "America/Port-au-Prince",
        ] {
            assert_eq!(time_zone(good).as_deref(), Some(good));
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "Europe/Berlin<script>",
            "a b",
            "Zone\u{0}",
            "1/2",
            &"A".repeat(65),
        ] {
            assert_eq!(time_zone(bad), None, "{bad}");
        }
        let chat = NewChat::parse(req(), None).unwrap();
        assert_eq!(chat.time_zone.as_deref(), Some("Europe/Berlin"));
        let odd = NewChat::parse(
            StartChat {
                time_zone: Some("<b>".into()),
                ..req()
            },
            None,
        )
        .unwrap();
        assert_eq!(odd.time_zone, None, "dropped, the chat still starts");
    }

    #[test]
    fn normalizes_a_good_request() {
        let chat = NewChat::parse(req(), Some("Mozilla/5.0")).unwrap();
        assert_eq!(chat.name, "Vi");
        assert_eq!(chat.email.as_deref(), Some("vi@example.com"));
        assert_eq!(chat.message, "Hello");
        assert_eq!(chat.user_agent.as_deref(), Some("Mozilla/5.0"));
    }

    #[test]
    fn email_is_optional_but_checked() {
        let mut r = req();
        r.email = Some("  ".into());
        assert_eq!(NewChat::parse(r, None).unwrap().email, None);
        let mut r = req();
        r.email = Some("nope".into());
        assert_eq!(NewChat::parse(r, None).unwrap_err().field(), Some("email"));
    }

    #[test]
    fn each_field_is_named_in_its_error() {
        type Mutation = fn(&mut StartChat);
        let cases: [(Mutation, &str); 5] = [
            (|r| r.name = "".into(), "name"),
            (|r| r.message = "   ".into(), "message"),
            (|r| r.message = "x".repeat(4001), "message"),
            (|r| r.client_id = "bad id".into(), "client_id"),
            (|r| r.page_url = Some("x".repeat(2049)), "page_url"),
        ];
        for (mutate, field) in cases {
            let mut r = req();
            mutate(&mut r);
            assert_eq!(NewChat::parse(r, None).unwrap_err().field(), Some(field));
        }
    }

    #[test]
    fn preview_is_one_short_line() {
        assert_eq!(preview("a\n\nb   c"), "a b c");
        let long = "word ".repeat(60);
        let p = preview(&long);
        assert!(p.chars().count() <= 140);
        assert!(p.ends_with('…'));
    }
}
