//! Rate limits as the server applies them: token buckets (`domain::rate_limit`) kept in this
//! process, or, when several instances serve one database, in `rate_buckets`, so a client
//! that spreads its requests over the instances gets the allowance of one.
use std::sync::Mutex;
use std::time::Instant;

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement, Value};

use crate::domain::rate_limit::{RateLimiter, RatePolicy};
use crate::error::AppError;

/// Buckets untouched this long are full again for every policy here; they are deleted.
pub const FORGET_AFTER_MS: i64 = 10 * 60 * 1000;

pub enum Limiter {
    Local {
        limiter: Mutex<RateLimiter>,
        name: &'static str,
    },
    Shared {
        db: DatabaseConnection,
        policy: RatePolicy,
        /// Tells this limiter's keys from the others' in the shared table.
        name: &'static str,
    },
}

impl Limiter {
    pub fn new(
        policy: RatePolicy,
        name: &'static str,
        shared: Option<&DatabaseConnection>,
    ) -> Self {
        match shared {
            Some(db) => Self::Shared {
                db: db.clone(),
                policy,
                name,
            },
            None => Self::Local {
                limiter: Mutex::new(RateLimiter::new(policy)),
                name,
            },
        }
    }

    /// Takes one request from `key`'s allowance, or refuses with the time until the next.
    pub async fn take(&self, key: &str) -> Result<(), AppError> {
        let outcome = match self {
            Self::Local { limiter, .. } => limiter
                .lock()
                .map_err(|_| AppError::internal())?
                .take(key, Instant::now()),
            Self::Shared { db, policy, name } => {
                take_shared(db, *policy, &format!("{name}:{key}")).await?
            }
        };
        outcome.map_err(|wait| {
            crate::ssr::metrics::metrics().refused(self.name());
            AppError::rate_limited_requests(wait)
        })
    }

    fn name(&self) -> &'static str {
        match self {
            Self::Local { name, .. } | Self::Shared { name, .. } => name,
        }
    }
}

/// One statement: refill the bucket for the time passed, take a token if there is one. The
/// row is locked for the update, so concurrent requests on any instance queue on it.
async fn take_shared(
    db: &DatabaseConnection,
    policy: RatePolicy,
    key: &str,
) -> Result<Result<(), u64>, AppError> {
    let backend = db.get_database_backend();
    let burst = f64::from(policy.burst.max(1));
    let per_ms = (policy.per.as_secs_f64() * 1000.0).max(1.0);
    let now = now_ms();
    let key: String = key.chars().take(200).collect();
    // $1 key, $2 burst, $3 now, $4 milliseconds per token. (No LEAST/GREATEST: SQLite
    // spells them MIN/MAX.)
    let elapsed =
        r#"(CASE WHEN $3 > "rate_buckets"."at_ms" THEN $3 - "rate_buckets"."at_ms" ELSE 0 END)"#;
    let grown = format!(r#"("rate_buckets"."tokens" + {elapsed} / $4)"#);
    let refilled = format!("(CASE WHEN {grown} > $2 THEN $2 ELSE {grown} END)");
    let sql = format!(
        r#"INSERT INTO "rate_buckets" ("key", "tokens", "at_ms") VALUES ($1, $2 - 1, $3)
ON CONFLICT ("key") DO UPDATE SET "tokens" = {refilled} - 1,
  "at_ms" = CASE WHEN $3 > "rate_buckets"."at_ms" THEN $3 ELSE "rate_buckets"."at_ms" END
WHERE {refilled} >= 1
RETURNING "tokens""#
    );
    let values: Vec<Value> = vec![key.clone().into(), burst.into(), now.into(), per_ms.into()];
    let taken = db
        .query_one_raw(statement(backend, &sql, values))
        .await?
        .is_some();
    if taken {
        return Ok(Ok(()));
    }
    // Refused: say how long until the bucket holds a whole token again.
    let row = db
        .query_one_raw(statement(
            backend,
            r#"SELECT "tokens", "at_ms" FROM "rate_buckets" WHERE "key" = $1"#,
            vec![key.into()],
        ))
        .await?;
    let wait_ms = match row {
        Some(row) => {
            let tokens: f64 = row.try_get("", "tokens")?;
            let at: i64 = row.try_get("", "at_ms")?;
            let have = (tokens + (now - at).max(0) as f64 / per_ms).min(burst);
            (1.0 - have).max(0.0) * per_ms
        }
        None => per_ms,
    };
    Ok(Err(((wait_ms / 1000.0).ceil() as u64).max(1)))
}

/// Deletes the buckets nobody used for a while (they would be full anyway).
pub async fn forget_idle(db: &DatabaseConnection) -> Result<u64, AppError> {
    let res = db
        .execute_raw(statement(
            db.get_database_backend(),
            r#"DELETE FROM "rate_buckets" WHERE "at_ms" < $1"#,
            vec![(now_ms() - FORGET_AFTER_MS).into()],
        ))
        .await?;
    Ok(res.rows_affected())
}

/// `$n` placeholders as each backend spells them (SQLite: `?n`).
fn statement(backend: DatabaseBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DatabaseBackend::Sqlite => sql.replace('$', "?"),
        _ => sql.to_string(),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
