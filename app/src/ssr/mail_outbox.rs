//! The mail outbox: a transcript asked for is a row, written at once; a background sender
//! (server/src/mailer.rs) claims due rows, sends them and marks them. One row per
//! `dedupe_key`, so asking twice (a retried request, a second click) mails once; a claim
//! is a conditional update, so two instances never send the same row at the same time.
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, SqlErr,
};

use crate::domain::chat_transcript::TranscriptHeader;
use crate::domain::transcript_email::{compose, retry_delay};
use crate::error::AppError;
use crate::ssr::chat::messages;
use crate::ssr::chat::views::ms;
use crate::ssr::entities::{chat_session, mail_outbox};

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

/// Queues the transcript of the visitor's closed chat for `email`. Asking again for the
/// same address changes nothing; another address is refused (one transcript per chat).
pub async fn enqueue_transcript(
    db: &impl ConnectionTrait,
    session: &chat_session::Model,
    email: &str,
) -> Result<(), AppError> {
    if session.status != "closed" {
        return Err(AppError::conflict(
            "You can have the transcript once the chat has ended.",
        ));
    }
    let key = format!("transcript:{}", session.id);
    if let Some(existing) = by_key(db, &key).await? {
        return same_recipient(&existing, email);
    }
    let transcript = messages::all(db, session.id).await?;
    let mail = compose(
        &TranscriptHeader {
            visitor_name: &session.visitor_name,
            visitor_email: None,
            started_at: ms(session.created_at),
            page_url: None,
        },
        &transcript,
    );
    let now = Utc::now();
    let row = mail_outbox::ActiveModel {
        dedupe_key: Set(key.clone()),
        session_id: Set(Some(session.id)),
        recipient: Set(email.to_string()),
        subject: Set(mail.subject),
        text_body: Set(mail.text),
        html_body: Set(mail.html),
        status: Set(PENDING.into()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    };
    match row.insert(db).await {
        Ok(_) => Ok(()),
        // Two requests at once: the other one queued it.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            match by_key(db, &key).await? {
                Some(existing) => same_recipient(&existing, email),
                None => Err(e.into()),
            }
        }
        Err(e) => Err(e.into()),
    }
}

fn same_recipient(existing: &mail_outbox::Model, email: &str) -> Result<(), AppError> {
    if existing.recipient.eq_ignore_ascii_case(email) {
        Ok(())
    } else {
        Err(AppError::conflict(
            "The transcript of this chat has already been sent to another address.",
        ))
    }
}

pub async fn by_key(
    db: &impl ConnectionTrait,
    key: &str,
) -> Result<Option<mail_outbox::Model>, AppError> {
    Ok(mail_outbox::Entity::find()
        .filter(mail_outbox::Column::DedupeKey.eq(key))
        .one(db)
        .await?)
}

/// Claims up to `limit` due mails for `lease` (long enough to send one): each row it
/// returns is this caller's alone until then, and counts as one attempt.
pub async fn claim_due(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<mail_outbox::Model>, AppError> {
    let free = || {
        Condition::any()
            .add(mail_outbox::Column::ClaimedUntil.is_null())
            .add(mail_outbox::Column::ClaimedUntil.lt(now))
    };
    let due = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Status.eq(PENDING))
        .filter(mail_outbox::Column::NextAttemptAt.lte(now))
        .filter(free())
        .order_by_asc(mail_outbox::Column::NextAttemptAt)
        .limit(limit)
        .all(db)
        .await?;
    let until = now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::minutes(1));
    let mut claimed = Vec::with_capacity(due.len());
    for row in due {
        let done = mail_outbox::Entity::update_many()
            .col_expr(mail_outbox::Column::ClaimedUntil, Expr::value(until))
            .col_expr(
                mail_outbox::Column::Attempts,
                Expr::col(mail_outbox::Column::Attempts).add(1),
            )
            .filter(mail_outbox::Column::Id.eq(row.id))
            .filter(mail_outbox::Column::Status.eq(PENDING))
            .filter(mail_outbox::Column::Attempts.eq(row.attempts))
            .filter(free())
            .exec(db)
            .await?;
        if done.rows_affected == 1 {
            claimed.push(mail_outbox::Model {
                attempts: row.attempts + 1,
                claimed_until: Some(until),
                ..row
            });
        }
    }
    Ok(claimed)
}

/// The server accepted it: never sent again.
pub async fn mark_sent(db: &impl ConnectionTrait, id: i64) -> Result<(), AppError> {
    mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::Status, Expr::value(SENT))
        .col_expr(mail_outbox::Column::SentAt, Expr::value(Utc::now()))
        .col_expr(
            mail_outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            mail_outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .filter(mail_outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The attempt failed: tried again after a backoff, or given up on after the last one (or
/// at once when the server refused it for good). Returns whether it will be retried.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    row: &mail_outbox::Model,
    error: &str,
    permanent: bool,
    retry_base: Duration,
) -> Result<bool, AppError> {
    let next = (!permanent)
        .then(|| retry_delay(row.attempts, retry_base))
        .flatten();
    let error: String = error.chars().take(500).collect();
    let mut update = mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::LastError, Expr::value(error))
        .col_expr(
            mail_outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    update = match next {
        Some(wait) => update.col_expr(
            mail_outbox::Column::NextAttemptAt,
            Expr::value(
                Utc::now() + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1)),
            ),
        ),
        None => update.col_expr(mail_outbox::Column::Status, Expr::value(FAILED)),
    };
    update
        .filter(mail_outbox::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    Ok(next.is_some())
}
