//! Keeping a transcript in order on a client: messages arrive from the initial load, the
//! live socket (possibly replayed after a reconnect) and send acknowledgements.
use protocol::Message;

/// Inserts `incoming` in seq order unless a message with that seq is already there.
/// Returns whether it was new.
pub fn merge(messages: &mut Vec<Message>, incoming: Message) -> bool {
    match messages.binary_search_by_key(&incoming.seq, |m| m.seq) {
        Ok(_) => false,
        Err(at) => {
            messages.insert(at, incoming);
            true
        }
    }
}

/// The highest seq held (0 for none): what to ask the server for after.
pub fn last_seq(messages: &[Message]) -> i64 {
    messages.last().map_or(0, |m| m.seq)
}

/// "just now", "4 min", "2 h 5 min", "3 d" since `from` (both Unix ms).
pub fn elapsed_label(from: i64, now: i64) -> String {
    let mins = (now - from).max(0) / 60_000;
    match mins {
        0 => "just now".into(),
        1..=59 => format!("{mins} min"),
        60..=1439 if mins % 60 == 0 => format!("{} h", mins / 60),
        60..=1439 => format!("{} h {} min", mins / 60, mins % 60),
        _ => format!("{} d", mins / 1440),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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

    #[test]
    fn merges_in_order_once() {
        let mut t = vec![m(1), m(2)];
        assert!(merge(&mut t, m(4)));
        assert!(merge(&mut t, m(3)));
        assert!(!merge(&mut t, m(2)), "duplicate ignored");
        assert!(!merge(&mut t, m(4)));
        assert_eq!(
            t.iter().map(|x| x.seq).collect::<Vec<_>>(),
            vec![1, 2, 3, 4]
        );
        assert_eq!(last_seq(&t), 4);
        assert_eq!(last_seq(&[]), 0);
    }

    #[test]
    fn labels() {
        assert_eq!(elapsed_label(0, 30_000), "just now");
        assert_eq!(elapsed_label(0, 4 * 60_000), "4 min");
        assert_eq!(elapsed_label(0, 120 * 60_000), "2 h");
        assert_eq!(elapsed_label(0, 125 * 60_000), "2 h 5 min");
        assert_eq!(elapsed_label(0, 3 * 1440 * 60_000), "3 d");
        assert_eq!(elapsed_label(10, 0), "just now");
    }
}

/// Channel posts on a client: one entry per message id (the latest revision wins), in
/// history (`seq`) order. Returns whether anything changed.
pub fn merge_post(
    posts: &mut Vec<crate::models::channel::ChannelPost>,
    incoming: crate::models::channel::ChannelPost,
) -> bool {
    if let Some(existing) = posts.iter_mut().find(|p| p.id == incoming.id) {
        if incoming.rev > existing.rev {
            *existing = incoming;
            return true;
        }
        return false;
    }
    let at = posts.partition_point(|p| p.seq < incoming.seq);
    posts.insert(at, incoming);
    true
}

#[cfg(test)]
mod post_tests {
    use super::merge_post;
    use crate::models::channel::{ChannelPost, PostKind};

    fn p(id: i64, seq: i64, rev: i64, body: &str) -> ChannelPost {
        ChannelPost {
            id,
            seq,
            rev,
            kind: PostKind::Message,
            author_id: None,
            author_name: None,
            body: body.into(),
            link_url: None,
            client_id: None,
            created_at: 0,
            edited: rev != seq,
            deleted: false,
        }
    }

    #[test]
    fn latest_revision_wins_and_order_is_by_seq() {
        let mut posts = vec![p(1, 1, 1, "a"), p(3, 3, 3, "c")];
        assert!(merge_post(&mut posts, p(2, 2, 2, "b")));
        assert!(merge_post(&mut posts, p(1, 1, 4, "a edited")));
        assert!(
            !merge_post(&mut posts, p(1, 1, 1, "a")),
            "an older revision is ignored"
        );
        assert!(
            !merge_post(&mut posts, p(3, 3, 3, "c")),
            "a duplicate is ignored"
        );
        let bodies: Vec<&str> = posts.iter().map(|x| x.body.as_str()).collect();
        assert_eq!(bodies, ["a edited", "b", "c"]);
    }
}
