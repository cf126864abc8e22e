//! The widget's model, free of any browser API: the transcript (server messages keyed by
//! `seq`), the outbox of messages not yet acknowledged, and which screen to show.

use protocol::visitor::{shown_position, OutsideHours, VisitorSession};
use protocol::{Message, Sender, SessionStatus};

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
    /// No chat, outside business hours: the Leave a message form (then its receipt).
    Offline,
}

/// Where an outgoing message stands until the server acknowledges it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// On its way over HTTP (`POST /v1/visitor/messages`).
    Sending,
    /// Sent as a `send` frame on the open live socket at `since` (Unix ms), waiting for
    /// `sent` or `not_sent`. Goes over HTTP instead, with the same `client_id`, when the
    /// socket closes or no answer comes in time.
    OnSocket { since: i64 },
    /// `auto_retry`: the failure was the network's (or the server's, 5xx), so the widget
    /// sends it again, with the same `client_id`, as soon as the live connection is back.
    Failed { auto_retry: bool },
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
    /// Outside business hours (as the server last said): what to do instead of a chat.
    pub outside_hours: Option<protocol::visitor::OutsideHours>,
    /// The ticket an offline message became.
    pub offline_ticket: Option<i64>,
    /// The server can email a closed chat's transcript.
    pub transcript_email: bool,
}

impl ChatState {
    pub fn screen(&self) -> Screen {
        match &self.session {
            Some(s) if s.status == SessionStatus::Closed => Screen::Closed,
            Some(_) => Screen::Conversation,
            None if self.resuming => Screen::Loading,
            None if self.offline_ticket.is_some() => Screen::Offline,
            None if self.outside_hours == Some(OutsideHours::TakeMessage) => Screen::Offline,
            None => Screen::PreChat,
        }
    }

    /// Outside business hours with "Hide the widget", and no chat to show: no launcher.
    pub fn hidden(&self) -> bool {
        self.session.is_none() && !self.resuming && self.outside_hours == Some(OutsideHours::Hide)
    }

