//! The plain-text transcript a ticket gets from a chat: every line in order with its time
//! and speaker, system lines included. Plain text: shown as text wherever it appears.
use chrono::DateTime;
use protocol::{Message, Sender};

/// Who the chat was with, for the transcript's heading.
pub struct TranscriptHeader<'a> {
    pub visitor_name: &'a str,
    pub visitor_email: Option<&'a str>,
    pub started_at: i64,
    pub page_url: Option<&'a str>,
}

pub fn render(header: &TranscriptHeader<'_>, messages: &[Message]) -> String {
    let mut out = String::new();
    out.push_str("Chat transcript\n");
    out.push_str(&format!("Visitor: {}", header.visitor_name));
    if let Some(email) = header.visitor_email {
        out.push_str(&format!(" <{email}>"));
    }
    out.push('\n');
    out.push_str(&format!("Started: {} UTC\n", datetime(header.started_at)));
    if let Some(url) = header.page_url {
        out.push_str(&format!("Page: {url}\n"));
    }
    out.push('\n');
    for m in messages {
        let time = datetime(m.created_at);
        match m.sender {
            Sender::System => out.push_str(&format!("[{time}] {}\n", m.text)),
            Sender::Visitor | Sender::Agent => {
                let who = m.author.as_deref().unwrap_or(match m.sender {
                    Sender::Visitor => header.visitor_name,
                    _ => "Agent",
                });
                // Continuation lines are indented so each message stays one block.
                let text = m.text.replace('\n', "\n    ");
                out.push_str(&format!("[{time}] {who}: {text}\n"));
            }
        }
    }
    out
}

fn datetime(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(seq: i64, sender: Sender, author: Option<&str>, text: &str, min: i64) -> Message {
        Message {
            seq,
            sender,
            author: author.map(str::to_string),
            text: text.into(),
            client_id: None,
            // 2026-11-24 14:00 UTC + min
            created_at: 1_795_528_800_000 + min * 60_000,
        }
    }

    #[test]
    fn renders_every_line_in_order_with_time_and_speaker() {
        let header = TranscriptHeader {
            visitor_name: "<img src=x onerror=alert(1)>",
            visitor_email: Some("vi@example.com"),
            started_at: 1_795_528_800_000,
            page_url: Some("https://shop.example/o/1"),
        };
        let messages = [
            msg(
                1,
                Sender::Visitor,
                Some("<img src=x onerror=alert(1)>"),
                "Hello\nsecond line",
                0,
            ),
            msg(2, Sender::System, None, "Ada joined", 1),
            msg(3, Sender::Agent, Some("Ada"), "Hi!", 2),
        ];
        let text = render(&header, &messages);
        assert_eq!(
            text,
            "Chat transcript\n\
             Visitor: <img src=x onerror=alert(1)> <vi@example.com>\n\
             Started: 2026-11-24 14:00 UTC\n\
             Page: https://shop.example/o/1\n\
             \n\
             [2026-11-24 14:00] <img src=x onerror=alert(1)>: Hello\n    second line\n\
             [2026-11-24 14:01] Ada joined\n\
             [2026-11-24 14:02] Ada: Hi!\n"
        );
    }
}
