//! The My chats list: what each of my active chats shows (last line, unread lines, how long
//! the visitor has waited for an answer), kept current message by message.
use protocol::{Message, Sender};

use crate::models::chat::MyChat;

/// Since when the visitor has waited for an answer, judged on the transcript's tail
/// (oldest first): their first line after the last agent line. System lines (joined,
/// transferred) neither start nor stop the wait.
pub fn waiting_since(tail: &[Message]) -> Option<i64> {
    let after_reply = match tail.iter().rposition(|m| m.sender == Sender::Agent) {
        Some(i) => &tail[i + 1..],
        None => tail,
    };
    after_reply
        .iter()
        .find(|m| m.sender == Sender::Visitor)
        .map(|m| m.created_at)
}

/// A live line of one of my chats. `on_screen`: the agent is looking at that chat (its
/// lines are read as they arrive). Lines at or before what the entry shows change nothing,
/// so a repeated frame never counts twice.
pub fn on_message(chat: &mut MyChat, m: &Message, on_screen: bool) {
    let last_seq = chat.last.as_ref().map_or(0, |l| l.seq);
    if m.seq <= last_seq {
        return;
    }
    match m.sender {
        Sender::Visitor => {
            if !on_screen {
                chat.unread += 1;
            }
            chat.waiting_since.get_or_insert(m.created_at);
        }
        Sender::Agent => chat.waiting_since = None,
        Sender::System => {}
    }
    chat.last = Some(m.clone());
}

/// I have read the chat up to `seq`.
pub fn on_read(chat: &mut MyChat, seq: i64) {
    if seq <= chat.read_seq {
        return;
    }
    chat.read_seq = seq;
    if chat.last.as_ref().is_none_or(|l| seq >= l.seq) {
        chat.unread = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::chat::ChatSessionId;

    fn line(seq: i64, sender: Sender, at: i64) -> Message {
        Message {
            seq,
            sender,
            author: None,
            text: format!("line {seq}"),
            client_id: None,
            created_at: at,
            file: None,
        }
    }

    fn chat() -> MyChat {
        MyChat {
            id: ChatSessionId(1),
            visitor_name: "Vi".into(),
            last: Some(line(2, Sender::System, 20)),
            unread: 0,
            read_seq: 2,
            waiting_since: None,
        }
    }

    #[test]
    fn the_wait_starts_at_the_first_unanswered_visitor_line() {
        use Sender::*;
        let tail = [
            line(1, Visitor, 10),
            line(2, System, 20),
            line(3, Visitor, 30),
        ];
        assert_eq!(waiting_since(&tail), Some(10));
        let answered = [line(1, Visitor, 10), line(2, Agent, 20)];
        assert_eq!(waiting_since(&answered), None);
        let again = [
            line(1, Visitor, 10),
            line(2, Agent, 20),
            line(3, System, 25),
            line(4, Visitor, 40),
            line(5, Visitor, 50),
        ];
        assert_eq!(waiting_since(&again), Some(40));
        assert_eq!(waiting_since(&[]), None);
    }

    #[test]
    fn live_lines_count_once_and_a_reply_ends_the_wait() {
        let mut c = chat();
        on_message(&mut c, &line(3, Sender::Visitor, 30), false);
        on_message(&mut c, &line(3, Sender::Visitor, 30), false);
        on_message(&mut c, &line(4, Sender::Visitor, 40), false);
        assert_eq!((c.unread, c.waiting_since), (2, Some(30)));
        assert_eq!(c.last.as_ref().unwrap().seq, 4);
        on_message(&mut c, &line(5, Sender::Agent, 50), false);
        assert_eq!((c.unread, c.waiting_since), (2, None));
        on_read(&mut c, 5);
        assert_eq!(c.unread, 0);
    }

    #[test]
    fn lines_of_the_chat_on_screen_are_read_as_they_come() {
        let mut c = chat();
        on_message(&mut c, &line(3, Sender::Visitor, 30), true);
        assert_eq!(c.unread, 0);
        assert_eq!(c.waiting_since, Some(30));
    }

    #[test]
    fn reading_part_of_the_chat_keeps_the_count_until_the_server_recounts() {
        let mut c = chat();
        on_message(&mut c, &line(3, Sender::Visitor, 30), false);
        on_message(&mut c, &line(4, Sender::Visitor, 40), false);
        on_read(&mut c, 3);
        assert_eq!((c.read_seq, c.unread), (3, 2));
        on_read(&mut c, 2);
        assert_eq!(c.read_seq, 3, "never backwards");
        on_read(&mut c, 4);
        assert_eq!(c.unread, 0);
    }
}
