//! The sign-in throttle's counts, kept in `sign_in_attempts` (shared by every server
//! instance). The rules are `domain::login_throttle`.
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::entities::sign_in_attempt;
use crate::domain::login_throttle::{AttemptCounts, ThrottlePolicy};
use crate::error::AppError;

/// An attempt counted in (its row is written): verify the password, then `failed` or
/// `succeeded`.
pub struct Reservation {
    id: i64,
    address: String,
    account: String,
}

/// Writes the attempt, then counts it with the others. Refused attempts are taken back
/// (they never reach the password check, so they are not guesses).
pub async fn reserve(
    db: &DatabaseConnection,
    policy: &ThrottlePolicy,
    address: &str,
    account: &str,
) -> Result<Reservation, AppError> {
    let now = Utc::now();
    let since = now - window(policy);
    // Cheap with the index on attempted_at; keeps the table to one window of attempts.
    sign_in_attempt::Entity::delete_many()
        .filter(sign_in_attempt::Column::AttemptedAt.lt(since))
        .exec(db)
        .await?;
    let row = sign_in_attempt::ActiveModel {
        address: Set(clip(address, 64)),
        account: Set(clip(account, 254)),
        attempted_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let reservation = Reservation {
        id: row.id,
        address: row.address,
        account: row.account,
    };
    let recent = || {
        sign_in_attempt::Entity::find()
            .filter(sign_in_attempt::Column::Address.eq(reservation.address.as_str()))
            .filter(sign_in_attempt::Column::AttemptedAt.gt(since))
    };
    let pair = recent()
        .filter(sign_in_attempt::Column::Account.eq(reservation.account.as_str()))
        .count(db)
        .await?;
    let accounts: Option<i64> = recent()
        .select_only()
        .expr(Expr::col(sign_in_attempt::Column::Account).count_distinct())
        .into_tuple()
        .one(db)
        .await?;
    let counts = AttemptCounts {
        pair,
        accounts: accounts.and_then(|n| u64::try_from(n).ok()).unwrap_or(0),
    };
    if policy.judge(counts).is_ok() {
        return Ok(reservation);
    }
    sign_in_attempt::Entity::delete_by_id(reservation.id)
        .exec(db)
        .await?;
    let oldest: Option<DateTime<Utc>> = recent()
        .select_only()
        .column(sign_in_attempt::Column::AttemptedAt)
        .order_by_asc(sign_in_attempt::Column::AttemptedAt)
        .into_tuple()
        .one(db)
        .await?;
    let age = oldest
        .and_then(|t| (now - t).to_std().ok())
        .unwrap_or_default();
    Err(AppError::rate_limited(policy.wait_secs(age)))
}

/// The password was right: this address's record for the account is cleared.
pub async fn succeeded(db: &DatabaseConnection, r: Reservation) -> Result<(), AppError> {
    sign_in_attempt::Entity::delete_many()
        .filter(sign_in_attempt::Column::Address.eq(r.address))
        .filter(sign_in_attempt::Column::Account.eq(r.account))
        .exec(db)
        .await?;
    Ok(())
}

/// The attempt could not be judged (the server was too busy to check the password): it
/// does not count.
pub async fn withdraw(db: &DatabaseConnection, r: Reservation) -> Result<(), AppError> {
    sign_in_attempt::Entity::delete_by_id(r.id).exec(db).await?;
    Ok(())
}

/// Accounts some address has used up its attempts on (`domain::agent_admin::is_locked`).
pub async fn locked_accounts(
    db: &DatabaseConnection,
    policy: &ThrottlePolicy,
) -> Result<std::collections::HashSet<String>, AppError> {
    let since = Utc::now() - window(policy);
    let rows: Vec<(String, i64)> = sign_in_attempt::Entity::find()
        .select_only()
        .column(sign_in_attempt::Column::Account)
        .expr(Expr::col(sign_in_attempt::Column::Id).count())
        .filter(sign_in_attempt::Column::AttemptedAt.gt(since))
        .group_by(sign_in_attempt::Column::Account)
        .group_by(sign_in_attempt::Column::Address)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, n)| {
            crate::domain::agent_admin::is_locked(u64::try_from(*n).unwrap_or(0), policy.per_pair)
        })
        .map(|(account, _)| account)
        .collect())
}

/// An admin unlocks an account: every address's attempts on it are forgotten. Returns
/// how many were.
pub async fn clear_account(
    db: &impl sea_orm::ConnectionTrait,
    account: &str,
) -> Result<u64, AppError> {
    Ok(sign_in_attempt::Entity::delete_many()
        .filter(sign_in_attempt::Column::Account.eq(account))
        .exec(db)
        .await?
        .rows_affected)
}

fn window(policy: &ThrottlePolicy) -> chrono::Duration {
    chrono::Duration::from_std(policy.window).unwrap_or(chrono::Duration::minutes(15))
}

fn clip(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
