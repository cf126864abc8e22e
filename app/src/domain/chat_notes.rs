//! Internal notes beside a chat transcript: where each shows, and keeping the list on a
//! client. A note sits after the transcript line that was last when it was written.
use protocol::Message;

use crate::models::chat::ChatNote;

/// One entry of the session page's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogEntry {
    Message(Message),
    Note(ChatNote),
}

impl LogEntry {
    /// A key unique within one session's log.
    pub fn key(&self) -> String {
        match self {
            LogEntry::Message(m) => format!("m{}", m.seq),
            LogEntry::Note(n) => format!("n{}", n.id.0),
        }
    }
}

/// Messages in seq order with each note after the last message at or before its
/// `after_seq` (notes at one place in the order written).
pub fn interleave(messages: &[Message], notes: &[ChatNote]) -> Vec<LogEntry> {
    let mut notes: Vec<&ChatNote> = notes.iter().collect();
    notes.sort_by_key(|n| (n.after_seq, n.id));
    let mut out = Vec::with_capacity(messages.len() + notes.len());
    let mut pending = notes.into_iter().peekable();
    for m in messages {
        while let Some(n) = pending.next_if(|n| n.after_seq < m.seq) {
            out.push(LogEntry::Note(n.clone()));
        }
        out.push(LogEntry::Message(m.clone()));
    }
    out.extend(pending.map(|n| LogEntry::Note(n.clone())));
    out
}

/// Adds or replaces notes by id (a list pushed by the server is the whole truth for what
/// it holds). Returns whether anything changed.
pub fn merge_notes(notes: &mut Vec<ChatNote>, incoming: Vec<ChatNote>) -> bool {
    let mut changed = false;
    for n in incoming {
        match notes.iter_mut().find(|x| x.id == n.id) {
            Some(x) if *x == n => {}
            Some(x) => {
                *x = n;
                changed = true;
            }
            None => {
                notes.push(n);
                changed = true;
            }
        }
    }
    notes.sort_by_key(|n| n.id);
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::agent::AgentId;
    use crate::models::chat::ChatNoteId;
    use protocol::Sender;

    fn m(seq: i64) -> Message {
        Message {
            seq,
            sender: Sender::Visitor,
            author: None,
            text: format!("m{seq}"),
            client_id: None,
            created_at: 0,
            file: None,
        }
    }

    fn n(id: i64, after_seq: i64) -> ChatNote {
        ChatNote {
            id: ChatNoteId(id),
            after_seq,
            agent_id: AgentId(1),
            author: "Ada".into(),
            text: format!("n{id}"),
            client_id: format!("c{id}"),
            created_at: 0,
        }
    }

    fn keys(log: &[LogEntry]) -> Vec<String> {
        log.iter().map(LogEntry::key).collect()
    }

    #[test]
    fn notes_follow_the_line_they_were_written_after() {
        let log = interleave(&[m(1), m(2), m(3)], &[n(2, 2), n(1, 1), n(3, 2), n(4, 9)]);
        assert_eq!(keys(&log), ["m1", "n1", "m2", "n2", "n3", "m3", "n4"]);
    }

    #[test]
    fn a_note_before_any_line_comes_first_and_gaps_are_fine() {
        // A page that shows only later lines still places every note.
        let log = interleave(&[m(5), m(7)], &[n(1, 0), n(2, 6)]);
        assert_eq!(keys(&log), ["n1", "m5", "n2", "m7"]);
        assert_eq!(keys(&interleave(&[], &[n(1, 3)])), ["n1"]);
    }

    #[test]
    fn merge_adds_once_and_keeps_id_order() {
        let mut notes = vec![n(2, 1)];
        assert!(merge_notes(&mut notes, vec![n(1, 1), n(2, 1)]));
        assert!(!merge_notes(&mut notes, vec![n(1, 1)]));
        assert_eq!(notes.iter().map(|x| x.id.0).collect::<Vec<_>>(), [1, 2]);
    }
}
