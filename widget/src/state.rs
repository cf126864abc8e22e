//! The widget's model, free of any browser API: the transcript (server messages keyed by
//! `seq`), the outbox of messages not yet acknowledged, and which screen to show.

use protocol::{Message, Sender, SessionStatus};

use protocol::visitor::VisitorSession;

/// What the panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// No chat yet: greeting and the pre-chat form.
    PreChat,
    /// A stored token is being resumed and the session has not arrived yet.
    Loading,
    /// A waiting or active chat: transcript and composer.
    Conversation,
    /// The chat has ended: transcript and "Start a new chat".
    Closed,
}

/// Where an outgoing message stands until the server acknowledges it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Sending,
    /// `auto_retry`: the failure was the network's (or the server's, 5xx), so the widget
    /// sends it again, with the same `client_id`, as soon as the live connection is back.
    Failed {
        auto_retry: bool,
    },
}

/// A message the visitor sent that the server has not acknowledged yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub client_id: String,
    pub text: String,
    pub delivery: Delivery,
    /// Unix milliseconds, when the visitor pressed Send.
    pub created_at: i64,
}

/// The chat as the widget knows it.
#[derive(Debug, Default)]
pub struct ChatState {
    pub session: Option<VisitorSession>,
    /// Sorted by `seq`, each `seq` at most once.
    messages: Vec<Message>,
    /// In the order the visitor sent them.
    pending: Vec<Pending>,
    /// `None` until the server has said.
    pub agents_available: Option<bool>,
    /// The name of the agent who is typing now.
    pub agent_typing: Option<String>,
    /// A token is known but its session has not been loaded yet.
    pub resuming: bool,
}

impl ChatState {
    pub fn screen(&self) -> Screen {
        match &self.session {
            Some(s) if s.status == SessionStatus::Closed => Screen::Closed,
            Some(_) => Screen::Conversation,
            None if self.resuming => Screen::Loading,
            None => Screen::PreChat,
        }
    }

    /// Whether the visitor may end the chat now (it is waiting or active).
    pub fn can_end(&self) -> bool {
        self.screen() == Screen::Conversation
    }

    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    pub fn pending(&self) -> &[Pending] {
        &self.pending
    }

    /// The highest `seq` up to which the transcript has no gap: what `hello.after` asks
    /// for, so a message that arrived early (an acknowledgement) never hides one missed.
    pub fn last_seq(&self) -> i64 {
        let mut last = 0;
        for m in &self.messages {
            if m.seq == last + 1 {
                last = m.seq;
            } else if m.seq > last + 1 {
                break;
            }
        }
        last
    }

    /// Adds a server message. Returns `false` when this `seq` is already shown. A message
    /// carrying the `client_id` of a pending send settles it.
    pub fn insert(&mut self, message: Message) -> bool {
        if let Some(id) = &message.client_id {
            self.pending.retain(|p| &p.client_id != id);
        }
        if message.sender == Sender::Agent {
            self.agent_typing = None;
        }
        match self.messages.binary_search_by_key(&message.seq, |m| m.seq) {
            Ok(_) => false,
            Err(at) => {
                self.messages.insert(at, message);
                true
            }
        }
    }

    /// Takes the session and transcript from a start or resume answer. Pending sends stay:
    /// they are settled when their message shows up.
    pub fn load(&mut self, session: VisitorSession, messages: Vec<Message>, agents: bool) {
        self.set_session(session);
        self.agents_available = Some(agents);
        self.resuming = false;
        for m in messages {
            self.insert(m);
        }
    }

    pub fn set_session(&mut self, session: VisitorSession) {
        if session.status == SessionStatus::Closed {
            self.agent_typing = None;
        }
        self.session = Some(session);
    }

    /// Forgets the chat (a new one is about to start, or the token no longer works).
    pub fn reset(&mut self) {
        *self = ChatState {
            agents_available: self.agents_available,
            ..ChatState::default()
        };
    }

    /// Queues a message the visitor just sent.
    pub fn queue(&mut self, client_id: String, text: String, now: i64) {
        self.pending.push(Pending {
            client_id,
            text,
            delivery: Delivery::Sending,
            created_at: now,
        });
    }

    /// Marks a pending message as being sent (again) and returns its text, or `None` when it
    /// is no longer pending (its message arrived meanwhile).
    pub fn mark_sending(&mut self, client_id: &str) -> Option<String> {
        let p = self.pending.iter_mut().find(|p| p.client_id == client_id)?;
        p.delivery = Delivery::Sending;
        Some(p.text.clone())
    }

    pub fn mark_failed(&mut self, client_id: &str, auto_retry: bool) {
        if let Some(p) = self.pending.iter_mut().find(|p| p.client_id == client_id) {
            p.delivery = Delivery::Failed { auto_retry };
        }
    }

    /// The failed sends to try again now that the connection is back.
    pub fn auto_retry_ids(&self) -> Vec<String> {
        self.pending
            .iter()
            .filter(|p| p.delivery == Delivery::Failed { auto_retry: true })
            .map(|p| p.client_id.clone())
            .collect()
    }

