//! Signing in and out, and resolving a session cookie to an agent.
use std::time::Instant;

use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::entities::{agent, agent_session};
use super::state::SignInLimits;
use super::{agents, cookies, passwords, tokens};
use crate::domain::validation::check_sign_in_lengths;
use crate::error::AppError;
use crate::models::agent::CurrentAgent;

pub const INVALID_CREDENTIALS: &str = "Invalid email or password";

/// Checks the credentials and opens a session. Returns the agent and the cookie token.
///
/// Every failure looks the same to the caller ("Invalid email or password"), and counts
/// against both the account and the client address.
pub async fn sign_in(
    db: &DatabaseConnection,
    limits: &SignInLimits,
    email: &str,
    password: &str,
    client_addr: &str,
) -> Result<(CurrentAgent, String), AppError> {
    check_sign_in_lengths(email, password)?;
    let account_key = email.trim().to_lowercase();
    let now = Instant::now();
    check_limits(limits, &account_key, client_addr, now)?;

    let found = agents::find_by_email(db, &account_key).await?;
    let ok = passwords::verify(
        password.to_string(),
        found.as_ref().map(|a| a.password_hash.clone()),
    )
    .await;
    let agent = match found {
        Some(agent) if ok && agent.active => agent,
        _ => {
            record_failure(limits, &account_key, client_addr, now);
            return Err(AppError::Unauthorized {
                message: INVALID_CREDENTIALS.into(),
            });
        }
    };
    if let Ok(mut t) = limits.per_account.lock() {
        t.clear(&account_key);
    }

    let token = tokens::new_token();
    let created = Utc::now();
    agent_session::ActiveModel {
        token_hash: Set(tokens::digest(&token)),
        agent_id: Set(agent.id),
        created_at: Set(created),
        expires_at: Set(created + Duration::seconds(cookies::SESSION_MAX_AGE_SECS)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((agents::current(agent), token))
}

fn check_limits(
    limits: &SignInLimits,
    account: &str,
    addr: &str,
    now: Instant,
) -> Result<(), AppError> {
    let account_wait = limits
        .per_account
        .lock()
        .map_err(|_| AppError::internal())?
        .check(account, now)
        .err();
    let addr_wait = limits
        .per_address
        .lock()
        .map_err(|_| AppError::internal())?
        .check(addr, now)
        .err();
    match account_wait.into_iter().chain(addr_wait).max() {
        Some(wait) => Err(AppError::rate_limited(wait)),
        None => Ok(()),
    }
}

fn record_failure(limits: &SignInLimits, account: &str, addr: &str, now: Instant) {
    if let Ok(mut t) = limits.per_account.lock() {
        t.record_failure(account, now);
    }
    if let Ok(mut t) = limits.per_address.lock() {
        t.record_failure(addr, now);
    }
}

/// The active agent a session token belongs to, if the session is still valid.
pub async fn agent_for_token(
    db: &DatabaseConnection,
    token: &str,
) -> Result<Option<CurrentAgent>, AppError> {
    let Some(session) = agent_session::Entity::find()
        .filter(agent_session::Column::TokenHash.eq(tokens::digest(token)))
        .filter(agent_session::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(agent::Entity::find_by_id(session.agent_id)
        .filter(agent::Column::Active.eq(true))
        .one(db)
        .await?
        .map(agents::current))
}

pub async fn sign_out(db: &DatabaseConnection, token: &str) -> Result<(), AppError> {
    agent_session::Entity::delete_many()
        .filter(agent_session::Column::TokenHash.eq(tokens::digest(token)))
        .exec(db)
        .await?;
    Ok(())
}
