//! Appending to and reading chat transcripts.
//!
//! A message gets its `seq` by bumping `chat_sessions.last_seq` in the same transaction as
//! the insert. The bump is the transaction's first statement and a conditional update, so
//! concurrent posts to one session serialize on that row (SQLite: the write lock; PostgreSQL:
//! the row lock) and seqs are dense, unique and in commit order.
use chrono::Utc;
use protocol::{Message, Sender};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};

use super::views;
use crate::domain::chat_session::{transition, Action, Actor};
use crate::error::AppError;
use crate::models::agent::{AgentId, CurrentAgent};
use crate::ssr::entities::{chat_message, chat_session};
use crate::ssr::hub::{Hub, HubEvent, Topic};

/// Who is posting.
#[derive(Debug, Clone, Copy)]
pub enum Poster<'a> {
    Visitor,
    Agent(&'a CurrentAgent),
}

/// A line to insert.
pub struct NewLine<'a> {
    pub sender: Sender,
    pub agent_id: Option<i64>,
    pub author: Option<&'a str>,
    pub text: &'a str,
    pub client_id: Option<&'a str>,
}

/// Inserts `line` at `seq` (the caller bumped `last_seq` to it in this transaction).
pub async fn insert_at(
    txn: &impl ConnectionTrait,
    session_id: i64,
    seq: i64,
    line: NewLine<'_>,
) -> Result<Message, AppError> {
    let model = chat_message::ActiveModel {
        session_id: Set(session_id),
        seq: Set(seq),
        sender: Set(line.sender.as_str().to_string()),
        agent_id: Set(line.agent_id),
        poster_id: Set(line.agent_id.unwrap_or(VISITOR_POSTER)),
        author: Set(line.author.map(str::to_string)),
        body: Set(line.text.to_string()),
        client_id: Set(line.client_id.map(str::to_string)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(views::message(model))
}

/// The session's `last_seq` (inside a transaction: the value this transaction set).
pub async fn last_seq(txn: &impl ConnectionTrait, session_id: i64) -> Result<i64, AppError> {
    chat_session::Entity::find_by_id(session_id)
        .one(txn)
        .await?
        .map(|s| s.last_seq)
        .ok_or_else(|| AppError::not_found("No such chat."))
}

/// `poster_id` of the visitor's lines (and system lines, which have no client id).
const VISITOR_POSTER: i64 = 0;

/// The message this poster already sent with this `client_id`. Ids are the sender's own:
/// someone else's message is never found by reusing its id.
async fn find_by_client_id(
    db: &impl ConnectionTrait,
    session_id: i64,
    poster: Poster<'_>,
    client_id: &str,
) -> Result<Option<Message>, AppError> {
    let poster_id = match poster {
        Poster::Visitor => VISITOR_POSTER,
        Poster::Agent(a) => a.id.0,
    };
    Ok(chat_message::Entity::find()
        .filter(chat_message::Column::SessionId.eq(session_id))
        .filter(chat_message::Column::PosterId.eq(poster_id))
        .filter(chat_message::Column::ClientId.eq(client_id))
        .one(db)
        .await?
        .map(views::message))
}

/// Messages with `seq > after`, oldest first, at most `limit`.
pub async fn after(
    db: &impl ConnectionTrait,
    session_id: i64,
    after: i64,
    limit: u64,
) -> Result<Vec<Message>, AppError> {
    Ok(chat_message::Entity::find()
        .filter(chat_message::Column::SessionId.eq(session_id))
        .filter(chat_message::Column::Seq.gt(after))
        .order_by_asc(chat_message::Column::Seq)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(views::message)
        .collect())
}

/// The whole transcript, oldest first.
pub async fn all(db: &impl ConnectionTrait, session_id: i64) -> Result<Vec<Message>, AppError> {
    after(db, session_id, 0, u64::MAX >> 1).await
}

/// Posts a message and returns it once committed. Retrying with the same `client_id`
/// returns the stored message and stores nothing new.
pub async fn post(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    session: &chat_session::Model,
    poster: Poster<'_>,
    text: &str,
    client_id: &str,
) -> Result<Message, AppError> {
    // Who may post here at all is settled before anything is looked up: the visitor holds
    // this session's token; an agent must be its assignee.
    if let Poster::Agent(agent) = poster {
        if session.agent_id != Some(agent.id.0) {
            let refusal = transition(
                views::status(session),
                session.agent_id.map(AgentId),
                actor(poster),
                Action::Post,
            )
            .err()
            .map(|r| r.message())
            .unwrap_or_else(|| "This is not your chat.".into());
            return Err(AppError::conflict(refusal));
        }
    }
    // A retry of a send that was stored (the answer was lost) gets the stored message, even
    // if the chat has changed since.
    if let Some(existing) = find_by_client_id(db, session.id, poster, client_id).await? {
        return Ok(existing);
    }
    let actor = actor(poster);
    transition(
        views::status(session),
        session.agent_id.map(AgentId),
        actor,
        Action::Post,
    )
    .map_err(|r| AppError::conflict(r.message()))?;

    let txn = db.begin().await?;
    let mut bump = chat_session::Entity::update_many()
        .col_expr(
            chat_session::Column::LastSeq,
            Expr::col(chat_session::Column::LastSeq).add(1),
        )
        .filter(chat_session::Column::Id.eq(session.id));
    bump = match poster {
        Poster::Visitor => bump.filter(chat_session::Column::Status.is_in(["waiting", "active"])),
        Poster::Agent(agent) => bump
            .filter(chat_session::Column::Status.eq("active"))
            .filter(chat_session::Column::AgentId.eq(agent.id.0)),
    };
    if bump.exec(&txn).await?.rows_affected == 0 {
        txn.rollback().await?;
        // The session changed since we read it: explain with its state now.
        let fresh = chat_session::Entity::find_by_id(session.id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::not_found("No such chat."))?;
        let refusal = transition(
            views::status(&fresh),
            fresh.agent_id.map(AgentId),
            actor,
            Action::Post,
        )
        .err()
        .map(|r| r.message())
        .unwrap_or_else(|| "The chat changed; please try again.".into());
        return Err(AppError::conflict(refusal));
    }
    if let Some(existing) = find_by_client_id(&txn, session.id, poster, client_id).await? {
        txn.rollback().await?;
        return Ok(existing);
    }
    let seq = last_seq(&txn, session.id).await?;
    let (sender, agent_id, author) = match poster {
        Poster::Visitor => (Sender::Visitor, None, session.visitor_name.as_str()),
        Poster::Agent(a) => (Sender::Agent, Some(a.id.0), a.name.as_str()),
    };
    if let Poster::Agent(_) = poster {
        // Writing in a chat means having read it.
        chat_session::Entity::update_many()
            .col_expr(chat_session::Column::AgentReadSeq, Expr::value(seq))
            .filter(chat_session::Column::Id.eq(session.id))
            .exec(&txn)
            .await?;
    }
    let message = insert_at(
        &txn,
        session.id,
        seq,
        NewLine {
            sender,
            agent_id,
            author: Some(author),
            text,
            client_id: Some(client_id),
        },
    )
    .await?;
    txn.commit().await?;

    hub.publish(
        Topic::Session(session.id),
        HubEvent::Message {
            session_id: session.id,
            message: message.clone(),
        },
    );
    if let (Poster::Visitor, Some(agent_id)) = (poster, session.agent_id) {
        hub.publish(Topic::Agent(agent_id), HubEvent::AgentCounters { agent_id });
    }
    Ok(message)
}

fn actor(poster: Poster<'_>) -> Actor {
    match poster {
        Poster::Visitor => Actor::Visitor,
        Poster::Agent(a) => Actor::Agent {
            id: a.id,
            admin: a.is_admin(),
        },
    }
}
