//! Chat sessions: start, find, and the transitions Accept, Close and End.
//!
//! Each transition is one conditional UPDATE (`… WHERE status = 'waiting'`) as the first
//! statement of its transaction, followed by the system line it writes. When several agents
//! click Accept at once exactly one update matches; the others read who won.
use chrono::Utc;
use protocol::Sender;
use sea_orm::sea_query::{Expr, ExprTrait, Query, QueryStatementBuilder};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, TransactionTrait, UpdateMany,
};

use super::messages::{self, NewLine};
use super::views;
use crate::domain::chat_session::{transition, Action, Actor, Refusal};
use crate::domain::visitor_input::{preview, NewChat};
use crate::error::AppError;
use crate::models::agent::{AgentId, CurrentAgent};
use crate::models::chat::{ChatSessionId, QueueChange, SessionDetail};
use crate::ssr::entities::{agent, chat_message, chat_session};
use crate::ssr::hub::{commit_announcing, Hub, HubEvent, Topic};
use crate::ssr::tokens;

/// A session just started: its row, the visitor's token (shown once) and its transcript.
pub struct StartedChat {
    pub session: chat_session::Model,
    pub token: String,
    pub messages: Vec<protocol::Message>,
}

pub async fn start(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    chat: NewChat,
) -> Result<StartedChat, AppError> {
    let token = tokens::new_token();
    let now = Utc::now();
    let txn = db.begin().await?;
    // A visitor who gives an email is (or becomes) a contact.
    let contact_id = match &chat.email {
        Some(email) => Some(crate::ssr::contacts::ensure_for_email(&txn, email, &chat.name).await?),
        None => None,
    };
    let session = chat_session::ActiveModel {
        public_id: Set(tokens::new_public_id()),
        visitor_token_hash: Set(tokens::digest(&token)),
        status: Set("waiting".into()),
        visitor_name: Set(chat.name.clone()),
        visitor_email: Set(chat.email.clone()),
        page_url: Set(chat.page_url.clone()),
        user_agent: Set(chat.user_agent.clone()),
        preview: Set(preview(&chat.message)),
        agent_id: Set(None),
        created_at: Set(now),
        accepted_at: Set(None),
        closed_at: Set(None),
        closed_by: Set(None),
        last_seq: Set(1),
        agent_read_seq: Set(0),
        agent_unread: Set(1),
        ticket_id: Set(None),
        contact_id: Set(contact_id),
        visitor_time_zone: Set(chat.time_zone.clone()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let first = messages::insert_at(
        &txn,
        session.id,
        1,
        NewLine {
            sender: Sender::Visitor,
            agent_id: None,
            author: Some(&chat.name),
            text: &chat.message,
            client_id: Some(&chat.client_id),
            file: None,
        },
    )
    .await?;
    let created = HubEvent::Queue {
        change: QueueChange::Created,
        session_id: ChatSessionId(session.id),
    };
    commit_announcing(hub, txn, vec![(Topic::Queue, created)]).await?;
    Ok(StartedChat {
        session,
        token,
        messages: vec![first],
    })
}

/// The session a visitor token opens (401 for anything else).
pub async fn by_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<chat_session::Model, AppError> {
    if token.is_empty() || token.len() > 128 {
        return Err(visitor_unauthorized());
    }
    chat_session::Entity::find()
        .filter(chat_session::Column::VisitorTokenHash.eq(tokens::digest(token)))
        .one(db)
        .await?
        .ok_or_else(visitor_unauthorized)
}

fn visitor_unauthorized() -> AppError {
    AppError::Unauthorized {
        message: "This chat link is not valid. Start a new chat.".into(),
    }
}

pub async fn by_id(
    db: &impl ConnectionTrait,
    id: ChatSessionId,
) -> Result<chat_session::Model, AppError> {
    chat_session::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("No such chat."))
}

pub async fn agent_name(
    db: &impl ConnectionTrait,
    agent_id: Option<i64>,
) -> Result<Option<String>, AppError> {
    let Some(id) = agent_id else {
        return Ok(None);
    };
    Ok(agent::Entity::find_by_id(id).one(db).await?.map(|a| a.name))
}

/// The session as its visitor sees it: the agent's name, and the place in the queue while
/// waiting.
pub async fn visitor_view(
    db: &impl ConnectionTrait,
    model: &chat_session::Model,
) -> Result<protocol::visitor::VisitorSession, AppError> {
    let agent = agent_name(db, model.agent_id).await?;
    let position = super::queue::position(db, model).await?;
    let max_wait = match position {
        Some(_) => super::routing::settings(db).await?.max_wait_minutes,
        None => 0,
    };
    Ok(views::visitor_session(model, agent, position, max_wait))
}

/// The session page's data: the session, its assignee and the whole transcript.
pub async fn detail(db: &DatabaseConnection, id: ChatSessionId) -> Result<SessionDetail, AppError> {
    let model = by_id(db, id).await?;
    let name = agent_name(db, model.agent_id).await?;
    let transcript = messages::all(db, model.id).await?;
    let contact = match model.contact_id {
        Some(c) => Some(visitor_contact(db, c, id).await?),
        None => None,
    };
    let ticket = match model.ticket_id {
        Some(t) => crate::ssr::entities::ticket::Entity::find_by_id(t)
            .one(db)
            .await?
            .map(|t| crate::models::ticket::TicketRef {
                id: crate::models::ticket::TicketId(t.id),
                number: t.number,
            }),
        None => None,
    };
    let mut detail = views::detail(model, name, ticket, transcript);
    detail.notes = super::notes::list(db, id).await?;
    detail.contact = contact;
    Ok(detail)
}

/// The visitor's contact with their other chats and their tickets, newest first.
async fn visitor_contact(
    db: &DatabaseConnection,
    contact: i64,
    this: ChatSessionId,
) -> Result<crate::models::chat::VisitorContact, AppError> {
    use crate::models::chat::VisitorContact;
    let found =
        crate::ssr::contacts::detail(db, crate::models::contact::ContactId(contact)).await?;
    let mut chats: Vec<_> = found.chats.into_iter().filter(|c| c.id != this).collect();
    let more_chats = chats.len() > VisitorContact::SHOWN;
    chats.truncate(VisitorContact::SHOWN);
    let mut tickets = found.tickets;
    let more_tickets = tickets.len() > VisitorContact::SHOWN;
    tickets.truncate(VisitorContact::SHOWN);
    Ok(VisitorContact {
        id: found.id,
        name: found.name,
        chats,
        more_chats,
        tickets,
        more_tickets,
    })
}

/// Accept: exactly one agent wins a waiting session.
pub async fn accept(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    id: ChatSessionId,
    agent: &CurrentAgent,
) -> Result<(), AppError> {
    let now = Utc::now();
    let update = chat_session::Entity::update_many()
        .col_expr(chat_session::Column::Status, Expr::value("active"))
        .col_expr(chat_session::Column::AgentId, Expr::value(agent.id.0))
        .col_expr(chat_session::Column::AcceptedAt, Expr::value(now))
        .filter(chat_session::Column::Status.eq("waiting"));
    let line = format!("{} joined", agent.name);
    let limit = super::routing::capacity_of(db, agent.id).await?;
    // The transcript so far is on the agent's screen as they accept: it counts as read.
    let step = Step {
        action: Action::Accept,
        actor: actor(agent),
        lines: &[&line],
        change: QueueChange::Accepted,
        mark_read: true,
        extra: Extra {
            capacity: Some((agent.id, limit)),
            ..Extra::default()
        },
    };
    apply(db, hub, id, update, step).await
}

/// Auto-assignment: gives a waiting chat to `agent` if it is still waiting and they still
/// have room (else a conflict, and the assigner reads the state again).
pub async fn assign(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    id: ChatSessionId,
    agent: AgentId,
    agent_name: &str,
    limit: u32,
) -> Result<(), AppError> {
    let update = chat_session::Entity::update_many()
        .col_expr(chat_session::Column::Status, Expr::value("active"))
        .col_expr(chat_session::Column::AgentId, Expr::value(agent.0))
        .col_expr(chat_session::Column::AcceptedAt, Expr::value(Utc::now()))
        .filter(chat_session::Column::Status.eq("waiting"))
        .filter(chat_session::Column::AgentId.is_null());
    let line = crate::domain::routing::assigned_line(agent_name);
    let step = Step {
        action: Action::Accept,
        actor: Actor::Agent {
            id: agent,
            admin: false,
        },
        lines: &[&line],
        change: QueueChange::Accepted,
        // The agent has not seen it yet: its visitor lines stay unread.
        mark_read: false,
        extra: Extra {
            capacity: Some((agent, limit)),
            assigned_by: Some("Auto-assign"),
            ..Extra::default()
        },
    };
    apply(db, hub, id, update, step).await
}

/// Close: the assigned agent (or an admin) ends an active session.
pub async fn close(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    id: ChatSessionId,
    agent: &CurrentAgent,
) -> Result<(), AppError> {
    let mut update = chat_session::Entity::update_many()
        .col_expr(chat_session::Column::Status, Expr::value("closed"))
        .col_expr(chat_session::Column::ClosedAt, Expr::value(Utc::now()))
        .col_expr(chat_session::Column::ClosedBy, Expr::value("agent"))
        .filter(chat_session::Column::Status.eq("active"));
    if !agent.is_admin() {
        update = update.filter(chat_session::Column::AgentId.eq(agent.id.0));
    }
    let line = format!("Chat closed by {}", agent.name);
    let step = Step {
        action: Action::Close,
        actor: actor(agent),
        lines: &[&line],
        change: QueueChange::Closed,
        mark_read: false,
        extra: Extra::default(),
    };
    apply(db, hub, id, update, step).await
}

/// Reopen: a closed chat is active again, with the agent who reopens it (Undo right after
/// Close, or Reopen later). Their capacity counts as for Accept; the visitor's widget,
/// still listening, becomes a conversation again.
pub async fn reopen(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    id: ChatSessionId,
    agent: &CurrentAgent,
) -> Result<(), AppError> {
    let mut update = chat_session::Entity::update_many()
        .col_expr(chat_session::Column::Status, Expr::value("active"))
        .col_expr(chat_session::Column::AgentId, Expr::value(agent.id.0))
        .col_expr(
            chat_session::Column::ClosedAt,
            Expr::value(Option::<chrono::DateTime<Utc>>::None),
        )
        .col_expr(
            chat_session::Column::ClosedBy,
            Expr::value(Option::<String>::None),
        )
        .filter(chat_session::Column::Status.eq("closed"));
    if !agent.is_admin() {
        update = update.filter(
            sea_orm::Condition::any()
                .add(chat_session::Column::AgentId.eq(agent.id.0))
                .add(chat_session::Column::AgentId.is_null()),
        );
    }
    let line = format!("Chat reopened by {}", agent.name);
    let limit = super::routing::capacity_of(db, agent.id).await?;
    let step = Step {
        action: Action::Reopen,
        actor: actor(agent),
        lines: &[&line],
        change: QueueChange::Accepted,
        mark_read: true,
        extra: Extra {
            capacity: Some((agent.id, limit)),
            ..Extra::default()
        },
    };
    apply(db, hub, id, update, step).await
}

/// End: the visitor leaves a waiting or active chat.
pub async fn end_by_visitor(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    session: &chat_session::Model,
) -> Result<(), AppError> {
    let update = chat_session::Entity::update_many()
        .col_expr(chat_session::Column::Status, Expr::value("closed"))
        .col_expr(chat_session::Column::ClosedAt, Expr::value(Utc::now()))
        .col_expr(chat_session::Column::ClosedBy, Expr::value("visitor"))
        .filter(chat_session::Column::Status.is_in(["waiting", "active"]));
    let step = Step {
        action: Action::End,
        actor: Actor::Visitor,
        lines: &["Chat ended by the visitor"],
        change: QueueChange::Closed,
        mark_read: false,
        extra: Extra::default(),
    };
    apply(db, hub, ChatSessionId(session.id), update, step).await
}

/// Records that `agent` has read the session up to `seq` (only their own chats count).
pub async fn mark_read(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    id: ChatSessionId,
    agent: &CurrentAgent,
    seq: i64,
) -> Result<(), AppError> {
    // The unread count drops by the visitor lines between the old marker and the new one
    // (both sides of the subtraction see the row as it was; those lines are committed: the
    // agent saw them).
    let newly_read = Query::select()
        .expr(Expr::col((chat_message::Entity, chat_message::Column::Id)).count())
        .from(chat_message::Entity)
        .and_where(
            Expr::col((chat_message::Entity, chat_message::Column::SessionId))
                .equals((chat_session::Entity, chat_session::Column::Id)),
        )
        .and_where(Expr::col((chat_message::Entity, chat_message::Column::Sender)).eq("visitor"))
        .and_where(
            Expr::col((chat_message::Entity, chat_message::Column::Seq)).gt(Expr::col((
                chat_session::Entity,
                chat_session::Column::AgentReadSeq,
            ))),
        )
        .and_where(Expr::col((chat_message::Entity, chat_message::Column::Seq)).lte(seq))
        .to_owned();
    let result = chat_session::Entity::update_many()
        .col_expr(chat_session::Column::AgentReadSeq, Expr::value(seq))
        .col_expr(
            chat_session::Column::AgentUnread,
            Expr::col(chat_session::Column::AgentUnread).sub(Expr::SubQuery(
                None,
                Box::new(newly_read.into_sub_query_statement()),
            )),
        )
        .filter(chat_session::Column::Id.eq(id.0))
        .filter(chat_session::Column::AgentId.eq(agent.id.0))
        .filter(chat_session::Column::AgentReadSeq.lt(seq))
        .filter(chat_session::Column::LastSeq.gte(seq))
        .exec(db)
        .await?;
    if result.rows_affected > 0 {
        hub.publish(
            Topic::Agent(agent.id),
            HubEvent::AgentCounters {
                agent_id: agent.id,
                unread: None,
            },
        );
    }
    Ok(())
}

pub(super) fn actor(agent: &CurrentAgent) -> Actor {
    Actor::Agent {
        id: agent.id,
        admin: agent.is_admin(),
    }
}

/// What a transition writes besides its conditional update.
pub(super) struct Step<'a> {
    pub(super) action: Action,
    pub(super) actor: Actor,
    /// The system lines for the transcript (one, or two for a transfer).
    pub(super) lines: &'a [&'a str],
    pub(super) change: QueueChange,
    /// Also move the assignee's read marker to the last line.
    pub(super) mark_read: bool,
    /// What else the transition tells: an internal note written with it, the agent who
    /// had the chat (their counters change), the agent who now has it (alerted).
    pub(super) extra: Extra<'a>,
}

