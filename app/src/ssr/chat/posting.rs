//! Posting a message to a chat: what one send writes, inside a transaction the caller owns
//! (the group-commit writer puts many sends in one; `post` uses one of its own).
//!
//! A message gets its `seq` from a conditional `UPDATE … RETURNING` of its session row (the
//! session must be open, and for agents assigned to them). Writes to one session serialize
//! on that row (SQLite: the write lock; PostgreSQL: the row lock), so seqs are dense, unique
//! and in commit order. The same statement keeps the assignee's unread count: a visitor
//! message adds one; the assignee writing means having read everything.
use protocol::{Message, Sender};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use super::messages::{self, NewLine, VISITOR_POSTER};
use super::views;
use crate::domain::chat_session::{transition, Action, Actor};
use crate::error::AppError;
use crate::models::agent::{AgentId, CurrentAgent};
use crate::models::chat::ChatSessionId;
use crate::ssr::entities::chat_session;
use crate::ssr::hub::{commit_announcing, Hub, HubEvent, Topic};

/// Who is posting (owned: a send may wait in the writer's queue).
#[derive(Debug, Clone)]
pub enum Poster {
    Visitor,
    Agent {
        id: AgentId,
        name: String,
        admin: bool,
    },
}

impl Poster {
    pub fn agent(a: &CurrentAgent) -> Self {
        Poster::Agent {
            id: a.id,
            name: a.name.clone(),
            admin: a.is_admin(),
        }
    }

    fn id(&self) -> i64 {
        match self {
            Poster::Visitor => VISITOR_POSTER,
            Poster::Agent { id, .. } => id.0,
        }
    }

    fn actor(&self) -> Actor {
        match self {
            Poster::Visitor => Actor::Visitor,
            Poster::Agent { id, admin, .. } => Actor::Agent {
                id: *id,
                admin: *admin,
            },
        }
    }
}

/// The chat a message goes to, as its sender last saw it (the write checks it again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChatRef {
    pub id: i64,
    pub status: protocol::SessionStatus,
    pub agent_id: Option<i64>,
}

impl From<&chat_session::Model> for ChatRef {
    fn from(s: &chat_session::Model) -> Self {
        Self {
            id: s.id,
            status: views::status(s),
            agent_id: s.agent_id,
        }
    }
}

/// One message to store.
#[derive(Debug, Clone)]
pub struct ChatPost {
    pub session: ChatRef,
    pub poster: Poster,
    pub text: String,
    pub client_id: String,
}

/// What a send came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Stored now at this position (announce it once committed); `assignee` as the session
    /// is now (the sender's copy of the session may be older).
    New {
        message: Message,
        assignee: Option<i64>,
    },
    /// A retry: this poster had already sent this `client_id`; nothing new was stored.
    Existing(Message),
}

impl Written {
    pub fn message(&self) -> &Message {
        match self {
            Written::New { message: m, .. } | Written::Existing(m) => m,
        }
    }
}

/// Who may post here at all, settled before anything is looked up: the visitor holds this
/// session's token; an agent must be its assignee.
pub fn check_poster(send: &ChatPost) -> Result<(), AppError> {
    if let Poster::Agent { id, .. } = &send.poster {
        if send.session.agent_id != Some(id.0) {
            return Err(refusal(&send.session, &send.poster));
        }
    }
    Ok(())
}

pub(super) fn refusal(session: &ChatRef, poster: &Poster) -> AppError {
    let reason = transition(
        session.status,
        session.agent_id.map(AgentId),
        poster.actor(),
        Action::Post,
    )
    .err()
    .map(|r| r.message())
    .unwrap_or_else(|| "The chat changed; please try again.".into());
    AppError::conflict(reason)
}

/// Writes one send inside `txn`. Unless it returns `Written::New`, the caller must roll back
/// what this call wrote (a savepoint, or the whole transaction): the position may have been
/// taken already.
pub async fn write(txn: &impl ConnectionTrait, send: &ChatPost) -> Result<Written, AppError> {
    write_line(txn, send, None).await
}

