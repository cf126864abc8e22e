//! Agent availability: chosen (Available / Away) and present (their app is connected).
use chrono::{Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::error::AppError;
use crate::models::agent::AgentId;
use crate::models::chat::AgentStatus;
use crate::ssr::entities::{agent, agent_presence};

/// Each server instance marks the agents connected to it as present this often, in one
/// statement for all of them (liveness itself is kept in memory, per connection)…
pub const REFRESH_SECS: u64 = 60;
/// …and an agent counts as gone after this long without it (an instance that died).
pub const PRESENCE_TTL_SECS: i64 = 180;

/// One running server process, as named in `agent_presence`: random per start, so a
/// restarted instance never inherits the rows of its previous life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceId(pub String);

impl InstanceId {
    pub fn random() -> Self {
        use rand::RngCore;
        let mut bytes = [0u8; 8];
        rand::rng().fill_bytes(&mut bytes);
        Self(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// The agent's first connection to this instance opened: present now.
pub async fn touch(
    db: &impl ConnectionTrait,
    instance: &InstanceId,
    id: AgentId,
) -> Result<(), AppError> {
    refresh(db, instance, &[id]).await
}

/// Marks these agents, connected to this instance, present (one statement per thousand),
/// and forgets the rows of instances that stopped refreshing long ago.
pub async fn refresh(
    db: &impl ConnectionTrait,
    instance: &InstanceId,
    ids: &[AgentId],
) -> Result<(), AppError> {
    let now = Utc::now();
    for chunk in ids.chunks(1000) {
        let rows = chunk.iter().map(|a| agent_presence::ActiveModel {
            agent_id: Set(a.0),
            instance: Set(instance.0.clone()),
            seen_at: Set(now),
        });
        agent_presence::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    agent_presence::Column::AgentId,
                    agent_presence::Column::Instance,
                ])
                .update_column(agent_presence::Column::SeenAt)
                .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    agent_presence::Entity::delete_many()
        .filter(agent_presence::Column::SeenAt.lt(now - Duration::seconds(PRESENCE_TTL_SECS * 2)))
        .exec(db)
        .await?;
    Ok(())
}

/// The agent's last connection to this instance closed; they stay present while another
/// instance has one.
pub async fn clear(
    db: &impl ConnectionTrait,
    instance: &InstanceId,
    id: AgentId,
) -> Result<(), AppError> {
    agent_presence::Entity::delete_many()
        .filter(agent_presence::Column::AgentId.eq(id.0))
        .filter(agent_presence::Column::Instance.eq(instance.0.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// This instance is stopping: none of its connections count any more.
pub async fn clear_instance(
    db: &impl ConnectionTrait,
    instance: &InstanceId,
) -> Result<(), AppError> {
    agent_presence::Entity::delete_many()
        .filter(agent_presence::Column::Instance.eq(instance.0.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether the agent has their app open on any instance.
pub async fn is_present(db: &impl ConnectionTrait, id: AgentId) -> Result<bool, AppError> {
    let n = agent_presence::Entity::find()
        .filter(agent_presence::Column::AgentId.eq(id.0))
        .filter(agent_presence::Column::SeenAt.gt(fresh_since()))
        .count(db)
        .await?;
    Ok(n > 0)
}

/// The agents whose app is open on some instance now.
pub async fn present_ids(
    db: &impl ConnectionTrait,
) -> Result<std::collections::HashSet<AgentId>, AppError> {
    Ok(agent_presence::Entity::find()
        .filter(agent_presence::Column::SeenAt.gt(fresh_since()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| AgentId(p.agent_id))
        .collect())
}

fn fresh_since() -> chrono::DateTime<Utc> {
    Utc::now() - Duration::seconds(PRESENCE_TTL_SECS)
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
    let present = Query::select()
        .column(agent_presence::Column::AgentId)
        .from(agent_presence::Entity)
        .and_where(agent_presence::Column::SeenAt.gt(fresh_since()))
        .to_owned();
    let n = agent::Entity::find()
        .filter(agent::Column::Active.eq(true))
        .filter(agent::Column::Status.eq(AgentStatus::Available.as_str()))
        .filter(agent::Column::Id.in_subquery(present))
        .count(db)
        .await?;
    Ok(n > 0)
}
