//! My profile: my name, and my password (the current one required; every other session of
//! mine ends, the one I am using stays).
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};

use crate::domain::validation::{DisplayName, NewPassword};
use crate::error::AppError;
use crate::models::agent::{AgentId, CurrentAgent};
use crate::ssr::entities::{agent, agent_session};
use crate::ssr::hub::Hub;
use crate::ssr::{auth_sessions, passwords, tokens};

pub async fn rename(
    db: &DatabaseConnection,
    id: AgentId,
    name: &str,
) -> Result<CurrentAgent, AppError> {
    let name = DisplayName::parse("name", name)?.into_inner();
    agent::Entity::update_many()
        .col_expr(agent::Column::Name, Expr::value(name))
        .filter(agent::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    let model = agent::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("No such agent."))?;
    Ok(super::agents::current(model))
}

/// Changes my password after checking the current one; signs out my other sessions.
/// Returns how many were ended.
pub async fn change_password(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    id: AgentId,
    my_token: &str,
    current: &str,
    new: &str,
) -> Result<u64, AppError> {
    let new = NewPassword::parse("new_password", new)?;
    let model = agent::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("No such agent."))?;
    if !passwords::verify(current.to_string(), Some(model.password_hash.clone())).await? {
        return Err(AppError::validation(
            "current_password",
            "That is not your current password.",
        ));
    }
    let hash = passwords::hash(new.expose().to_string()).await?;
    let mine = tokens::digest(my_token);
    let txn = db.begin().await?;
    agent::Entity::update_many()
        .col_expr(agent::Column::PasswordHash, Expr::value(hash))
        .filter(agent::Column::Id.eq(id.0))
        .exec(&txn)
        .await?;
    let others: Vec<String> = agent_session::Entity::find()
        .filter(agent_session::Column::AgentId.eq(id.0))
        .filter(agent_session::Column::TokenHash.ne(mine.as_str()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|s| s.token_hash)
        .collect();
    agent_session::Entity::delete_many()
        .filter(agent_session::Column::AgentId.eq(id.0))
        .filter(agent_session::Column::TokenHash.ne(mine.as_str()))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    for digest in &others {
        auth_sessions::revoke(hub, id, Some(digest.clone()));
    }
    Ok(others.len() as u64)
}