    /// What the server says about now: open (`None`) or what to do outside hours.
    pub fn set_hours(&mut self, open: bool, outside: OutsideHours) {
        self.outside_hours = (!open).then_some(outside);
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

    /// The latest session; the place in line shown never goes up (`shown_position`).
    pub fn set_session(&mut self, mut session: VisitorSession) {
        if session.status == SessionStatus::Closed {
            self.agent_typing = None;
        }
        let before = self
            .session
            .as_ref()
            .filter(|s| s.id == session.id)
            .and_then(|s| s.queue_position);
        session.queue_position = shown_position(before, session.queue_position);
        self.session = Some(session);
    }

    /// "You are number 3 in line" while waiting with a known place.
    pub fn place_in_line(&self) -> Option<u32> {
        self.session
            .as_ref()
            .filter(|s| s.status == SessionStatus::Waiting)
            .and_then(|s| s.queue_position)
    }

    /// Forgets the chat (a new one is about to start, or the token no longer works).
    pub fn reset(&mut self) {
        *self = ChatState {
            agents_available: self.agents_available,
            outside_hours: self.outside_hours,
            transcript_email: self.transcript_email,
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

    /// Marks a pending message as being sent (again) over HTTP and returns its text, or
    /// `None` when it is no longer pending (its message arrived meanwhile).
    pub fn mark_sending(&mut self, client_id: &str) -> Option<String> {
        let p = self.pending_mut(client_id)?;
        p.delivery = Delivery::Sending;
        Some(p.text.clone())
    }

    /// Marks a pending message as sent on the live socket at `now` and returns its text, or
    /// `None` when it is no longer pending.
    pub fn mark_on_socket(&mut self, client_id: &str, now: i64) -> Option<String> {
        let p = self.pending_mut(client_id)?;
        p.delivery = Delivery::OnSocket { since: now };
        Some(p.text.clone())
    }

    /// Marks a pending message "Not sent"; `false` when it is no longer pending (its
    /// message arrived meanwhile, so there is no failure to report).
    pub fn mark_failed(&mut self, client_id: &str, auto_retry: bool) -> bool {
        let Some(p) = self.pending_mut(client_id) else {
            return false;
        };
        p.delivery = Delivery::Failed { auto_retry };
        true
    }

    /// Whether the visitor may retry this message (it is "Not sent").
    pub fn is_failed(&self, client_id: &str) -> bool {
        self.pending
            .iter()
            .any(|p| p.client_id == client_id && matches!(p.delivery, Delivery::Failed { .. }))
    }

    /// The live socket closed: the sends it had not answered, now to go over HTTP.
    pub fn socket_closed(&mut self) -> Vec<String> {
        let mut ids = Vec::new();
        for p in &mut self.pending {
            if let Delivery::OnSocket { .. } = p.delivery {
                p.delivery = Delivery::Sending;
                ids.push(p.client_id.clone());
            }
        }
        ids
    }

    /// The `send` of `client_id` made at `since` got no answer in time: `true` when it is
    /// still waiting (it now goes over HTTP), `false` when it was answered or sent again.
    pub fn socket_timed_out(&mut self, client_id: &str, since: i64) -> bool {
        match self.pending_mut(client_id) {
            Some(p) if p.delivery == (Delivery::OnSocket { since }) => {
                p.delivery = Delivery::Sending;
                true
            }
            _ => false,
        }
    }

    /// The socket refused `client_id` (`not_sent`): `true` when that answer was awaited
    /// (the message is now "Not sent"); `false` when it had already moved on to HTTP, whose
    /// answer counts instead, or was settled.
    pub fn socket_refused(&mut self, client_id: &str, auto_retry: bool) -> bool {
        match self.pending_mut(client_id) {
            Some(p) if matches!(p.delivery, Delivery::OnSocket { .. }) => {
                p.delivery = Delivery::Failed { auto_retry };
                true
            }
            _ => false,
        }
    }

    fn pending_mut(&mut self, client_id: &str) -> Option<&mut Pending> {
        self.pending.iter_mut().find(|p| p.client_id == client_id)
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
            queue_position: None,
            offer_email_at: None,
            rating: None,
        }
    }

    #[test]
    fn the_place_in_line_only_goes_down() {
        let mut state = ChatState::default();
        let at = |n: u32| VisitorSession {
            queue_position: Some(n),
            ..session(SessionStatus::Waiting)
        };
        state.load(at(3), vec![], true);
        assert_eq!(state.place_in_line(), Some(3));
        state.set_session(at(2));
        assert_eq!(state.place_in_line(), Some(2));
        // Counted again after a reconnect, one higher: still 2.
        state.set_session(at(3));
        assert_eq!(state.place_in_line(), Some(2));
        state.set_session(session(SessionStatus::Active));
        assert_eq!(state.place_in_line(), None);
    }

    fn msg(seq: i64, sender: Sender, client_id: Option<&str>) -> Message {
        Message {
            seq,
            sender,
            author: Some("Vi".into()),
            text: "hello".into(),
            client_id: client_id.map(Into::into),
            created_at: seq * 1000,
            file: None,
        }
    }

    fn seqs(state: &ChatState) -> Vec<i64> {
        state.messages().iter().map(|m| m.seq).collect()
    }

    #[test]
    fn outside_hours_the_widget_takes_a_message_or_hides() {
        let mut state = ChatState::default();
        state.set_hours(false, OutsideHours::TakeMessage);
        assert_eq!(state.screen(), Screen::Offline);
        assert!(!state.hidden());
        state.offline_ticket = Some(7);
        state.set_hours(true, OutsideHours::TakeMessage);
        assert_eq!(
            state.screen(),
            Screen::Offline,
            "the receipt stays on screen"
        );
        state.offline_ticket = None;
        assert_eq!(
            state.screen(),
            Screen::PreChat,
            "open again: the chat is offered"
        );
        state.set_hours(false, OutsideHours::Hide);
        assert!(state.hidden());
        // A chat already going on is never hidden nor replaced.
        state.load(session(SessionStatus::Active), vec![], true);
        assert!(!state.hidden());
        assert_eq!(state.screen(), Screen::Conversation);
        state.reset();
        assert!(state.hidden(), "the hours outlive the chat");
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
    fn a_send_on_the_socket_is_settled_by_its_answer() {
        let mut state = ChatState::default();
        state.queue("c1".into(), "over the socket".into(), 1);
        assert_eq!(
            state.mark_on_socket("c1", 100).as_deref(),
            Some("over the socket")
        );
        assert_eq!(
            state.pending()[0].delivery,
            Delivery::OnSocket { since: 100 }
        );
        // `sent` carries the stored message; the `message` frame repeats it.
        assert!(state.insert(msg(1, Sender::Visitor, Some("c1"))));
        assert!(!state.insert(msg(1, Sender::Visitor, Some("c1"))));
        assert!(state.pending().is_empty());
        // Nothing is left for the timeout, the socket's close or a late refusal.
        assert!(!state.socket_timed_out("c1", 100));
        assert!(state.socket_closed().is_empty());
        assert!(!state.socket_refused("c1", false));
        assert!(!state.mark_failed("c1", true));
        assert_eq!(state.mark_on_socket("c1", 200), None);
    }

    #[test]
    fn a_socket_that_closes_before_answering_hands_its_sends_to_http() {
        let mut state = ChatState::default();
        state.queue("c1".into(), "on the socket".into(), 1);
        state.queue("c2".into(), "not sent".into(), 2);
        state.queue("c3".into(), "over http".into(), 3);
        state.queue("c4".into(), "on the socket too".into(), 4);
        state.mark_on_socket("c1", 10);
        state.mark_failed("c2", true);
        state.mark_on_socket("c4", 11);
        assert_eq!(
            state.socket_closed(),
            vec!["c1".to_string(), "c4".to_string()]
        );
        let deliveries: Vec<Delivery> = state.pending().iter().map(|p| p.delivery).collect();
        assert_eq!(
            deliveries,
            vec![
                Delivery::Sending,
                Delivery::Failed { auto_retry: true },
                Delivery::Sending,
                Delivery::Sending,
            ]
        );
        assert!(state.socket_closed().is_empty());
        // The HTTP answer counts now: a refusal from the old socket changes nothing.
        assert!(!state.socket_refused("c1", false));
        assert_eq!(state.pending()[0].delivery, Delivery::Sending);
        assert!(!state.socket_timed_out("c1", 10));
    }

    #[test]
    fn an_unanswered_send_goes_over_http_once() {
        let mut state = ChatState::default();
        state.queue("c1".into(), "hello?".into(), 1);
        state.mark_on_socket("c1", 100);
        // A timer of an earlier attempt does not cut this one short.
        assert!(!state.socket_timed_out("c1", 50));
        assert!(state.socket_timed_out("c1", 100));
        assert_eq!(state.pending()[0].delivery, Delivery::Sending);
        assert!(!state.socket_timed_out("c1", 100));
        // The HTTP attempt fails for want of a network; the retry goes on a new socket.
        assert!(state.mark_failed("c1", true));
        assert!(state.is_failed("c1"));
        assert_eq!(state.auto_retry_ids(), vec!["c1".to_string()]);
        state.mark_on_socket("c1", 300);
        assert!(!state.is_failed("c1"));
        assert!(!state.socket_timed_out("c1", 100));
        assert!(state.socket_timed_out("c1", 300));
    }

    #[test]
    fn not_sent_fails_the_message_as_http_would() {
        use crate::api::ApiError;
        // code, automatic retry, the chat is gone
        let cases = [
            ("validation", false, false),
            ("conflict", false, false),
            ("rate_limited", false, false),
            ("unavailable", true, false),
            ("internal", true, false),
            ("not_found", false, true),
            ("unauthorized", false, true),
            ("from_a_newer_server", true, false),
        ];
        for (code, auto_retry, gone) in cases {
            let mut state = ChatState::default();
            state.queue("c1".into(), "hi".into(), 1);
            state.mark_on_socket("c1", 10);
            let retry_after = (code == "rate_limited").then_some(3);
            let e = ApiError::refused(code.into(), "In the visitor's words.".into(), retry_after);
            assert!(state.socket_refused("c1", e.is_transient()), "{code}");
            assert_eq!(
                state.pending()[0].delivery,
                Delivery::Failed { auto_retry },
                "{code}"
            );
            assert!(state.is_failed("c1"));
            assert_eq!(
                state.auto_retry_ids().len(),
                usize::from(auto_retry),
                "{code}"
            );
            assert_eq!(e.message(), "In the visitor's words.");
            assert_eq!(e.session_gone(), gone, "{code}");
            // Nothing was stored: the text waits for Retry, with the same client_id.
            assert_eq!(state.mark_on_socket("c1", 20).as_deref(), Some("hi"));
        }
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