    /// The visitor's name as the transcript shows it on their own pending messages.
    pub fn visitor_name(&self) -> &str {
        self.session
            .as_ref()
            .map_or("", |s| s.visitor_name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(status: SessionStatus) -> VisitorSession {
        VisitorSession {
            id: "7yq3Jx0bRk2cQf1pW9sLzA".into(),
            status,
            visitor_name: "Vi".into(),
            visitor_email: None,
            agent_name: None,
            created_at: 1,
            accepted_at: None,
            closed_at: None,
        }
    }

    fn msg(seq: i64, sender: Sender, client_id: Option<&str>) -> Message {
        Message {
            seq,
            sender,
            author: Some("Vi".into()),
            text: "hello".into(),
            client_id: client_id.map(Into::into),
            created_at: seq * 1000,
        }
    }

    fn seqs(state: &ChatState) -> Vec<i64> {
        state.messages().iter().map(|m| m.seq).collect()
    }

    #[test]
    fn screens_follow_the_session() {
        let mut state = ChatState::default();
        assert_eq!(state.screen(), Screen::PreChat);
        state.resuming = true;
        assert_eq!(state.screen(), Screen::Loading);
        state.load(session(SessionStatus::Waiting), vec![], false);
        assert_eq!(state.screen(), Screen::Conversation);
        assert!(state.can_end());
        state.set_session(session(SessionStatus::Active));
        assert_eq!(state.screen(), Screen::Conversation);
        state.set_session(session(SessionStatus::Closed));
        assert_eq!(state.screen(), Screen::Closed);
        assert!(!state.can_end());
        state.reset();
        assert_eq!(state.screen(), Screen::PreChat);
        assert_eq!(state.agents_available, Some(false));
    }

    #[test]
    fn messages_are_deduplicated_and_kept_in_seq_order() {
        let mut state = ChatState::default();
        assert!(state.insert(msg(2, Sender::Agent, None)));
        assert!(state.insert(msg(1, Sender::Visitor, Some("a"))));
        assert!(state.insert(msg(4, Sender::System, None)));
        assert!(!state.insert(msg(2, Sender::Agent, None)));
        assert!(state.insert(msg(3, Sender::Agent, None)));
        assert_eq!(seqs(&state), vec![1, 2, 3, 4]);
        assert_eq!(state.last_seq(), 4);
    }

    #[test]
    fn last_seq_stops_at_the_first_gap() {
        let mut state = ChatState::default();
        assert_eq!(state.last_seq(), 0);
        state.insert(msg(1, Sender::Visitor, None));
        state.insert(msg(2, Sender::Agent, None));
        // An acknowledgement for seq 5 arrived before the socket delivered 3 and 4.
        state.insert(msg(5, Sender::Visitor, Some("c5")));
        assert_eq!(state.last_seq(), 2);
        state.insert(msg(3, Sender::Agent, None));
        state.insert(msg(4, Sender::Agent, None));
        assert_eq!(state.last_seq(), 5);
    }

    #[test]
    fn a_pending_send_is_settled_by_its_client_id() {
        let mut state = ChatState::default();
        state.queue("c1".into(), "first".into(), 10);
        state.queue("c2".into(), "second".into(), 11);
        assert_eq!(state.pending().len(), 2);
        // The socket echo and the HTTP answer carry the same message: shown once.
        assert!(state.insert(msg(1, Sender::Visitor, Some("c1"))));
        assert!(!state.insert(msg(1, Sender::Visitor, Some("c1"))));
        assert_eq!(state.pending().len(), 1);
        assert_eq!(state.pending()[0].client_id, "c2");
        assert_eq!(seqs(&state), vec![1]);
    }

    #[test]
    fn failed_sends_keep_their_client_id_for_retry() {
        let mut state = ChatState::default();
        state.queue("c1".into(), "net".into(), 1);
        state.queue("c2".into(), "refused".into(), 2);
        state.queue("c3".into(), "in flight".into(), 3);
        state.mark_failed("c1", true);
        state.mark_failed("c2", false);
        assert_eq!(state.auto_retry_ids(), vec!["c1".to_string()]);
        assert_eq!(
            state.pending()[1].delivery,
            Delivery::Failed { auto_retry: false }
        );
        assert_eq!(state.mark_sending("c1").as_deref(), Some("net"));
        assert_eq!(state.pending()[0].delivery, Delivery::Sending);
        assert!(state.auto_retry_ids().is_empty());
        // Settled meanwhile: nothing left to send.
        state.insert(msg(1, Sender::Visitor, Some("c2")));
        assert_eq!(state.mark_sending("c2"), None);
    }

    #[test]
    fn an_agent_message_or_the_end_clears_the_typing_indicator() {
        let mut state = ChatState::default();
        state.load(session(SessionStatus::Active), vec![], true);
        state.agent_typing = Some("Ada".into());
        state.insert(msg(1, Sender::Visitor, None));
        assert_eq!(state.agent_typing.as_deref(), Some("Ada"));
        state.insert(msg(2, Sender::Agent, None));
        assert_eq!(state.agent_typing, None);
        state.agent_typing = Some("Ada".into());
        state.set_session(session(SessionStatus::Closed));
        assert_eq!(state.agent_typing, None);
    }

    #[test]
    fn loading_a_resume_answer_merges_with_what_is_shown() {
        let mut state = ChatState {
            resuming: true,
            ..ChatState::default()
        };
        state.insert(msg(3, Sender::Agent, None));
        state.queue("c9".into(), "hi".into(), 1);
        let history = vec![
            msg(1, Sender::Visitor, Some("c0")),
            msg(2, Sender::System, None),
            msg(3, Sender::Agent, None),
        ];
        state.load(session(SessionStatus::Active), history, true);
        assert_eq!(seqs(&state), vec![1, 2, 3]);
        assert_eq!(state.screen(), Screen::Conversation);
        assert_eq!(state.pending().len(), 1);
        assert_eq!(state.visitor_name(), "Vi");
    }
}
