//! My chats: the active chats an agent has, as their list shows them.
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::my_chats::waiting_since;
use crate::error::AppError;
use crate::models::agent::AgentId;
use crate::models::chat::{ChatSessionId, MyChat};
use crate::ssr::entities::chat_session;

/// The wait is judged on this many last lines (a visitor who wrote more unanswered lines
/// than this has waited at least since the first of them).
const TAIL: u64 = 50;

/// The ids of the agent's active chats, oldest accepted first.
pub async fn ids(
    db: &impl ConnectionTrait,
    agent: AgentId,
) -> Result<Vec<ChatSessionId>, AppError> {
    Ok(active(db, agent)
        .await?
        .into_iter()
        .map(|s| ChatSessionId(s.id))
        .collect())
}

async fn active(
    db: &impl ConnectionTrait,
    agent: AgentId,
) -> Result<Vec<chat_session::Model>, AppError> {
    Ok(chat_session::Entity::find()
        .filter(chat_session::Column::AgentId.eq(agent.0))
        .filter(chat_session::Column::Status.eq("active"))
        .order_by_asc(chat_session::Column::AcceptedAt)
        .order_by_asc(chat_session::Column::Id)
        .all(db)
        .await?)
}

/// The agent's active chats with their last line, unread count and wait.
pub async fn list(db: &impl ConnectionTrait, agent: AgentId) -> Result<Vec<MyChat>, AppError> {
    let mut out = Vec::new();
    for s in active(db, agent).await? {
        let tail = super::messages::tail(db, s.id, TAIL).await?;
        out.push(MyChat {
            id: ChatSessionId(s.id),
            visitor_name: s.visitor_name,
            waiting_since: waiting_since(&tail),
            last: tail.last().cloned(),
            unread: u32::try_from(s.agent_unread.max(0)).unwrap_or(u32::MAX),
            read_seq: s.agent_read_seq,
        });
    }
    Ok(out)
}
