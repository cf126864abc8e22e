//! Typing indicators: shown only where the typist may write (the domain's `Post` rule), and
//! never stored (they are live-only hints).
use crate::domain::chat_session::{transition, Action, Actor};
use crate::models::agent::{AgentId, CurrentAgent};
use crate::models::chat::ChatSessionId;
use crate::ssr::chat::views;
use crate::ssr::entities::chat_session;
use crate::ssr::hub::{Hub, HubEvent, Topic};

/// The visitor of `session` started or stopped typing.
pub fn visitor(hub: &dyn Hub, session: &chat_session::Model, typing: bool) {
    if may_write(session, Actor::Visitor) {
        announce(hub, session, true, session.visitor_name.clone(), typing);
    }
}

/// `agent` started or stopped typing in `session`.
pub fn agent(hub: &dyn Hub, session: &chat_session::Model, agent: &CurrentAgent, typing: bool) {
    let actor = Actor::Agent {
        id: agent.id,
        admin: agent.is_admin(),
    };
    if may_write(session, actor) {
        announce(hub, session, false, agent.name.clone(), typing);
    }
}

fn may_write(session: &chat_session::Model, actor: Actor) -> bool {
    transition(
        views::status(session),
        session.agent_id.map(AgentId),
        actor,
        Action::Post,
    )
    .is_ok()
}

fn announce(
    hub: &dyn Hub,
    session: &chat_session::Model,
    from_visitor: bool,
    name: String,
    typing: bool,
) {
    let session_id = ChatSessionId(session.id);
    hub.publish(
        Topic::Session(session_id),
        HubEvent::Typing {
            session_id,
            from_visitor,
            name: Some(name),
            typing,
        },
    );
}
