//! Tickets: numbered, created by hand or from a chat (Create Ticket), listed, updated.
use chrono::Utc;
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr, TransactionTrait,
};

use super::chat::views::ms;
use super::chat::{messages, views};
use super::contacts;
use super::entities::{agent, chat_session, counter, ticket};
use super::search::all_words_in;
use crate::domain::chat_transcript::{render, TranscriptHeader};
use crate::error::AppError;
use crate::models::agent::{AgentId, CurrentAgent};
use crate::models::chat::ChatSessionId;
use crate::models::contact::ContactId;
use crate::models::ticket::{
    Priority, TicketDetail, TicketId, TicketListing, TicketRef, TicketRow, TicketStatus,
};
use protocol::SessionStatus;

pub const PAGE_SIZE: u64 = 25;

/// A validated ticket to create by hand.
pub struct NewTicket {
    pub subject: String,
    pub description: String,
    pub priority: Priority,
    pub requester_name: String,
    pub requester_email: Option<String>,
    pub assignee: Option<AgentId>,
}

/// The next ticket number, taken inside `txn` (the counter row stays locked until commit,
/// so numbers are gapless and unique).
async fn next_number(txn: &impl ConnectionTrait) -> Result<i64, AppError> {
    counter::Entity::update_many()
        .col_expr(
            counter::Column::Value,
            Expr::col(counter::Column::Value).add(1),
        )
        .filter(counter::Column::Name.eq("ticket_number"))
        .exec(txn)
        .await?;
    counter::Entity::find_by_id("ticket_number".to_string())
        .one(txn)
        .await?
        .map(|c| c.value)
        .ok_or_else(AppError::internal)
}

pub async fn create(
    db: &DatabaseConnection,
    by: &CurrentAgent,
    new: NewTicket,
) -> Result<TicketRef, AppError> {
    if let Some(a) = new.assignee {
        ensure_agent(db, a).await?;
    }
    let txn = db.begin().await?;
    let made = create_in(&txn, by, new, None).await?;
    txn.commit().await?;
    Ok(made)
}

/// Where a ticket came from, when it was `/ticket` in a channel: the channel and the
/// position of the message that announces it.
#[derive(Debug, Clone, Copy)]
pub struct ChannelSource {
    pub channel: crate::models::channel::ChannelId,
    pub seq: i64,
}