/// The parts of a transition only some use.
#[derive(Default)]
pub(super) struct Extra<'a> {
    pub(super) note: Option<(&'a CurrentAgent, &'a str)>,
    pub(super) previous: Option<AgentId>,
    pub(super) assigned_by: Option<&'a str>,
    /// The agent taking the chat and their limit: checked under their row's lock.
    pub(super) capacity: Option<(AgentId, u32)>,
}

/// Applies a transition: the conditional update (which also takes the next seq), the
/// system line, then the events. On a lost race, explains with the session's state now.
pub(super) async fn apply(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    id: ChatSessionId,
    update: UpdateMany<chat_session::Entity>,
    step: Step<'_>,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    if let Some((agent, limit)) = step.extra.capacity {
        if !super::routing::claim(&txn, agent, limit).await? {
            txn.rollback().await?;
            return Err(AppError::conflict(crate::domain::routing::limit_message(
                limit,
            )));
        }
    }
    let count = step.lines.len() as i64;
    let applied = update
        .col_expr(
            chat_session::Column::LastSeq,
            Expr::col(chat_session::Column::LastSeq).add(count),
        )
        .filter(chat_session::Column::Id.eq(id.0))
        .exec(&txn)
        .await?
        .rows_affected;
    if applied == 0 {
        txn.rollback().await?;
        return Err(refusal(db, id, step.action, step.actor).await);
    }
    let seq = messages::last_seq(&txn, id.0).await?;
    let mut events = Vec::new();
    for (i, line) in step.lines.iter().enumerate() {
        let message = messages::insert_at(
            &txn,
            id.0,
            seq - count + 1 + i as i64,
            NewLine {
                sender: Sender::System,
                agent_id: None,
                author: None,
                text: line,
                client_id: None,
                file: None,
            },
        )
        .await?;
        events.push((
            Topic::Session(id),
            HubEvent::Message {
                session_id: id,
                message,
            },
        ));
    }
    if let Some((by, text)) = step.extra.note {
        super::notes::insert_in(&txn, id, seq, by, text, &tokens::new_public_id()).await?;
        events.push((
            Topic::Session(id),
            HubEvent::NotesChanged { session_id: id },
        ));
    }
    if step.mark_read {
        chat_session::Entity::update_many()
            .col_expr(chat_session::Column::AgentReadSeq, Expr::value(seq))
            .col_expr(chat_session::Column::AgentUnread, Expr::value(0))
            .filter(chat_session::Column::Id.eq(id.0))
            .exec(&txn)
            .await?;
    }
    let session = by_id(&txn, id).await?;
    events.push((
        Topic::Session(id),
        HubEvent::SessionChanged { session_id: id },
    ));
    events.push((
        Topic::Queue,
        HubEvent::Queue {
            change: step.change,
            session_id: id,
        },
    ));
    let assignee = session.agent_id.map(AgentId);
    for agent_id in assignee.into_iter().chain(step.extra.previous) {
        events.push((
            Topic::Agent(agent_id),
            HubEvent::AgentCounters {
                agent_id,
                unread: None,
            },
        ));
    }
    if let (Some(agent_id), Some(by)) = (assignee, step.extra.assigned_by) {
        events.push((
            Topic::Agent(agent_id),
            HubEvent::Assigned {
                session_id: id,
                agent_id,
                by: by.to_string(),
            },
        ));
    }
    commit_announcing(hub, txn, events).await?;
    Ok(())
}

/// Why a transition did not apply, judged on the session as it is now.
pub(super) async fn refusal(
    db: &DatabaseConnection,
    id: ChatSessionId,
    action: Action,
    actor: Actor,
) -> AppError {
    let fresh = match by_id(db, id).await {
        Ok(s) => s,
        Err(e) => return e,
    };
    let status = views::status(&fresh);
    match transition(status, fresh.agent_id.map(AgentId), actor, action) {
        Err(Refusal::AlreadyAccepted(_)) => {
            let name = agent_name(db, fresh.agent_id).await.ok().flatten();
            AppError::conflict(Refusal::AlreadyAccepted(name).message())
        }
        Err(Refusal::NotYours)
            if matches!(
                action,
                Action::Close | Action::Transfer | Action::Requeue | Action::Reopen
            ) =>
        {
            AppError::forbidden(Refusal::NotYours.message())
        }
        Err(r) => AppError::conflict(r.message()),
        Ok(_) => AppError::conflict("The chat changed; please try again."),
    }
}
