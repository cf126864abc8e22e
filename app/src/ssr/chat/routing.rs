//! Routing: the Live chat settings, each agent's capacity, and auto-assignment.
//!
//! Capacity is claimed inside the transition's transaction: its first statement writes the
//! agent's row (`last_assigned_at`), which serialises every claim on that agent (a row lock
//! on PostgreSQL, the write lock on SQLite); the count of their active chats read after it
//! sees every claim committed before. Two instances assigning at once therefore never put
//! more than the limit on anyone, and the session's own conditional update (`… WHERE
//! status = 'waiting'`) gives each chat to one agent only.
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use tokio::sync::Mutex;

use crate::domain::routing::{capacity, pick, Candidate};
use crate::error::AppError;
use crate::models::agent::AgentId;
use crate::models::chat::{AgentStatus, ChatSessionId};
use crate::models::routing::{LiveChatSettings, Routing};
use crate::ssr::entities::{agent, chat_session, chat_setting};
use crate::ssr::hub::Hub;

const SETTINGS_ROW: i32 = 1;

/// Settings → Live chat (the defaults until an admin saves them).
pub async fn settings(db: &impl ConnectionTrait) -> Result<LiveChatSettings, AppError> {
    let Some(row) = chat_setting::Entity::find_by_id(SETTINGS_ROW)
        .one(db)
        .await?
    else {
        return Ok(LiveChatSettings::default());
    };
    Ok(LiveChatSettings {
        routing: Routing::parse(&row.routing).unwrap_or_default(),
        max_chats: u32::try_from(row.max_chats).unwrap_or(LiveChatSettings::DEFAULT_MAX_CHATS),
        business_hours: row
            .business_hours
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok()),
        outside_hours: protocol::visitor::OutsideHours::parse(&row.outside_hours)
            .unwrap_or_default(),
        max_wait_minutes: u32::try_from(row.max_wait_minutes)
            .unwrap_or(LiveChatSettings::DEFAULT_MAX_WAIT_MINUTES),
        max_file_mb: u32::try_from(row.max_file_mb)
            .unwrap_or(LiveChatSettings::DEFAULT_MAX_FILE_MB),
    })
}

