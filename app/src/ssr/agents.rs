//! Agent accounts: create, list, activate/deactivate.
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, SqlErr, TransactionTrait,
};

use super::entities::{agent, agent_session};
use super::passwords;
use crate::domain::validation::{DisplayName, Email, NewPassword};
use crate::error::AppError;
use crate::models::agent::{AgentId, AgentSummary, CurrentAgent, Role};
use crate::models::chat::AgentStatus;

/// A validated request to create an agent.
#[derive(Debug)]
pub struct NewAgent {
    pub email: Email,
    pub name: DisplayName,
    pub password: NewPassword,
    pub role: Role,
}

impl NewAgent {
    pub fn parse(email: &str, name: &str, password: &str, admin: bool) -> Result<Self, AppError> {
        Ok(Self {
            email: Email::parse("email", email)?,
            name: DisplayName::parse("name", name)?,
            password: NewPassword::parse("password", password)?,
            role: if admin { Role::Admin } else { Role::Agent },
        })
    }
}

pub fn summary(model: agent::Model) -> AgentSummary {
    AgentSummary {
        id: AgentId(model.id),
        role: Role::parse(&model.role).unwrap_or(Role::Agent),
        email: model.email,
        name: model.name,
        active: model.active,
        max_chats: model.max_chats.and_then(|n| u32::try_from(n).ok()),
        locked: false,
    }
}

pub fn current(model: agent::Model) -> CurrentAgent {
    CurrentAgent {
        id: AgentId(model.id),
        role: Role::parse(&model.role).unwrap_or(Role::Agent),
        status: AgentStatus::parse(&model.status).unwrap_or_default(),
        email: model.email,
        name: model.name,
    }
}

pub async fn create(db: &DatabaseConnection, new: NewAgent) -> Result<AgentSummary, AppError> {
    let hash = passwords::hash(new.password.expose().to_string()).await?;
    let model = agent::ActiveModel {
        email: Set(new.email.into_inner()),
        name: Set(new.name.into_inner()),
        role: Set(new.role.as_str().to_string()),
        active: Set(true),
        password_hash: Set(hash),
        created_at: Set(Utc::now()),
        status: Set(AgentStatus::Available.as_str().to_string()),
        ..Default::default()
    };
    match model.insert(db).await {
        Ok(m) => Ok(summary(m)),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Err(
            AppError::validation("email", "An agent with this email already exists."),
        ),
        Err(e) => Err(e.into()),
    }
}

/// Settings → Agents: active first, by name; each marked when the sign-in throttle holds it.
pub async fn list(
    db: &DatabaseConnection,
    policy: &crate::domain::login_throttle::ThrottlePolicy,
) -> Result<Vec<AgentSummary>, AppError> {
    let locked = super::sign_in_throttle::locked_accounts(db, policy).await?;
    Ok(agent::Entity::find()
        .order_by_desc(agent::Column::Active)
        .order_by_asc(agent::Column::Name)
        .order_by_asc(agent::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            let is_locked = locked.contains(&m.email);
            AgentSummary {
                locked: is_locked,
                ..summary(m)
            }
        })
        .collect())
}

/// Display names of the given agents (one query; missing ids are left out).
pub async fn names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<std::collections::HashMap<i64, String>, AppError> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(agent::Entity::find()
        .filter(agent::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect())
}

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<agent::Model>, AppError> {
    Ok(agent::Entity::find()
        .filter(agent::Column::Email.eq(email.trim().to_lowercase()))
        .one(db)
        .await?)
}

/// Activates or deactivates an agent. Deactivation ends all of the agent's sessions in the
/// same transaction, so a deactivated agent is signed out everywhere at once, and closes
/// their open sockets.
pub async fn set_active(
    db: &DatabaseConnection,
    hub: &dyn crate::ssr::hub::Hub,
    acting: &CurrentAgent,
    id: AgentId,
    active: bool,
) -> Result<AgentSummary, AppError> {
    if acting.id == id && !active {
        return Err(AppError::conflict(
            "You cannot deactivate your own account.",
        ));
    }
    let txn = db.begin().await?;
    let updated = agent::Entity::update_many()
        .col_expr(agent::Column::Active, Expr::value(active))
        .filter(agent::Column::Id.eq(id.0))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::not_found("No such agent."));
    }
    if !active {
        agent_session::Entity::delete_many()
            .filter(agent_session::Column::AgentId.eq(id.0))
            .exec(&txn)
            .await?;
    }
    let model = agent::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("No such agent."))?;
    txn.commit().await?;
    if !active {
        crate::ssr::auth_sessions::revoke(hub, id, None);
    }
    Ok(summary(model))
}

/// Creates the configured first admin when no agent has that email yet.
/// Returns whether an agent was created.
pub async fn ensure_admin(
    db: &DatabaseConnection,
    email: &str,
    name: &str,
    password: &str,
) -> Result<bool, AppError> {
    let new = NewAgent::parse(email, name, password, true)?;
    let email = new.email.as_str().to_string();
    if find_by_email(db, &email).await?.is_some() {
        return Ok(false);
    }
    match create(db, new).await {
        Ok(_) => Ok(true),
        // Another instance starting at the same moment created them first.
        Err(_) if find_by_email(db, &email).await?.is_some() => Ok(false),
        Err(e) => Err(e),
    }
}
