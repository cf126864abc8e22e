//! Settings → Agents → Edit: an admin renames an agent, changes their role, sets a new
//! password (ending every session of theirs) or unlocks an account the sign-in throttle
//! holds.
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
};

use crate::domain::agent_admin::check_role_change;
use crate::domain::validation::{DisplayName, NewPassword};
use crate::error::AppError;
use crate::models::agent::{AgentId, AgentSummary, CurrentAgent, Role};
use crate::ssr::entities::{agent, agent_session};
use crate::ssr::hub::Hub;
use crate::ssr::{agents, auth_sessions, passwords, sign_in_throttle};

async fn find(db: &impl sea_orm::ConnectionTrait, id: AgentId) -> Result<agent::Model, AppError> {
    agent::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("No such agent."))
}

/// New name and role, in one transaction (the admin count read inside it).
pub async fn update(
    db: &DatabaseConnection,
    acting: &CurrentAgent,
    id: AgentId,
    name: &str,
    role: Role,
) -> Result<AgentSummary, AppError> {
    let name = DisplayName::parse("name", name)?.into_inner();
    let txn = db.begin().await?;
    let model = find(&txn, id).await?;
    let now = Role::parse(&model.role).unwrap_or(Role::Agent);
    let active_admins = agent::Entity::find()
        .filter(agent::Column::Role.eq(Role::Admin.as_str()))
        .filter(agent::Column::Active.eq(true))
        .count(&txn)
        .await?;
    check_role_change(acting.id == id, now, role, model.active, active_admins)
        .map_err(|r| AppError::validation("role", r.message()))?;
    agent::Entity::update_many()
        .col_expr(agent::Column::Name, Expr::value(name))
        .col_expr(agent::Column::Role, Expr::value(role.as_str()))
        .filter(agent::Column::Id.eq(id.0))
        .exec(&txn)
        .await?;
    let model = find(&txn, id).await?;
    txn.commit().await?;
    Ok(agents::summary(model))
}

/// A new password set by an admin: every session of the agent ends (they sign in with
/// it), and the throttle forgets the account. Not for one's own account (My profile asks
/// for the current password). Returns how many sessions ended.
pub async fn reset_password(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    acting: &CurrentAgent,
    id: AgentId,
    password: &str,
) -> Result<u64, AppError> {
    if acting.id == id {
        return Err(AppError::validation(
            "password",
            "Change your own password in My profile.",
        ));
    }
    let password = NewPassword::parse("password", password)?;
    let hash = passwords::hash(password.expose().to_string()).await?;
    let txn = db.begin().await?;
    let model = find(&txn, id).await?;
    agent::Entity::update_many()
        .col_expr(agent::Column::PasswordHash, Expr::value(hash))
        .filter(agent::Column::Id.eq(id.0))
        .exec(&txn)
        .await?;
    let ended = agent_session::Entity::delete_many()
        .filter(agent_session::Column::AgentId.eq(id.0))
        .exec(&txn)
        .await?
        .rows_affected;
    sign_in_throttle::clear_account(&txn, &model.email).await?;
    txn.commit().await?;
    auth_sessions::revoke(hub, id, None);
    Ok(ended)
}

/// Forgets the failed sign-ins on the account: it can sign in again at once.
pub async fn unlock(db: &DatabaseConnection, id: AgentId) -> Result<AgentSummary, AppError> {
    let model = find(db, id).await?;
    sign_in_throttle::clear_account(db, &model.email).await?;
    Ok(agents::summary(model))
}