pub async fn save_settings(
    db: &impl ConnectionTrait,
    new: &LiveChatSettings,
) -> Result<(), AppError> {
    let hours = match &new.business_hours {
        Some(h) => Some(serde_json::to_string(h).map_err(|_| AppError::internal())?),
        None => None,
    };
    let row = chat_setting::ActiveModel {
        id: Set(SETTINGS_ROW),
        routing: Set(new.routing.as_str().to_string()),
        max_chats: Set(new.max_chats as i32),
        updated_at: Set(Utc::now()),
        business_hours: Set(hours),
        outside_hours: Set(new.outside_hours.as_str().to_string()),
        max_wait_minutes: Set(new.max_wait_minutes as i32),
        max_file_mb: Set(new.max_file_mb as i32),
    };
    chat_setting::Entity::insert(row)
        .on_conflict(
            OnConflict::column(chat_setting::Column::Id)
                .update_columns([
                    chat_setting::Column::Routing,
                    chat_setting::Column::MaxChats,
                    chat_setting::Column::UpdatedAt,
                    chat_setting::Column::BusinessHours,
                    chat_setting::Column::OutsideHours,
                    chat_setting::Column::MaxWaitMinutes,
                    chat_setting::Column::MaxFileMb,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// An admin sets (or, with `None`, clears) one agent's own limit.
pub async fn set_agent_limit(
    db: &impl ConnectionTrait,
    id: AgentId,
    limit: Option<u32>,
) -> Result<(), AppError> {
    let done = agent::Entity::update_many()
        .col_expr(
            agent::Column::MaxChats,
            Expr::value(limit.map(|n| n as i32)),
        )
        .filter(agent::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    if done.rows_affected == 0 {
        return Err(AppError::not_found("No such agent."));
    }
    Ok(())
}

/// How many active chats this agent may hold.
pub async fn capacity_of(db: &impl ConnectionTrait, id: AgentId) -> Result<u32, AppError> {
    let own = agent::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .and_then(|a| a.max_chats)
        .and_then(|n| u32::try_from(n).ok());
    Ok(capacity(own, &settings(db).await?))
}

/// Inside a transition's transaction, as its first statement: takes the agent's row and
/// tells whether they have room for one more active chat.
pub(super) async fn claim(
    txn: &impl ConnectionTrait,
    id: AgentId,
    capacity: u32,
) -> Result<bool, AppError> {
    let taken = agent::Entity::update_many()
        .col_expr(agent::Column::LastAssignedAt, Expr::value(Utc::now()))
        .filter(agent::Column::Id.eq(id.0))
        .filter(agent::Column::Active.eq(true))
        .exec(txn)
        .await?
        .rows_affected;
    if taken == 0 {
        return Ok(false);
    }
    let active = chat_session::Entity::find()
        .filter(chat_session::Column::Status.eq("active"))
        .filter(chat_session::Column::AgentId.eq(id.0))
        .count(txn)
        .await?;
    Ok(active < u64::from(capacity))
}

/// Agents who could be given a chat now: active, Available and connected, with their
/// active chats and capacity.
async fn candidates(
    db: &DatabaseConnection,
    settings: &LiveChatSettings,
) -> Result<Vec<(Candidate, String)>, AppError> {
    let present = super::presence::present_ids(db).await?;
    let agents = agent::Entity::find()
        .filter(agent::Column::Active.eq(true))
        .filter(agent::Column::Status.eq(AgentStatus::Available.as_str()))
        .all(db)
        .await?;
    let counts = active_counts(db).await?;
    Ok(agents
        .into_iter()
        .filter(|a| present.contains(&AgentId(a.id)))
        .map(|a| {
            let own = a.max_chats.and_then(|n| u32::try_from(n).ok());
            let candidate = Candidate {
                id: AgentId(a.id),
                ready: true,
                active_chats: counts.get(&a.id).copied().unwrap_or(0),
                capacity: capacity(own, settings),
                last_assigned_ms: a.last_assigned_at.map(|t| t.timestamp_millis()),
            };
            (candidate, a.name)
        })
        .collect())
}

/// Active chats per agent id, in one grouped query.
pub async fn active_counts(db: &impl ConnectionTrait) -> Result<HashMap<i64, u32>, AppError> {
    Ok(chat_session::Entity::find()
        .select_only()
        .column(chat_session::Column::AgentId)
        .column_as(Expr::col(chat_session::Column::Id).count(), "n")
        .filter(chat_session::Column::Status.eq("active"))
        .filter(chat_session::Column::AgentId.is_not_null())
        .group_by(chat_session::Column::AgentId)
        .into_tuple::<(Option<i64>, i64)>()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(id, n)| id.map(|id| (id, u32::try_from(n).unwrap_or(u32::MAX))))
        .collect())
}

/// The waiting chats in queue order (oldest first).
async fn waiting(db: &DatabaseConnection, limit: u64) -> Result<Vec<ChatSessionId>, AppError> {
    Ok(chat_session::Entity::find()
        .filter(chat_session::Column::Status.eq("waiting"))
        .order_by_asc(chat_session::Column::CreatedAt)
        .order_by_asc(chat_session::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|s| ChatSessionId(s.id))
        .collect())
}

/// One process's auto-assignment runs one at a time (instances may overlap: see above).
#[derive(Clone, Default)]
pub struct Assigner {
    turn: std::sync::Arc<Mutex<()>>,
}

/// Waiting chats looked at per pass.
const PASS: u64 = 100;
/// Rounds per run: after a lost race the state is read again.
const ROUNDS: usize = 8;

impl Assigner {
    /// In Auto-assign mode, gives waiting chats (oldest first) to agents with room until
    /// either runs out. Returns how many were assigned. A no-op in Manual mode.
    pub async fn run(&self, db: &DatabaseConnection, hub: &dyn Hub) -> Result<u32, AppError> {
        let settings = settings(db).await?;
        if settings.routing != Routing::Auto {
            return Ok(0);
        }
        let _turn = self.turn.lock().await;
        let mut assigned = 0;
        for _ in 0..ROUNDS {
            let queue = waiting(db, PASS).await?;
            if queue.is_empty() {
                break;
            }
            let more = queue.len() as u64 == PASS;
            let mut list = candidates(db, &settings).await?;
            let mut raced = false;
            for session in queue {
                let chosen: Vec<Candidate> = list.iter().map(|(c, _)| c.clone()).collect();
                let Some(agent_id) = pick(&chosen) else {
                    return Ok(assigned);
                };
                let Some((candidate, name)) = list.iter_mut().find(|(c, _)| c.id == agent_id)
                else {
                    break;
                };
                match super::sessions::assign(db, hub, session, agent_id, name, candidate.capacity)
                    .await
                {
                    Ok(()) => {
                        candidate.active_chats += 1;
                        candidate.last_assigned_ms = Some(Utc::now().timestamp_millis());
                        assigned += 1;
                    }
                    // Taken meanwhile, or the agent filled up elsewhere: read again.
                    Err(AppError::Conflict { .. }) => {
                        raced = true;
                        break;
                    }
                    Err(e) => return Err(e),
                }
            }
            if !raced && !more {
                break;
            }
        }
        Ok(assigned)
    }
}

/// Whether the office is open now (no schedule, or an unknown zone: always).
pub fn open_now(settings: &LiveChatSettings) -> bool {
    use crate::domain::business_hours::{is_open, wall_clock};
    let Some(hours) = &settings.business_hours else {
        return true;
    };
    match wall_clock(&hours.time_zone, Utc::now()) {
        Some(now) => is_open(Some(hours), &now),
        None => true,
    }
}
