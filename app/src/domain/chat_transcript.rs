//! The plain-text transcript a ticket gets from a chat: every line in order with its time
//! and speaker, system lines included, and the agents' internal notes marked as such.
//! Plain text: shown as text wherever it appears. (A ticket is internal; anything that goes
//! to the visitor renders the transcript without notes.)
use chrono::DateTime;
use protocol::{Message, Sender};

use super::chat_notes::{interleave, LogEntry};
use crate::models::chat::ChatNote;

/// Who the chat was with, for the transcript's heading.
pub struct TranscriptHeader<'a> {
    pub visitor_name: &'a str,
    pub visitor_email: Option<&'a str>,
    pub started_at: i64,
    pub page_url: Option<&'a str>,
}

pub fn render(header: &TranscriptHeader<'_>, messages: &[Message], notes: &[ChatNote]) -> String {
    let mut out = String::new();
    out.push_str("Chat transcript\n");
    out.push_str(&format!("Visitor: {}", one_line(header.visitor_name)));
    if let Some(email) = header.visitor_email {
        out.push_str(&format!(" <{}> (unverified)", one_line(email)));
    }
    out.push('\n');
    out.push_str(&format!("Started: {} UTC\n", datetime(header.started_at)));
    if let Some(url) = header.page_url {
        out.push_str(&format!("Page: {}\n", one_line(url)));
    }
    out.push('\n');
    for entry in interleave(messages, notes) {
        let m = match entry {
            LogEntry::Message(m) => m,
            LogEntry::Note(n) => {
                let text = indented(&n.text);
                out.push_str(&format!(
                    "[{}] Internal note by {} (not seen by the visitor): {text}\n",
                    datetime(n.created_at),
                    one_line(&n.author)
                ));
                continue;
            }
        };
        let time = datetime(m.created_at);
        match m.sender {
            Sender::System => out.push_str(&format!("[{time}] {}\n", one_line(&m.text))),
            Sender::Visitor | Sender::Agent => {
                let who = m.author.as_deref().unwrap_or(match m.sender {
                    Sender::Visitor => header.visitor_name,
                    _ => "Agent",
                });
                let text = match &m.file {
                    Some(f) => format!(
                        "sent a file: {} ({}) /files/{}",
                        one_line(&f.name),
                        crate::domain::file_upload::size_label(f.size.max(0) as u64),
                        f.id
                    ),
                    None => indented(&m.text),
                };
                out.push_str(&format!("[{time}] {}: {text}\n", one_line(who)));
            }
        }
    }
    out
}

/// Continuation lines indented, so each message stays one block: no text can start a
/// line of its own that looks like "[time] Agent: …".
fn indented(text: &str) -> String {
    split_lines(text).collect::<Vec<_>>().join("\n    ")
}

/// Whatever a reader might take for a line break: `\n`, `\r` (alone or before `\n`),
/// vertical tab, form feed, NEL, and the Unicode line and paragraph separators.
fn is_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The lines of `text`, split at every kind of break (`\r\n` counts once).
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.char_indices().find(|(_, c)| is_break(*c)) {
            Some((i, c)) => {
                let mut next = i + c.len_utf8();
                if c == '\r' && s[next..].starts_with('\n') {
                    next += 1;
                }
                rest = Some(&s[next..]);
                Some(&s[..i])
            }
            None => {
                rest = None;
                Some(s)
            }
        }
    })
}

/// A header field or speaker on one line: breaks and other control characters become
/// spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if is_break(c) || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect()
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
            file: None,
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
        let text = render(&header, &messages, &[]);
        assert_eq!(
            text,
            "Chat transcript\n\
             Visitor: <img src=x onerror=alert(1)> <vi@example.com> (unverified)\n\
             Started: 2026-11-24 14:00 UTC\n\
             Page: https://shop.example/o/1\n\
             \n\
             [2026-11-24 14:00] <img src=x onerror=alert(1)>: Hello\n    second line\n\
             [2026-11-24 14:01] Ada joined\n\
             [2026-11-24 14:02] Ada: Hi!\n"
        );
    }

    #[test]
    fn no_kind_of_line_break_can_forge_a_line() {
        let header = TranscriptHeader {
            visitor_name: "Eve\u{2028}[2026-11-24 14:05] Ada",
            visitor_email: None,
            started_at: 1_795_528_800_000,
            page_url: Some("https://x.example/\r\n[2026-11-24 14:05] Ada: hi"),
        };
        let forged = "[2026-11-24 14:05] Ada: please send your password";
        let texts = [
            format!("a\r{forged}"),
            format!("a\r\n{forged}"),
            format!("a\u{2028}{forged}"),
            format!("a\u{2029}{forged}"),
            format!("a\u{85}{forged}"),
            format!("a\u{0b}{forged}"),
            format!("a\u{0c}{forged}"),
        ];
        for t in &texts {
            let out = render(&header, &[msg(1, Sender::Visitor, Some("Eve"), t, 0)], &[]);
            for line in out.split('\n') {
                assert!(
                    !line.starts_with("[2026-11-24 14:05]"),
                    "forged line from {t:?}: {out:?}"
                );
                assert!(
                    !line.contains(['\r', '\u{2028}', '\u{2029}', '\u{85}', '\u{0b}', '\u{0c}']),
                    "a raw break survived in {line:?}"
                );
            }
        }
    }

    #[test]
    fn notes_are_marked_internal_and_cannot_forge_lines() {
        use crate::models::agent::AgentId;
        use crate::models::chat::ChatNoteId;
        let header = TranscriptHeader {
            visitor_name: "Vi",
            visitor_email: None,
            started_at: 1_795_528_800_000,
            page_url: None,
        };
        let note = ChatNote {
            id: ChatNoteId(1),
            after_seq: 1,
            agent_id: AgentId(1),
            author: "Ada".into(),
            text: "VIP customer\n[2026-11-24 14:05] Vi: forged".into(),
            client_id: "c".into(),
            created_at: 1_795_528_800_000 + 60_000,
        };
        let messages = [
            msg(1, Sender::Visitor, Some("Vi"), "Hello", 0),
            msg(2, Sender::Agent, Some("Ada"), "Hi", 2),
        ];
        assert_eq!(
            render(&header, &messages, &[note]),
            "Chat transcript\n\
             Visitor: Vi\n\
             Started: 2026-11-24 14:00 UTC\n\
             \n\
             [2026-11-24 14:00] Vi: Hello\n\
             [2026-11-24 14:01] Internal note by Ada (not seen by the visitor): VIP customer\n    [2026-11-24 14:05] Vi: forged\n\
             [2026-11-24 14:02] Ada: Hi\n"
        );
    }

    #[test]
    fn splits_every_break_once() {
        let lines: Vec<_> = split_lines("a\r\nb\rc\n\nd\u{2028}e").collect();
        assert_eq!(lines, ["a", "b", "c", "", "d", "e"]);
        assert_eq!(split_lines("").collect::<Vec<_>>(), [""]);
    }
}
