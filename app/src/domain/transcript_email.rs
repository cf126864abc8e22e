//! The transcript a visitor asks to be emailed: plain text and HTML, every piece of text
//! from the chat escaped, and never an internal note (this module is never given any).
use std::time::Duration;

use chrono::DateTime;
use protocol::{Message, Sender};

use super::chat_transcript::{render, TranscriptHeader};
use super::html_text::escape;

/// What goes out: the subject holds no text from the chat (nothing a visitor typed can
/// reach a mail header).
pub struct TranscriptMail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub fn compose(header: &TranscriptHeader<'_>, messages: &[Message]) -> TranscriptMail {
    let date = DateTime::from_timestamp_millis(header.started_at)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    TranscriptMail {
        subject: format!("Your chat transcript ({date})"),
        text: render(header, messages, &[]),
        html: html(header, messages),
    }
}

fn html(header: &TranscriptHeader<'_>, messages: &[Message]) -> String {
    let mut out = String::from(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Chat transcript</title></head>\
         <body style=\"font-family:sans-serif;color:#1d2330\"><h1 style=\"font-size:18px\">Chat transcript</h1>",
    );
    out.push_str(&format!(
        "<p>Visitor: {}<br>Started: {} UTC</p><table cellpadding=\"4\" style=\"border-collapse:collapse\">",
        escape(header.visitor_name),
        escape(&datetime(header.started_at)),
    ));
    for m in messages {
        let who = match m.sender {
            Sender::System => String::new(),
            Sender::Visitor => m
                .author
                .clone()
                .unwrap_or_else(|| header.visitor_name.into()),
            Sender::Agent => m.author.clone().unwrap_or_else(|| "Agent".into()),
        };
        let text = escape(&m.text).replace('\n', "<br>");
        let style = if m.sender == Sender::System {
            " style=\"color:#555;font-style:italic\""
        } else {
            ""
        };
        out.push_str(&format!(
            "<tr{style}><td style=\"color:#555;white-space:nowrap;vertical-align:top\">{}</td>\
             <td style=\"vertical-align:top\"><strong>{}</strong></td><td>{text}</td></tr>",
            escape(&datetime(m.created_at)),
            escape(&who),
        ));
    }
    out.push_str("</table></body></html>");
    out
}

fn datetime(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// Attempts before a mail is given up on.
pub const MAX_ATTEMPTS: i32 = 8;

/// The wait after failed attempt `attempt` (1-based): `base` doubling, at most an hour;
/// `None` once the last attempt failed.
pub fn retry_delay(attempt: i32, base: Duration) -> Option<Duration> {
    if attempt >= MAX_ATTEMPTS {
        return None;
    }
    let factor = 2u32.saturating_pow(attempt.clamp(1, 20) as u32 - 1);
    Some(base.saturating_mul(factor).min(Duration::from_secs(3600)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(seq: i64, sender: Sender, author: Option<&str>, text: &str) -> Message {
        Message {
            seq,
            sender,
            author: author.map(str::to_string),
            text: text.into(),
            client_id: None,
            created_at: 1_795_528_800_000 + seq * 60_000,
            file: None,
        }
    }

    fn header() -> TranscriptHeader<'static> {
        TranscriptHeader {
            visitor_name: "Vi <script>alert(1)</script>",
            visitor_email: Some("vi@example.com"),
            started_at: 1_795_528_800_000,
            page_url: None,
        }
    }

    #[test]
    fn html_escapes_everything_from_the_chat() {
        let mail = compose(
            &header(),
            &[
                msg(
                    1,
                    Sender::Visitor,
                    None,
                    "<img src=x onerror=alert(2)>\nline 2",
                ),
                msg(2, Sender::Agent, Some("Ann \"<b>\""), "a & b"),
                msg(3, Sender::System, None, "Chat closed"),
            ],
        );
        assert!(!mail.html.contains("<script>"));
        assert!(!mail.html.contains("<img"));
        assert!(!mail.html.contains("<b>"));
        assert!(mail
            .html
            .contains("&lt;img src=x onerror=alert(2)&gt;<br>line 2"));
        assert!(mail.html.contains("Ann &quot;&lt;b&gt;&quot;"));
        assert!(mail.html.contains("a &amp; b"));
        assert!(mail.text.contains("Ann \"<b>\": a & b"), "{}", mail.text);
        assert_eq!(mail.subject, "Your chat transcript (2026-11-24)");
    }

    #[test]
    fn no_internal_note_is_possible() {
        let mail = compose(&header(), &[msg(1, Sender::Visitor, None, "hi")]);
        assert!(!mail.text.contains("Internal note"));
        assert!(!mail.html.contains("Internal note"));
    }

    #[test]
    fn retries_back_off_then_stop() {
        let base = Duration::from_secs(30);
        assert_eq!(retry_delay(1, base), Some(Duration::from_secs(30)));
        assert_eq!(retry_delay(2, base), Some(Duration::from_secs(60)));
        assert_eq!(retry_delay(7, base), Some(Duration::from_secs(1920)));
        assert_eq!(
            retry_delay(6, Duration::from_secs(300)),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(retry_delay(MAX_ATTEMPTS, base), None);
    }
}
