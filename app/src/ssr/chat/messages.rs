//! Reading chat transcripts and inserting lines at a position (`posting` and `writer` take
//! the positions).
use chrono::Utc;
use protocol::{Message, Sender};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::views;
use crate::error::AppError;
use crate::ssr::entities::{chat_message, chat_session};

/// A line to insert.
pub struct NewLine<'a> {
    pub sender: Sender,
    pub agent_id: Option<i64>,
    pub author: Option<&'a str>,
    pub text: &'a str,
    pub client_id: Option<&'a str>,
    /// The file this line sends: its row id and how messages name it.
    pub file: Option<(i64, protocol::FileRef)>,
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
        file_id: Set(line.file.as_ref().map(|(id, _)| *id)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let mut message = views::message(model);
    message.file = line.file.map(|(_, f)| f);
    Ok(message)
}

/// Messages from their rows, with the files they send named (one more query, only when
/// some of them send one).
pub async fn with_files(
    db: &impl ConnectionTrait,
    rows: Vec<chat_message::Model>,
) -> Result<Vec<Message>, AppError> {
    let ids: Vec<i64> = rows.iter().filter_map(|m| m.file_id).collect();
    let mut files = if ids.is_empty() {
        Default::default()
    } else {
        super::files::refs(db, &ids).await?
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let file = row.file_id.and_then(|id| files.remove(&id));
            let mut message = views::message(row);
            message.file = file;
            message
        })
        .collect())
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
pub const VISITOR_POSTER: i64 = 0;

/// The message this poster (`VISITOR_POSTER` or an agent's id) already sent with this
/// `client_id`. Ids are the sender's own: someone else's message is never found by reusing
/// its id.
pub async fn find_by_client_id(
    db: &impl ConnectionTrait,
    session_id: i64,
    poster_id: i64,
    client_id: &str,
) -> Result<Option<Message>, AppError> {
    let row = chat_message::Entity::find()
        .filter(chat_message::Column::SessionId.eq(session_id))
        .filter(chat_message::Column::PosterId.eq(poster_id))
        .filter(chat_message::Column::ClientId.eq(client_id))
        .one(db)
        .await?;
    Ok(with_files(db, row.into_iter().collect()).await?.pop())
}

/// Messages with `seq > after`, oldest first, at most `limit`.
pub async fn after(
    db: &impl ConnectionTrait,
    session_id: i64,
    after: i64,
    limit: u64,
) -> Result<Vec<Message>, AppError> {
    let rows = chat_message::Entity::find()
        .filter(chat_message::Column::SessionId.eq(session_id))
        .filter(chat_message::Column::Seq.gt(after))
        .order_by_asc(chat_message::Column::Seq)
        .limit(limit)
        .all(db)
        .await?;
    with_files(db, rows).await
}

/// The whole transcript, oldest first.
pub async fn all(db: &impl ConnectionTrait, session_id: i64) -> Result<Vec<Message>, AppError> {
    after(db, session_id, 0, u64::MAX >> 1).await
}

/// The last `limit` messages, oldest first.
pub async fn tail(
    db: &impl ConnectionTrait,
    session_id: i64,
    limit: u64,
) -> Result<Vec<Message>, AppError> {
    let mut rows = chat_message::Entity::find()
        .filter(chat_message::Column::SessionId.eq(session_id))
        .order_by_desc(chat_message::Column::Seq)
        .limit(limit)
        .all(db)
        .await?;
    rows.reverse();
    with_files(db, rows).await
}
