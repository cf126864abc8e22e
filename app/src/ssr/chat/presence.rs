//! Agent availability: chosen (Available / Away) and present (their app is connected).
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::error::AppError;
use crate::models::agent::AgentId;
use crate::models::chat::AgentStatus;
use crate::ssr::entities::agent;

/// Each server instance marks the agents connected to it as present this often, in one
/// statement for all of them (liveness itself is kept in memory, per connection)…
pub const REFRESH_SECS: u64 = 60;
/// …and an agent counts as gone after this long without it (an instance that died).
pub const PRESENCE_TTL_SECS: i64 = 180;

/// The agent's first connection opened: present now.
pub async fn touch(db: &impl ConnectionTrait, id: AgentId) -> Result<(), AppError> {
    refresh(db, &[id]).await
}

/// Marks these connected agents present (one statement per thousand).
pub async fn refresh(db: &impl ConnectionTrait, ids: &[AgentId]) -> Result<(), AppError> {
    let now = Utc::now();
    for chunk in ids.chunks(1000) {
        agent::Entity::update_many()
            .col_expr(agent::Column::LastSeenAt, Expr::value(Some(now)))
            .filter(agent::Column::Id.is_in(chunk.iter().map(|a| a.0)))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The agent's last connection closed: not present any more.
pub async fn clear(db: &impl ConnectionTrait, id: AgentId) -> Result<(), AppError> {
    agent::Entity::update_many()
        .col_expr(
            agent::Column::LastSeenAt,
            Expr::value(Option::<chrono::DateTime<Utc>>::None),
        )
        .filter(agent::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_status(
    db: &impl ConnectionTrait,
    id: AgentId,
    status: AgentStatus,
) -> Result<(), AppError> {
    agent::Entity::update_many()
        .col_expr(agent::Column::Status, Expr::value(status.as_str()))
        .filter(agent::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether any active agent is Available and connected right now.
pub async fn any_available(db: &impl ConnectionTrait) -> Result<bool, AppError> {
    let since = Utc::now() - Duration::seconds(PRESENCE_TTL_SECS);
    let n = agent::Entity::find()
        .filter(agent::Column::Active.eq(true))
        .filter(agent::Column::Status.eq(AgentStatus::Available.as_str()))
        .filter(agent::Column::LastSeenAt.gt(since))
        .count(db)
        .await?;
    Ok(n > 0)
}