/// Writes the ticket inside the caller's transaction (the assignee was checked).
pub async fn create_in(
    txn: &impl ConnectionTrait,
    by: &CurrentAgent,
    new: NewTicket,
    source: Option<ChannelSource>,
) -> Result<TicketRef, AppError> {
    // The counter first: the transaction's first write (SQLite locks now).
    let number = next_number(txn).await?;
    let contact_id = match &new.requester_email {
        Some(email) => Some(contacts::ensure_for_email(txn, email, &new.requester_name).await?),
        None => None,
    };
    let now = Utc::now();
    let model = ticket::ActiveModel {
        source_channel_id: Set(source.map(|s| s.channel.0)),
        source_channel_seq: Set(source.map(|s| s.seq)),
        number: Set(number),
        subject: Set(new.subject),
        description: Set(new.description),
        status: Set(TicketStatus::Open.as_str().into()),
        priority: Set(new.priority.as_str().into()),
        contact_id: Set(contact_id),
        requester_name: Set(new.requester_name),
        requester_email: Set(new.requester_email),
        assignee_id: Set(new.assignee.map(|a| a.0)),
        chat_session_id: Set(None),
        created_by: Set(Some(by.id.0)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(TicketRef {
        id: TicketId(model.id),
        number,
    })
}

/// `tickets.channel` of an offline message.
pub const OFFLINE_CHANNEL: &str = "offline_message";

fn channel_label(raw: &str) -> String {
    match raw {
        OFFLINE_CHANNEL => "Offline message".to_string(),
        WAITED_CHANNEL => "Chat not answered within Max wait".to_string(),
        other => other.to_string(),
    }
}

/// A visitor's message outside business hours becomes a ticket: the requester is the
/// contact for their email (made if new), the message its description.
pub async fn create_offline(
    db: &DatabaseConnection,
    name: &str,
    email: &str,
    message: &str,
) -> Result<TicketRef, AppError> {
    let txn = db.begin().await?;
    let number = next_number(&txn).await?;
    let contact_id = contacts::ensure_for_email(&txn, email, name).await?;
    let now = Utc::now();
    let model = ticket::ActiveModel {
        number: Set(number),
        subject: Set(crate::domain::ticket_input::suggested_subject(message)),
        description: Set(message.to_string()),
        status: Set(TicketStatus::Open.as_str().into()),
        priority: Set(Priority::Normal.as_str().into()),
        contact_id: Set(Some(contact_id)),
        requester_name: Set(name.to_string()),
        requester_email: Set(Some(email.to_string())),
        assignee_id: Set(None),
        chat_session_id: Set(None),
        created_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        channel: Set(Some(OFFLINE_CHANNEL.to_string())),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(TicketRef {
        id: TicketId(model.id),
        number,
    })
}

/// `tickets.channel` of a chat nobody answered within Max wait.
pub const WAITED_CHANNEL: &str = "waited_too_long";

/// A visitor who waited longer than Max wait leaves their email: in one transaction the
/// chat closes (only if still waiting: an agent who accepts meanwhile wins), says so in a
/// system line, and becomes a ticket with the transcript for the contact of that email.
pub async fn create_from_waiting_chat(
    db: &DatabaseConnection,
    hub: &dyn crate::ssr::hub::Hub,
    session: &chat_session::Model,
    email: &str,
) -> Result<TicketRef, AppError> {
    use crate::ssr::hub::{commit_announcing, HubEvent, Topic};
    let txn = db.begin().await?;
    let closed = chat_session::Entity::update_many()
        .col_expr(chat_session::Column::Status, Expr::value("closed"))
        .col_expr(chat_session::Column::ClosedAt, Expr::value(Utc::now()))
        .col_expr(chat_session::Column::ClosedBy, Expr::value("visitor"))
        .col_expr(chat_session::Column::VisitorEmail, Expr::value(email))
        .col_expr(
            chat_session::Column::LastSeq,
            Expr::col(chat_session::Column::LastSeq).add(1),
        )
        .filter(chat_session::Column::Id.eq(session.id))
        .filter(chat_session::Column::Status.eq("waiting"))
        .exec(&txn)
        .await?;
    if closed.rows_affected == 0 {
        txn.rollback().await?;
        return Err(AppError::conflict(
            "An agent has joined: the chat goes on here.",
        ));
    }
    let number = next_number(&txn).await?;
    let session = chat_session::Entity::find_by_id(session.id)
        .one(&txn)
        .await?
        .ok_or_else(AppError::internal)?;
    let line = format!(
        "{} left their email: this chat is now ticket #{number}, answered by email.",
        session.visitor_name
    );
    let system = messages::insert_at(
        &txn,
        session.id,
        session.last_seq,
        messages::NewLine {
            sender: protocol::Sender::System,
            agent_id: None,
            author: None,
            text: &line,
            client_id: None,
            file: None,
        },
    )
    .await?;
    let transcript = messages::all(&txn, session.id).await?;
    let description = render(
        &TranscriptHeader {
            visitor_name: &session.visitor_name,
            visitor_email: Some(email),
            started_at: ms(session.created_at),
            page_url: session.page_url.as_deref(),
        },
        &transcript,
        &[],
    );
    let contact_id = contacts::ensure_for_email(&txn, email, &session.visitor_name).await?;
    let first_line = transcript
        .iter()
        .find(|m| m.sender == protocol::Sender::Visitor)
        .map(|m| m.text.as_str())
        .unwrap_or_default();
    let now = Utc::now();
    let model = ticket::ActiveModel {
        number: Set(number),
        subject: Set(crate::domain::ticket_input::suggested_subject(first_line)),
        description: Set(description),
        status: Set(TicketStatus::Open.as_str().into()),
        priority: Set(Priority::Normal.as_str().into()),
        contact_id: Set(Some(contact_id)),
        requester_name: Set(session.visitor_name.clone()),
        requester_email: Set(Some(email.to_string())),
        assignee_id: Set(None),
        chat_session_id: Set(Some(session.id)),
        created_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        channel: Set(Some(WAITED_CHANNEL.to_string())),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    chat_session::Entity::update_many()
        .col_expr(chat_session::Column::TicketId, Expr::value(model.id))
        .col_expr(chat_session::Column::ContactId, Expr::value(contact_id))
        .filter(chat_session::Column::Id.eq(session.id))
        .exec(&txn)
        .await?;
    let id = ChatSessionId(session.id);
    let events = vec![
        (
            Topic::Session(id),
            HubEvent::Message {
                session_id: id,
                message: system,
            },
        ),
        (
            Topic::Session(id),
            HubEvent::SessionChanged { session_id: id },
        ),
        (
            Topic::Queue,
            HubEvent::Queue {
                change: crate::models::chat::QueueChange::Closed,
                session_id: id,
            },
        ),
    ];
    commit_announcing(hub, txn, events).await?;
    Ok(TicketRef {
        id: TicketId(model.id),
        number,
    })
}

/// Create Ticket on a chat: the transcript becomes the description, the visitor the
/// requester (and a contact when they gave an email), and session and ticket link to each
/// other. All in one transaction; a second request (a double click, another agent) gets
/// the ticket the first one made.
pub async fn create_from_chat(
    db: &DatabaseConnection,
    by: &CurrentAgent,
    session_id: ChatSessionId,
    subject: String,
) -> Result<TicketRef, AppError> {
    let txn = db.begin().await?;
    // Lock the session row first: concurrent requests queue here, one at a time.
    let locked = chat_session::Entity::update_many()
        .col_expr(
            chat_session::Column::TicketId,
            Expr::col(chat_session::Column::TicketId),
        )
        .filter(chat_session::Column::Id.eq(session_id.0))
        .exec(&txn)
        .await?;
    if locked.rows_affected == 0 {
        return Err(AppError::not_found("No such chat."));
    }
    let session = chat_session::Entity::find_by_id(session_id.0)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("No such chat."))?;
    if let Some(existing) = session.ticket_id {
        let t = ticket::Entity::find_by_id(existing)
            .one(&txn)
            .await?
            .ok_or_else(AppError::internal)?;
        txn.rollback().await?;
        return Ok(TicketRef {
            id: TicketId(t.id),
            number: t.number,
        });
    }
    if views::status(&session) == SessionStatus::Waiting {
        return Err(AppError::conflict(
            "Accept the chat before making a ticket of it.",
        ));
    }
    if !(by.is_admin() || session.agent_id == Some(by.id.0)) {
        return Err(AppError::forbidden(
            "Only the agent who handled this chat (or an admin) can make a ticket of it.",
        ));
    }

    let transcript = messages::all(&txn, session.id).await?;
    let notes = crate::ssr::chat::notes::list(&txn, ChatSessionId(session.id)).await?;
    let description = render(
        &TranscriptHeader {
            visitor_name: &session.visitor_name,
            visitor_email: session.visitor_email.as_deref(),
            started_at: ms(session.created_at),
            page_url: session.page_url.as_deref(),
        },
        &transcript,
        &notes,
    );
    let contact_id = match &session.visitor_email {
        Some(email) => Some(contacts::ensure_for_email(&txn, email, &session.visitor_name).await?),
        None => None,
    };
    let number = next_number(&txn).await?;
    let now = Utc::now();
    let inserted = ticket::ActiveModel {
        number: Set(number),
        subject: Set(subject),
        description: Set(description),
        status: Set(TicketStatus::Open.as_str().into()),
        priority: Set(Priority::Normal.as_str().into()),
        contact_id: Set(contact_id),
        requester_name: Set(session.visitor_name.clone()),
        requester_email: Set(session.visitor_email.clone()),
        assignee_id: Set(session.agent_id.or(Some(by.id.0))),
        chat_session_id: Set(Some(session.id)),
        created_by: Set(Some(by.id.0)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let model = match inserted {
        Ok(m) => m,
        // Backstop: the unique session link refuses a second ticket whatever happens.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(AppError::conflict("This chat already has a ticket."));
        }
        Err(e) => return Err(e.into()),
    };
    chat_session::Entity::update_many()
        .col_expr(chat_session::Column::TicketId, Expr::value(model.id))
        .col_expr(chat_session::Column::ContactId, Expr::value(contact_id))
        .filter(chat_session::Column::Id.eq(session.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    tracing::info!(
        ticket = number,
        session_id = session.id,
        "ticket created from chat"
    );
    Ok(TicketRef {
        id: TicketId(model.id),
        number,
    })
}

async fn ensure_agent(db: &impl ConnectionTrait, id: AgentId) -> Result<(), AppError> {
    match agent::Entity::find_by_id(id.0).one(db).await? {
        Some(a) if a.active => Ok(()),
        _ => Err(AppError::validation("assignee", "Choose an active agent.")),
    }
}

/// Which tickets to list.
#[derive(Debug, Clone, Default)]
pub struct TicketFilter {
    pub status: Option<TicketStatus>,
    /// `None`: anyone; `Some(None)`: unassigned; `Some(Some(id))`: that agent.
    pub assignee: Option<Option<AgentId>>,
    pub query: String,
}

pub async fn list(
    db: &DatabaseConnection,
    filter: &TicketFilter,
    page: u32,
) -> Result<TicketListing, AppError> {
    let mut q = ticket::Entity::find();
    if let Some(status) = filter.status {
        q = q.filter(ticket::Column::Status.eq(status.as_str()));
    }
    match filter.assignee {
        Some(Some(a)) => q = q.filter(ticket::Column::AssigneeId.eq(a.0)),
        Some(None) => q = q.filter(ticket::Column::AssigneeId.is_null()),
        None => {}
    }
    let text = filter.query.trim();
    if !text.is_empty() {
        let words = all_words_in(
            text,
            &[
                ticket::Column::Subject,
                ticket::Column::RequesterName,
                ticket::Column::RequesterEmail,
            ],
        );
        let number = text
            .trim_start_matches('#')
            .parse::<i64>()
            .ok()
            .map(|n| ticket::Column::Number.eq(n));
        q = q.filter(match number {
            Some(n) => Condition::any().add(n).add(words),
            None => words,
        });
    }
    let total = q.clone().count(db).await?;
    let models = q
        .order_by_desc(ticket::Column::UpdatedAt)
        .order_by_desc(ticket::Column::Number)
        .offset(u64::from(page) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    Ok(TicketListing {
        rows: rows(db, models).await?,
        page,
        has_more: (u64::from(page) + 1) * PAGE_SIZE < total,
        total,
    })
}

/// List rows with assignee names (one query for all names).
pub async fn rows(
    db: &impl ConnectionTrait,
    models: Vec<ticket::Model>,
) -> Result<Vec<TicketRow>, AppError> {
    let names = super::agents::names(db, models.iter().filter_map(|t| t.assignee_id)).await?;
    Ok(models
        .into_iter()
        .map(|t| TicketRow {
            id: TicketId(t.id),
            number: t.number,
            status: TicketStatus::parse(&t.status).unwrap_or_default(),
            priority: Priority::parse(&t.priority).unwrap_or_default(),
            assignee_name: t.assignee_id.and_then(|a| names.get(&a).cloned()),
            subject: t.subject,
            requester_name: t.requester_name,
            updated_at: ms(t.updated_at),
        })
        .collect())
}

/// The ticket page for `viewer`: a channel it came from is named only to agents who may
/// read that channel.
pub async fn detail(
    db: &DatabaseConnection,
    id: TicketId,
    viewer: AgentId,
) -> Result<TicketDetail, AppError> {
    let t = ticket::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("No such ticket."))?;
    let names =
        super::agents::names(db, [t.assignee_id, t.created_by].into_iter().flatten()).await?;
    let source_channel = match (t.source_channel_id, t.source_channel_seq) {
        (Some(c), Some(seq)) => {
            let channel = crate::models::channel::ChannelId(c);
            match super::channels::access::readable(db, channel, viewer).await {
                Ok(access) => Some(crate::models::ticket::ChannelLink {
                    id: channel,
                    name: access.channel.name,
                    seq,
                }),
                Err(AppError::NotFound { .. }) => None,
                Err(e) => return Err(e),
            }
        }
        _ => None,
    };
    let files = match t.chat_session_id {
        Some(session) => super::chat::files::of_session(db, session).await?,
        None => Vec::new(),
    };
    Ok(TicketDetail {
        files,
        // A visitor typed it (in a chat or an offline message); nobody checked it is theirs.
        requester_email_unverified: (t.chat_session_id.is_some()
            || t.channel.as_deref() == Some(OFFLINE_CHANNEL))
            && t.requester_email.is_some(),
        channel: t.channel.as_deref().map(channel_label),
        source_channel,
        id: TicketId(t.id),
        number: t.number,
        status: TicketStatus::parse(&t.status).unwrap_or_default(),
        priority: Priority::parse(&t.priority).unwrap_or_default(),
        contact_id: t.contact_id.map(ContactId),
        assignee_id: t.assignee_id.map(AgentId),
        assignee_name: t.assignee_id.and_then(|a| names.get(&a).cloned()),
        created_by_name: t.created_by.and_then(|a| names.get(&a).cloned()),
        chat_session_id: t.chat_session_id.map(ChatSessionId),
        subject: t.subject,
        description: t.description,
        requester_name: t.requester_name,
        requester_email: t.requester_email,
        created_at: ms(t.created_at),
        updated_at: ms(t.updated_at),
    })
}

/// Status, priority and assignee changes from the ticket page.
pub async fn update(
    db: &DatabaseConnection,
    id: TicketId,
    status: TicketStatus,
    priority: Priority,
    assignee: Option<AgentId>,
) -> Result<(), AppError> {
    if let Some(a) = assignee {
        ensure_agent(db, a).await?;
    }
    let result = ticket::Entity::update_many()
        .col_expr(ticket::Column::Status, Expr::value(status.as_str()))
        .col_expr(ticket::Column::Priority, Expr::value(priority.as_str()))
        .col_expr(
            ticket::Column::AssigneeId,
            Expr::value(assignee.map(|a| a.0)),
        )
        .col_expr(ticket::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(ticket::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::not_found("No such ticket."));
    }
    Ok(())
}
