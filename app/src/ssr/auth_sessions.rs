//! Signing in and out, and resolving a session cookie to an agent.
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::entities::{agent, agent_session};
use super::hub::{Hub, HubEvent, Topic};
use super::{agents, cookies, passwords, sign_in_throttle, tokens};
use crate::domain::login_throttle::ThrottlePolicy;
use crate::domain::validation::check_sign_in_lengths;
use crate::error::AppError;
use crate::models::agent::{AgentId, CurrentAgent};

pub const INVALID_CREDENTIALS: &str = "Invalid email or password";

/// Checks the credentials and opens a session. Returns the agent and the cookie token.
///
/// Every failure looks the same to the caller ("Invalid email or password"). The attempt
/// is counted (reserved) before the password is checked: see `domain::login_throttle`.
pub async fn sign_in(
    db: &DatabaseConnection,
    policy: &ThrottlePolicy,
    email: &str,
    password: &str,
    client_addr: &str,
) -> Result<(CurrentAgent, String), AppError> {
    check_sign_in_lengths(email, password)?;
    let account_key = email.trim().to_lowercase();
    let reservation = sign_in_throttle::reserve(db, policy, client_addr, &account_key).await?;

    let found = agents::find_by_email(db, &account_key).await?;
    let ok = match passwords::verify(
        password.to_string(),
        found.as_ref().map(|a| a.password_hash.clone()),
    )
    .await
    {
        Ok(ok) => ok,
        Err(busy) => {
            sign_in_throttle::withdraw(db, reservation).await?;
            return Err(busy);
        }
    };
    let agent = match found {
        Some(agent) if ok && agent.active => agent,
        // The reservation stays: it was a failed attempt.
        _ => {
            return Err(AppError::Unauthorized {
                message: INVALID_CREDENTIALS.into(),
            })
        }
    };
    sign_in_throttle::succeeded(db, reservation).await?;

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

/// The active agent a session token belongs to, if the session is still valid.
pub async fn agent_for_token(
    db: &DatabaseConnection,
    token: &str,
) -> Result<Option<CurrentAgent>, AppError> {
    Ok(session_for_token(db, token).await?.map(|(agent, _)| agent))
}

/// The agent and when their session expires (a live socket closes then).
pub async fn session_for_token(
    db: &DatabaseConnection,
    token: &str,
) -> Result<Option<(CurrentAgent, chrono::DateTime<Utc>)>, AppError> {
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
        .map(|a| (agents::current(a), session.expires_at)))
}

/// Ends the session of `token`; its open sockets close at once (on every instance).
pub async fn sign_out(db: &DatabaseConnection, hub: &dyn Hub, token: &str) -> Result<(), AppError> {
    let digest = tokens::digest(token);
    let Some(session) = agent_session::Entity::find()
        .filter(agent_session::Column::TokenHash.eq(digest.as_str()))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    agent_session::Entity::delete_by_id(session.id)
        .exec(db)
        .await?;
    revoke(hub, AgentId(session.agent_id), Some(digest));
    Ok(())
}

/// Tells the agent's live sockets that a session (`Some(digest)`) or all of them (`None`)
/// ended: they close with 4401.
pub fn revoke(hub: &dyn Hub, agent: AgentId, token_digest: Option<String>) {
    hub.publish(
        Topic::Agent(agent),
        HubEvent::SessionsRevoked {
            agent_id: agent,
            token_digest,
        },
    );
}
