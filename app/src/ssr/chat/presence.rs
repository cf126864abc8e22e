//! Agent availability: chosen (Available / Away) and present (their app is connected).
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::error::AppError;
use crate::models::agent::AgentId;
use crate::models::chat::AgentStatus;
use crate::ssr::entities::agent;

/// A connected agent app refreshes presence this often…
pub const HEARTBEAT_SECS: u64 = 30;
/// …and counts as gone after this long without one.
pub const PRESENCE_TTL_SECS: i64 = 75;

pub async fn touch(db: &impl ConnectionTrait, id: AgentId) -> Result<(), AppError> {
    agent::Entity::update_many()
        .col_expr(agent::Column::LastSeenAt, Expr::value(Some(Utc::now())))
        .filter(agent::Column::Id.eq(id.0))
        .exec(db)
        .await?;
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
