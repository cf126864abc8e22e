//! The chat session state machine: WAITING → ACTIVE (Accept) → CLOSED (Close / visitor ends).
//!
//! Pure rules: given a session's status and assignee and who wants what, either the new
//! status or the reason it is refused. The database applies an allowed transition with a
//! conditional update, so a concurrent change cannot slip between check and write.
use protocol::SessionStatus;

use crate::models::agent::AgentId;

/// Who is acting on the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Visitor,
    Agent { id: AgentId, admin: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// An agent claims a waiting session.
    Accept,
    /// The assigned agent (or an admin) closes an active session.
    Close,
    /// The visitor ends the chat, waiting or active.
    End,
    /// Post a message.
    Post,
    /// Hand an active chat to another agent (the assignee or an admin).
    Transfer,
    /// Put an active chat back in the queue for anyone to accept (the assignee or an admin).
    Requeue,
    /// Write an internal note (agents only, any status: a colleague may leave one for the
    /// assignee, and a note after Close records the follow-up).
    Note,
    /// Open a closed chat again (Undo right after Close, or Reopen later): the agent who
    /// had it, anyone when nobody had it (the visitor left while waiting), or an admin.
    Reopen,
}

/// Why a transition is refused. Each maps to a clear message for the person who tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Accept on a session someone already accepted (their name when known).
    AlreadyAccepted(Option<String>),
    /// Anything on a closed session.
    Closed,
    /// Close or agent post while still waiting.
    NotAccepted,
    /// Close or agent post by an agent who is not the assignee.
    NotYours,
    /// An action this actor can never take (a visitor accepting, an agent "ending").
    NotAllowed,
    /// A transfer to the agent who already has the chat.
    AlreadyTheirs,
    /// Reopen on a chat that has not ended.
    StillOpen,
}

impl Refusal {
    pub fn message(&self) -> String {
        match self {
            Refusal::AlreadyAccepted(Some(name)) => format!("Already accepted by {name}"),
            Refusal::AlreadyAccepted(None) => "Already accepted by another agent".into(),
            Refusal::Closed => "This chat has ended.".into(),
            Refusal::NotAccepted => "Accept this chat first.".into(),
            Refusal::NotYours => "This chat belongs to another agent.".into(),
            Refusal::NotAllowed => "That is not possible for this chat.".into(),
            Refusal::AlreadyTheirs => "The chat is already with that agent.".into(),
            Refusal::StillOpen => "This chat has not ended.".into(),
        }
    }
}

/// The status after `action`, or why it is refused. `Post` keeps the status.
pub fn transition(
    status: SessionStatus,
    assignee: Option<AgentId>,
    actor: Actor,
    action: Action,
) -> Result<SessionStatus, Refusal> {
    use SessionStatus::{Active, Closed, Waiting};
    match (actor, action, status) {
        (Actor::Agent { .. }, Action::Note, s) => Ok(s),
        (Actor::Visitor, Action::Note, _) => Err(Refusal::NotAllowed),
        (Actor::Visitor, Action::Reopen, _) => Err(Refusal::NotAllowed),
        (Actor::Agent { id, admin }, Action::Reopen, Closed) => {
            if admin || assignee.is_none() || assignee == Some(id) {
                Ok(Active)
            } else {
                Err(Refusal::NotYours)
            }
        }
        (Actor::Agent { .. }, Action::Reopen, Waiting | Active) => Err(Refusal::StillOpen),
        (_, _, Closed) => Err(Refusal::Closed),

        (Actor::Agent { .. }, Action::Accept, Waiting) => Ok(Active),
        (Actor::Agent { .. }, Action::Accept, Active) => Err(Refusal::AlreadyAccepted(None)),
        (Actor::Visitor, Action::Accept, _) => Err(Refusal::NotAllowed),

        (Actor::Agent { .. }, Action::Close | Action::Post, Waiting) => Err(Refusal::NotAccepted),
        (Actor::Agent { .. }, Action::Transfer | Action::Requeue, Waiting) => {
            Err(Refusal::NotAccepted)
        }
        (
            Actor::Agent { id, admin },
            Action::Close | Action::Transfer | Action::Requeue,
            Active,
        ) => {
            if assignee == Some(id) || admin {
                Ok(match action {
                    Action::Close => Closed,
                    Action::Requeue => Waiting,
                    _ => Active,
                })
            } else {
                Err(Refusal::NotYours)
            }
        }
        (Actor::Agent { id, .. }, Action::Post, Active) => {
            if assignee == Some(id) {
                Ok(Active)
            } else {
                Err(Refusal::NotYours)
            }
        }
        (Actor::Agent { .. }, Action::End, _) => Err(Refusal::NotAllowed),

        (Actor::Visitor, Action::End, Waiting | Active) => Ok(Closed),
        (Actor::Visitor, Action::Post, s @ (Waiting | Active)) => Ok(s),
        (Actor::Visitor, Action::Close | Action::Transfer | Action::Requeue, _) => {
            Err(Refusal::NotAllowed)
        }
    }
}