/// `write`, for a message that sends a file (its row written in this transaction).
pub async fn write_line(
    txn: &impl ConnectionTrait,
    send: &ChatPost,
    file: Option<(i64, protocol::FileRef)>,
) -> Result<Written, AppError> {
    check_poster(send)?;
    let id = send.session.id;
    let bump = chat_session::Entity::update_many()
        .col_expr(
            chat_session::Column::LastSeq,
            Expr::col(chat_session::Column::LastSeq).add(1),
        )
        .filter(chat_session::Column::Id.eq(id));
    let bump = match &send.poster {
        Poster::Visitor => bump
            .col_expr(
                chat_session::Column::AgentUnread,
                Expr::col(chat_session::Column::AgentUnread).add(1),
            )
            .filter(chat_session::Column::Status.is_in(["waiting", "active"])),
        // Writing in a chat means having read it (`last_seq + 1` is the new position: every
        // right-hand side sees the row as it was).
        Poster::Agent { id: agent, .. } => bump
            .col_expr(
                chat_session::Column::AgentReadSeq,
                Expr::col(chat_session::Column::LastSeq).add(1),
            )
            .col_expr(chat_session::Column::AgentUnread, Expr::value(0))
            .filter(chat_session::Column::Status.eq("active"))
            .filter(chat_session::Column::AgentId.eq(agent.0)),
    };
    let updated = bump.exec_with_returning(txn).await?;
    // The row is ours now (locked): a retry already stored is found here, whatever the
    // session's state. It is looked up after the bump so that two writers cannot both miss it.
    if let Some(existing) =
        messages::find_by_client_id(txn, id, send.poster.id(), &send.client_id).await?
    {
        return Ok(Written::Existing(existing));
    }
    let Some(session) = updated.into_iter().next() else {
        // The session changed since it was read: explain with its state now.
        let fresh = chat_session::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or_else(|| AppError::not_found("No such chat."))?;
        return Err(refusal(&ChatRef::from(&fresh), &send.poster));
    };
    let (sender, agent_id, author) = match &send.poster {
        Poster::Visitor => (Sender::Visitor, None, session.visitor_name.as_str()),
        Poster::Agent { id, name, .. } => (Sender::Agent, Some(id.0), name.as_str()),
    };
    let message = messages::insert_at(
        txn,
        id,
        session.last_seq,
        NewLine {
            sender,
            agent_id,
            author: Some(author),
            text: &send.text,
            client_id: Some(&send.client_id),
            file,
        },
    )
    .await?;
    Ok(Written::New {
        message,
        assignee: session.agent_id,
    })
}

/// The events a new message makes: the message on its session, and the new unread count
/// of the agent it concerns.
pub fn announcements(
    send: &ChatPost,
    message: &Message,
    assignee: Option<i64>,
    unread: Option<u32>,
) -> Vec<(Topic, HubEvent)> {
    let session_id = ChatSessionId(send.session.id);
    let mut events = vec![(
        Topic::Session(session_id),
        HubEvent::Message {
            session_id,
            message: message.clone(),
        },
    )];
    // A visitor's line adds to the assignee's unread count; the assignee writing has read
    // the chat.
    let whose = match &send.poster {
        Poster::Visitor => assignee.map(AgentId),
        Poster::Agent { id, .. } => Some(*id),
    };
    if let Some(agent_id) = whose {
        events.push((
            Topic::Agent(agent_id),
            HubEvent::AgentCounters { agent_id, unread },
        ));
    }
    events
}

/// A SQLite transaction that takes the write lock at `BEGIN`: it reads before it writes, and
/// a deferred one would then fail instead of waiting if another writer came in between.
pub async fn begin_write(
    db: &DatabaseConnection,
) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    db.begin_with_options(TransactionOptions {
        isolation_level: None,
        access_mode: None,
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
    })
    .await
}

/// Posts one message in a transaction of its own and returns it once committed. Retrying
/// with the same `client_id` returns the stored message and stores nothing new. (The server
/// posts through `writer::ChatWriter`, which commits many at once.)
pub async fn post(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    send: ChatPost,
) -> Result<Message, AppError> {
    check_poster(&send)?;
    let txn = begin_write(db).await?;
    match write(&txn, &send).await? {
        Written::New { message, assignee } => {
            let events = announcements(&send, &message, assignee, None);
            commit_announcing(hub, txn, events).await?;
            Ok(message)
        }
        Written::Existing(message) => {
            txn.rollback().await?;
            Ok(message)
        }
    }
}
