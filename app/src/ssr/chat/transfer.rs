//! Transfer an active chat to another agent, or put it back in the queue. Like Accept,
//! each is one conditional UPDATE (on the status and on the assignee the caller saw), so
//! two agents acting at once cannot both win.
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::sessions::{self, apply, Extra, Step};
use crate::domain::chat_session::{transfer_target, Action};
use crate::error::AppError;
use crate::models::agent::{AgentId, CurrentAgent};
use crate::models::chat::{AgentStatus, ChatSessionId, QueueChange, TransferTarget};
use crate::ssr::entities::{agent, chat_session};
use crate::ssr::hub::Hub;

/// Hands the chat to `to`, with an optional internal note for them. The visitor sees
/// "Bob joined"; both sides see who transferred it.
pub async fn transfer(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    id: ChatSessionId,
    by: &CurrentAgent,
    to: AgentId,
    note: Option<&str>,
) -> Result<(), AppError> {
    let target = agent::Entity::find_by_id(to.0)
        .one(db)
        .await?
        .filter(|a| a.active)
        .ok_or_else(|| AppError::validation("to", "Choose an active agent."))?;
    let session = sessions::by_id(db, id).await?;
    let previous = session.agent_id.map(AgentId);
    transfer_target(previous, to).map_err(|r| AppError::validation("to", r.message()))?;
    let mut update = chat_session::Entity::update_many()
        .col_expr(chat_session::Column::AgentId, Expr::value(to.0))
        .col_expr(chat_session::Column::AcceptedAt, Expr::value(Utc::now()))
        .filter(chat_session::Column::Status.eq("active"));
    // Still with the agent we read (a concurrent transfer or close wins, this one explains).
    update = match previous {
        Some(p) => update.filter(chat_session::Column::AgentId.eq(p.0)),
        None => update.filter(chat_session::Column::AgentId.is_null()),
    };
    if !by.is_admin() {
        update = update.filter(chat_session::Column::AgentId.eq(by.id.0));
    }
    let moved = format!("{} transferred the chat to {}", by.name, target.name);
    let joined = format!("{} joined", target.name);
    let step = Step {
        action: Action::Transfer,
        actor: sessions::actor(by),
        lines: &[&moved, &joined],
        change: QueueChange::Accepted,
        // The receiving agent starts from here; the alert is what tells them.
        mark_read: true,
        extra: Extra {
            note: note.map(|text| (by, text)),
            previous,
            assigned_by: Some(&by.name),
            // A transfer may go to a full agent: the chooser warns, the admin decides.
            capacity: None,
        },
    };
    apply(db, hub, id, update, step).await
}

/// Back to the queue: the chat waits again for anyone to accept.
pub async fn requeue(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    id: ChatSessionId,
    by: &CurrentAgent,
) -> Result<(), AppError> {
    let session = sessions::by_id(db, id).await?;
    let previous = session.agent_id.map(AgentId);
    let mut update = chat_session::Entity::update_many()
        .col_expr(chat_session::Column::Status, Expr::value("waiting"))
        .col_expr(
            chat_session::Column::AgentId,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            chat_session::Column::AcceptedAt,
            Expr::value(Option::<chrono::DateTime<Utc>>::None),
        )
        .filter(chat_session::Column::Status.eq("active"));
    if !by.is_admin() {
        update = update.filter(chat_session::Column::AgentId.eq(by.id.0));
    }
    let line = format!("{} moved the chat back to the queue", by.name);
    let step = Step {
        action: Action::Requeue,
        actor: sessions::actor(by),
        lines: &[&line],
        // Waiting again: every available agent hears of it as of a new chat.
        change: QueueChange::Created,
        mark_read: false,
        extra: Extra {
            previous,
            ..Extra::default()
        },
    };
    apply(db, hub, id, update, step).await
}

/// Everyone a chat can go to: active agents but `except` (who has it), Available and
/// online first, then by fewest active chats, then by name.
pub async fn targets(
    db: &DatabaseConnection,
    except: Option<AgentId>,
) -> Result<Vec<TransferTarget>, AppError> {
    let online = super::presence::present_ids(db).await?;
    let settings = super::routing::settings(db).await?;
    let agents = agent::Entity::find()
        .filter(agent::Column::Active.eq(true))
        .order_by_asc(agent::Column::Name)
        .all(db)
        .await?;
    let active = super::routing::active_counts(db).await?;
    let mut list: Vec<TransferTarget> = agents
        .into_iter()
        .filter(|a| Some(AgentId(a.id)) != except)
        .map(|a| {
            let id = AgentId(a.id);
            TransferTarget {
                active_chats: active.get(&a.id).copied().unwrap_or(0),
                online: online.contains(&id),
                status: AgentStatus::parse(&a.status).unwrap_or_default(),
                capacity: crate::domain::routing::capacity(
                    a.max_chats.and_then(|n| u32::try_from(n).ok()),
                    &settings,
                ),
                name: a.name,
                id,
            }
        })
        .collect();
    list.sort_by_key(|t| (!t.ready(), t.active_chats));
    Ok(list)
}
