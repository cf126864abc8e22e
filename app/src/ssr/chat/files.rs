//! Files in a chat: sent as a message of their own, the file row and the message in one
//! transaction (a refused or failed send leaves neither); read back only by the session's
//! visitor or by an agent.
use std::collections::HashMap;

use chrono::Utc;
use protocol::{FileRef, Message};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::posting::{self, announcements, begin_write, ChatPost, Poster, Written};
use crate::domain::file_upload::{check, safe_name, FileRefusal};
use crate::error::AppError;
use crate::ssr::entities::{chat_file, chat_session};
use crate::ssr::hub::{commit_announcing, Hub};

/// A file as it arrived: the name and type the sender's browser gave, and the bytes.
pub struct Upload {
    pub name: String,
    pub claimed_type: Option<String>,
    pub bytes: Vec<u8>,
    pub client_id: String,
}

/// The refusal as the protocol's error: too big is 413, anything else 422 on `file`.
pub fn refusal_error(refusal: &FileRefusal) -> AppError {
    match refusal {
        FileRefusal::TooLarge { .. } => AppError::PayloadTooLarge {
            message: refusal.message(),
        },
        _ => AppError::validation("file", refusal.message()),
    }
}

/// The largest file a chat takes now (Settings → Live chat).
pub async fn max_bytes(db: &impl ConnectionTrait) -> Result<u64, AppError> {
    Ok(super::routing::settings(db).await?.max_file_bytes())
}

/// Sends `upload` in `session` as `poster`. The type is read from the bytes and must agree
/// with the claimed one. A retry with the same client id returns the message already sent.
pub async fn send(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    session: &chat_session::Model,
    poster: Poster,
    upload: Upload,
) -> Result<Message, AppError> {
    let max = max_bytes(db).await?;
    let kind =
        check(upload.claimed_type.as_deref(), &upload.bytes, max).map_err(|r| refusal_error(&r))?;
    let name = safe_name(&upload.name);
    let post = ChatPost {
        session: session.into(),
        poster,
        text: name.clone(),
        client_id: upload.client_id,
    };
    posting::check_poster(&post)?;
    let txn = begin_write(db).await?;
    let size = upload.bytes.len() as i64;
    let public_id = crate::ssr::tokens::new_public_id();
    let row = chat_file::ActiveModel {
        public_id: Set(public_id.clone()),
        session_id: Set(session.id),
        name: Set(name.clone()),
        content_type: Set(kind.mime().to_string()),
        size: Set(size),
        data: Set(upload.bytes),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let file = FileRef {
        id: public_id,
        name,
        content_type: kind.mime().to_string(),
        size,
    };
    // Any error drops the transaction: the file row goes with it.
    match posting::write_line(&txn, &post, Some((row.id, file))).await? {
        Written::New { message, assignee } => {
            let events = announcements(&post, &message, assignee, None);
            commit_announcing(hub, txn, events).await?;
            Ok(message)
        }
        Written::Existing(message) => {
            txn.rollback().await?;
            Ok(message)
        }
    }
}

/// How messages name these files (their bytes are not read).
pub async fn refs(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, FileRef>, AppError> {
    Ok(named(db, chat_file::Column::Id.is_in(ids.iter().copied()))
        .await?
        .into_iter()
        .collect())
}

/// Every file of a session, oldest first (for the ticket made from it).
pub async fn of_session(
    db: &impl ConnectionTrait,
    session_id: i64,
) -> Result<Vec<FileRef>, AppError> {
    Ok(named(db, chat_file::Column::SessionId.eq(session_id))
        .await?
        .into_iter()
        .map(|(_, f)| f)
        .collect())
}

/// The files matching `filter`, by row id in upload order, without their bytes.
async fn named(
    db: &impl ConnectionTrait,
    filter: sea_orm::sea_query::SimpleExpr,
) -> Result<Vec<(i64, FileRef)>, AppError> {
    let rows: Vec<(i64, String, String, String, i64)> = chat_file::Entity::find()
        .select_only()
        .columns([
            chat_file::Column::Id,
            chat_file::Column::PublicId,
            chat_file::Column::Name,
            chat_file::Column::ContentType,
            chat_file::Column::Size,
        ])
        .filter(filter)
        .order_by_asc(chat_file::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, public_id, name, content_type, size)| {
            (
                id,
                FileRef {
                    id: public_id,
                    name,
                    content_type,
                    size,
                },
            )
        })
        .collect())
}

/// A file with its bytes, for a reader already allowed to read `session_id` (`None`: an
/// agent, who may read any chat's files). Another session's file is "not found".
pub async fn open(
    db: &impl ConnectionTrait,
    public_id: &str,
    session_id: Option<i64>,
) -> Result<chat_file::Model, AppError> {
    let mut find = chat_file::Entity::find().filter(chat_file::Column::PublicId.eq(public_id));
    if let Some(session) = session_id {
        find = find.filter(chat_file::Column::SessionId.eq(session));
    }
    find.one(db)
        .await?
        .ok_or_else(|| AppError::not_found("No such file."))
}