/// A transfer must name someone else than the agent who has the chat.
pub fn transfer_target(assignee: Option<AgentId>, to: AgentId) -> Result<AgentId, Refusal> {
    if assignee == Some(to) {
        Err(Refusal::AlreadyTheirs)
    } else {
        Ok(to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SessionStatus::{Active, Closed, Waiting};

    const ADA: AgentId = AgentId(1);
    const BOB: AgentId = AgentId(2);
    fn agent(id: AgentId) -> Actor {
        Actor::Agent { id, admin: false }
    }
    fn admin(id: AgentId) -> Actor {
        Actor::Agent { id, admin: true }
    }

    #[test]
    fn accept_only_from_waiting_by_an_agent() {
        assert_eq!(
            transition(Waiting, None, agent(ADA), Action::Accept),
            Ok(Active)
        );
        assert_eq!(
            transition(Active, Some(BOB), agent(ADA), Action::Accept),
            Err(Refusal::AlreadyAccepted(None))
        );
        assert_eq!(
            transition(Closed, None, agent(ADA), Action::Accept),
            Err(Refusal::Closed)
        );
        assert_eq!(
            transition(Waiting, None, Actor::Visitor, Action::Accept),
            Err(Refusal::NotAllowed)
        );
    }

    #[test]
    fn close_by_assignee_or_admin_from_active() {
        assert_eq!(
            transition(Active, Some(ADA), agent(ADA), Action::Close),
            Ok(Closed)
        );
        assert_eq!(
            transition(Active, Some(ADA), admin(BOB), Action::Close),
            Ok(Closed)
        );
        assert_eq!(
            transition(Active, Some(ADA), agent(BOB), Action::Close),
            Err(Refusal::NotYours)
        );
        assert_eq!(
            transition(Waiting, None, agent(ADA), Action::Close),
            Err(Refusal::NotAccepted)
        );
        assert_eq!(
            transition(Closed, Some(ADA), agent(ADA), Action::Close),
            Err(Refusal::Closed)
        );
        assert_eq!(
            transition(Active, Some(ADA), Actor::Visitor, Action::Close),
            Err(Refusal::NotAllowed)
        );
    }

    #[test]
    fn visitor_ends_from_waiting_or_active() {
        assert_eq!(
            transition(Waiting, None, Actor::Visitor, Action::End),
            Ok(Closed)
        );
        assert_eq!(
            transition(Active, Some(ADA), Actor::Visitor, Action::End),
            Ok(Closed)
        );
        assert_eq!(
            transition(Closed, None, Actor::Visitor, Action::End),
            Err(Refusal::Closed)
        );
        assert_eq!(
            transition(Active, Some(ADA), agent(ADA), Action::End),
            Err(Refusal::NotAllowed)
        );
    }

    #[test]
    fn posting_rules() {
        assert_eq!(
            transition(Waiting, None, Actor::Visitor, Action::Post),
            Ok(Waiting)
        );
        assert_eq!(
            transition(Active, Some(ADA), Actor::Visitor, Action::Post),
            Ok(Active)
        );
        assert_eq!(
            transition(Closed, Some(ADA), Actor::Visitor, Action::Post),
            Err(Refusal::Closed)
        );
        assert_eq!(
            transition(Active, Some(ADA), agent(ADA), Action::Post),
            Ok(Active)
        );
        assert_eq!(
            transition(Active, Some(ADA), agent(BOB), Action::Post),
            Err(Refusal::NotYours)
        );
        // Admins may close anyone's chat but do not talk in it without accepting.
        assert_eq!(
            transition(Active, Some(ADA), admin(BOB), Action::Post),
            Err(Refusal::NotYours)
        );
        assert_eq!(
            transition(Waiting, None, agent(ADA), Action::Post),
            Err(Refusal::NotAccepted)
        );
    }

    #[test]
    fn transfer_and_requeue_by_assignee_or_admin_from_active() {
        assert_eq!(
            transition(Active, Some(ADA), agent(ADA), Action::Transfer),
            Ok(Active)
        );
        assert_eq!(
            transition(Active, Some(ADA), admin(BOB), Action::Transfer),
            Ok(Active)
        );
        assert_eq!(
            transition(Active, Some(ADA), agent(BOB), Action::Transfer),
            Err(Refusal::NotYours)
        );
        assert_eq!(
            transition(Active, Some(ADA), agent(ADA), Action::Requeue),
            Ok(Waiting)
        );
        assert_eq!(
            transition(Active, Some(ADA), agent(BOB), Action::Requeue),
            Err(Refusal::NotYours)
        );
        for action in [Action::Transfer, Action::Requeue] {
            assert_eq!(
                transition(Waiting, None, agent(ADA), action),
                Err(Refusal::NotAccepted)
            );
            assert_eq!(
                transition(Closed, Some(ADA), agent(ADA), action),
                Err(Refusal::Closed)
            );
            assert_eq!(
                transition(Active, Some(ADA), Actor::Visitor, action),
                Err(Refusal::NotAllowed)
            );
        }
        assert_eq!(transfer_target(Some(ADA), BOB), Ok(BOB));
        assert_eq!(transfer_target(Some(ADA), ADA), Err(Refusal::AlreadyTheirs));
    }

    #[test]
    fn any_agent_notes_in_any_status_and_the_visitor_never() {
        for s in [Waiting, Active, Closed] {
            assert_eq!(transition(s, Some(ADA), agent(BOB), Action::Note), Ok(s));
            assert_eq!(
                transition(s, Some(ADA), Actor::Visitor, Action::Note),
                Err(Refusal::NotAllowed)
            );
        }
    }

    #[test]
    fn refusal_messages_name_the_winner() {
        assert_eq!(
            Refusal::AlreadyAccepted(Some("Ada".into())).message(),
            "Already accepted by Ada"
        );
        assert_eq!(Refusal::Closed.message(), "This chat has ended.");
    }

    #[test]
    fn a_closed_chat_reopens_for_its_agent_an_admin_or_anyone_when_nobody_had_it() {
        assert_eq!(
            transition(Closed, Some(ADA), agent(ADA), Action::Reopen),
            Ok(Active)
        );
        assert_eq!(
            transition(Closed, Some(ADA), admin(BOB), Action::Reopen),
            Ok(Active)
        );
        assert_eq!(
            transition(Closed, None, agent(BOB), Action::Reopen),
            Ok(Active)
        );
        assert_eq!(
            transition(Closed, Some(ADA), agent(BOB), Action::Reopen),
            Err(Refusal::NotYours)
        );
        for s in [Waiting, Active] {
            assert_eq!(
                transition(s, Some(ADA), agent(ADA), Action::Reopen),
                Err(Refusal::StillOpen)
            );
        }
        assert_eq!(
            transition(Closed, None, Actor::Visitor, Action::Reopen),
            Err(Refusal::NotAllowed)
        );
    }
}
