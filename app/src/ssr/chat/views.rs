//! Database rows as the wire types each side sees.
use chrono::{DateTime, Utc};
use protocol::visitor::VisitorSession;
use protocol::{Message, Sender, SessionStatus};

use crate::models::agent::AgentId;
use crate::models::chat::{ChatSessionId, SessionDetail};
use crate::ssr::entities::{chat_message, chat_session};

pub fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub fn status(model: &chat_session::Model) -> SessionStatus {
    SessionStatus::parse(&model.status).unwrap_or(SessionStatus::Closed)
}

pub fn message(model: chat_message::Model) -> Message {
    Message {
        seq: model.seq,
        sender: Sender::parse(&model.sender).unwrap_or(Sender::System),
        author: model.author,
        text: model.body,
        client_id: model.client_id,
        created_at: ms(model.created_at),
        file: None,
    }
}

/// `queue_position`: where a waiting session stands (`queue::position`).
pub fn visitor_session(
    model: &chat_session::Model,
    agent_name: Option<String>,
    queue_position: Option<u32>,
    max_wait_minutes: u32,
) -> VisitorSession {
    let offer_email_at = (status(model) == protocol::SessionStatus::Waiting)
        .then(|| ms(model.created_at) + i64::from(max_wait_minutes) * 60_000);
    VisitorSession {
        id: model.public_id.clone(),
        status: status(model),
        visitor_name: model.visitor_name.clone(),
        visitor_email: model.visitor_email.clone(),
        agent_name,
        created_at: ms(model.created_at),
        accepted_at: model.accepted_at.map(ms),
        closed_at: model.closed_at.map(ms),
        queue_position,
        offer_email_at,
        rating: model
            .rating
            .as_deref()
            .and_then(protocol::visitor::Rating::parse),
    }
}

/// The visitor's rating as agents see it.
pub fn rating_of(model: &chat_session::Model) -> Option<crate::models::chat::ChatRating> {
    Some(crate::models::chat::ChatRating {
        rating: protocol::visitor::Rating::parse(model.rating.as_deref()?)?,
        comment: model.rating_comment.clone(),
        rated_at: model.rated_at.map(ms)?,
    })
}

pub fn detail(
    model: chat_session::Model,
    agent_name: Option<String>,
    ticket: Option<crate::models::ticket::TicketRef>,
    messages: Vec<Message>,
) -> SessionDetail {
    let first_visitor_line = messages
        .iter()
        .find(|m| m.sender == Sender::Visitor)
        .map(|m| m.text.as_str())
        .unwrap_or_default();
    let browser =
        crate::domain::user_agent::describe(model.user_agent.as_deref().unwrap_or_default());
    let rating = rating_of(&model);
    SessionDetail {
        rating,
        browser,
        id: ChatSessionId(model.id),
        status: status(&model),
        visitor_name: model.visitor_name,
        visitor_email: model.visitor_email,
        page_url: model.page_url,
        user_agent: model.user_agent,
        visitor_time_zone: model.visitor_time_zone,
        created_at: ms(model.created_at),
        accepted_at: model.accepted_at.map(ms),
        closed_at: model.closed_at.map(ms),
        agent_id: model.agent_id.map(AgentId),
        agent_name,
        ticket,
        suggested_subject: crate::domain::ticket_input::suggested_subject(first_visitor_line),
        messages,
        notes: Vec::new(),
        contact: None,
    }
}
