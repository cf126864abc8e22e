//! Chat → Queue listings and the sidebar badge.
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::views::{self, ms};
use crate::error::AppError;
use crate::models::agent::{AgentId, CurrentAgent};
use crate::models::chat::{Badge, ChatSessionId, QueueCounts, QueueListing, QueueRow, QueueTab};
use crate::ssr::entities::chat_session;

pub const CLOSED_PAGE_SIZE: u64 = 25;

/// Where a waiting session stands in the queue, in the Waiting tab's order (oldest first):
/// 1 + the waiting sessions ahead of it. `None` once it is not waiting.
pub async fn position(
    db: &impl ConnectionTrait,
    session: &chat_session::Model,
) -> Result<Option<u32>, AppError> {
    if views::status(session) != protocol::SessionStatus::Waiting {
        return Ok(None);
    }
    let ahead = chat_session::Entity::find()
        .filter(chat_session::Column::Status.eq("waiting"))
        .filter(
            sea_orm::Condition::any()
                .add(chat_session::Column::CreatedAt.lt(session.created_at))
                .add(
                    sea_orm::Condition::all()
                        .add(chat_session::Column::CreatedAt.eq(session.created_at))
                        .add(chat_session::Column::Id.lt(session.id)),
                ),
        )
        .count(db)
        .await?;
    Ok(Some(u32::try_from(ahead).unwrap_or(u32::MAX - 1) + 1))
}
/// Waiting and active lists are short in practice; this only bounds a pathological day.
const OPEN_LIMIT: u64 = 500;

pub async fn listing(
    db: &DatabaseConnection,
    me: &CurrentAgent,
    tab: QueueTab,
    page: u32,
) -> Result<QueueListing, AppError> {
    let base = chat_session::Entity::find();
    let (sessions, has_more) = match tab {
        QueueTab::Waiting => (
            base.filter(chat_session::Column::Status.eq("waiting"))
                .order_by_asc(chat_session::Column::CreatedAt)
                .order_by_asc(chat_session::Column::Id)
                .limit(OPEN_LIMIT)
                .all(db)
                .await?,
            false,
        ),
        QueueTab::Active => {
            let mut rows = base
                .filter(chat_session::Column::Status.eq("active"))
                .order_by_asc(chat_session::Column::AcceptedAt)
                .order_by_asc(chat_session::Column::Id)
                .limit(OPEN_LIMIT)
                .all(db)
                .await?;
            // Mine first, each group in the order they were accepted.
            rows.sort_by_key(|s| s.agent_id != Some(me.id.0));
            (rows, false)
        }
        QueueTab::Closed => {
            let mut rows = base
                .filter(chat_session::Column::Status.eq("closed"))
                .order_by_desc(chat_session::Column::ClosedAt)
                .order_by_desc(chat_session::Column::Id)
                .offset(u64::from(page) * CLOSED_PAGE_SIZE)
                .limit(CLOSED_PAGE_SIZE + 1)
                .all(db)
                .await?;
            let more = rows.len() as u64 > CLOSED_PAGE_SIZE;
            rows.truncate(CLOSED_PAGE_SIZE as usize);
            (rows, more)
        }
    };

    let names = crate::ssr::agents::names(db, sessions.iter().filter_map(|s| s.agent_id)).await?;
    let rows = sessions
        .into_iter()
        .map(|s| QueueRow {
            id: ChatSessionId(s.id),
            status: views::status(&s),
            agent_name: s.agent_id.and_then(|id| names.get(&id).cloned()),
            // Only an active chat's unread lines count (its assignee's to read).
            unread: if tab == QueueTab::Active {
                u32::try_from(s.agent_unread).unwrap_or(u32::MAX)
            } else {
                0
            },
            rating: s
                .rating
                .as_deref()
                .and_then(protocol::visitor::Rating::parse),
            visitor_name: s.visitor_name,
            preview: s.preview,
            created_at: ms(s.created_at),
            accepted_at: s.accepted_at.map(ms),
            closed_at: s.closed_at.map(ms),
            agent_id: s.agent_id.map(AgentId),
        })
        .collect();
    Ok(QueueListing {
        tab,
        rows,
        page,
        has_more,
        counts: counts(db).await?,
        now: ms(Utc::now()),
    })
}

/// Waiting and active session counts, in one query.
pub async fn counts(db: &impl ConnectionTrait) -> Result<QueueCounts, AppError> {
    let rows: Vec<(String, i64)> = chat_session::Entity::find()
        .select_only()
        .column(chat_session::Column::Status)
        .column_as(chat_session::Column::Id.count(), "n")
        .filter(chat_session::Column::Status.is_in(["waiting", "active"]))
        .group_by(chat_session::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let mut counts = QueueCounts::default();
    for (status, n) in rows {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        match status.as_str() {
            "waiting" => counts.waiting = n,
            "active" => counts.active = n,
            _ => {}
        }
    }
    Ok(counts)
}

/// Chats waiting in the queue (for every agent's badge).
pub async fn waiting_count(db: &impl ConnectionTrait) -> Result<u32, AppError> {
    let n = chat_session::Entity::find()
        .filter(chat_session::Column::Status.eq("waiting"))
        .count(db)
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The Chat badge for `agent_id`: waiting sessions, unread visitor messages in their active
/// sessions, and unread channel messages and mentions.
pub async fn badge(db: &impl ConnectionTrait, agent_id: AgentId) -> Result<Badge, AppError> {
    let waiting = waiting_count(db).await?;
    let unread = unread_for(db, agent_id).await?;
    let (channel_unread, mentions) =
        crate::ssr::channels::listing::badge_counts(db, agent_id).await?;
    Ok(Badge {
        waiting,
        unread,
        channel_unread,
        mentions,
    })
}

/// Unread visitor messages in the agent's active chats: the sum of the sessions' counters
/// (one indexed read, however long the transcripts).
pub async fn unread_for(db: &impl ConnectionTrait, agent_id: AgentId) -> Result<u32, AppError> {
    let total: Option<Option<i64>> = chat_session::Entity::find()
        .select_only()
        // PostgreSQL sums a bigint into a numeric: cast it back.
        .expr(
            Expr::col(chat_session::Column::AgentUnread)
                .sum()
                .cast_as("BIGINT"),
        )
        .filter(chat_session::Column::AgentId.eq(agent_id.0))
        .filter(chat_session::Column::Status.eq("active"))
        .into_tuple()
        .one(db)
        .await?;
    Ok(total
        .flatten()
        .map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX)))
}
