//! Internal notes on a chat: written by any agent, read by agents only. They live in
//! `chat_notes`, apart from the transcript every visitor path reads.
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, SqlErr, TransactionTrait,
};

use super::{sessions, views};
use crate::domain::chat_session::{transition, Action, Actor};
use crate::error::AppError;
use crate::models::agent::{AgentId, CurrentAgent};
use crate::models::chat::{ChatNote, ChatNoteId, ChatSessionId};
use crate::ssr::entities::chat_note;
use crate::ssr::hub::{commit_announcing, Hub, HubEvent, Topic};

/// A note to write; `client_id` makes a retry store it once.
pub struct NewNote {
    pub text: String,
    pub client_id: String,
}

/// Writes a note after the transcript's current last line and tells the agents watching.
pub async fn add(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    id: ChatSessionId,
    agent: &CurrentAgent,
    note: NewNote,
) -> Result<ChatNote, AppError> {
    let txn = db.begin().await?;
    let session = sessions::by_id(&txn, id).await?;
    let actor = Actor::Agent {
        id: agent.id,
        admin: agent.is_admin(),
    };
    let agent_id = session.agent_id.map(AgentId);
    if let Err(refusal) = transition(views::status(&session), agent_id, actor, Action::Note) {
        return Err(AppError::forbidden(refusal.message()));
    }
    if let Some(existing) = find(&txn, id, agent.id, &note.client_id).await? {
        txn.rollback().await?;
        return Ok(existing);
    }
    let inserted = chat_note::ActiveModel {
        session_id: Set(id.0),
        after_seq: Set(session.last_seq),
        agent_id: Set(agent.id.0),
        author: Set(agent.name.clone()),
        body: Set(note.text),
        client_id: Set(note.client_id.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let model = match inserted {
        Ok(m) => m,
        // The same note, retried at the same moment: the other attempt stored it.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            txn.rollback().await?;
            return find(db, id, agent.id, &note.client_id)
                .await?
                .ok_or_else(AppError::internal);
        }
        Err(e) => return Err(e.into()),
    };
    let event = HubEvent::NotesChanged { session_id: id };
    commit_announcing(hub, txn, vec![(Topic::Session(id), event)]).await?;
    Ok(view(model))
}

/// Inserts a note inside a transaction that has already checked the session (a
/// transfer's note for the receiving agent). The caller announces `NotesChanged`.
pub async fn insert_in(
    txn: &impl ConnectionTrait,
    id: ChatSessionId,
    after_seq: i64,
    agent: &CurrentAgent,
    text: &str,
    client_id: &str,
) -> Result<ChatNote, AppError> {
    let model = chat_note::ActiveModel {
        session_id: Set(id.0),
        after_seq: Set(after_seq),
        agent_id: Set(agent.id.0),
        author: Set(agent.name.clone()),
        body: Set(text.to_string()),
        client_id: Set(client_id.to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(view(model))
}

/// Every note of the session, oldest first.
pub async fn list(db: &impl ConnectionTrait, id: ChatSessionId) -> Result<Vec<ChatNote>, AppError> {
    Ok(chat_note::Entity::find()
        .filter(chat_note::Column::SessionId.eq(id.0))
        .order_by_asc(chat_note::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

async fn find(
    db: &impl ConnectionTrait,
    id: ChatSessionId,
    agent: AgentId,
    client_id: &str,
) -> Result<Option<ChatNote>, AppError> {
    Ok(chat_note::Entity::find()
        .filter(chat_note::Column::SessionId.eq(id.0))
        .filter(chat_note::Column::AgentId.eq(agent.0))
        .filter(chat_note::Column::ClientId.eq(client_id))
        .one(db)
        .await?
        .map(view))
}

fn view(model: chat_note::Model) -> ChatNote {
    ChatNote {
        id: ChatNoteId(model.id),
        after_seq: model.after_seq,
        agent_id: AgentId(model.agent_id),
        author: model.author,
        text: model.body,
        client_id: model.client_id,
        created_at: views::ms(model.created_at),
    }
}
