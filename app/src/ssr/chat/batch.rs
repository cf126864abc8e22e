//! Many sends written with a handful of statements, whatever their number: one lookup for
//! retries already stored, one position update per group of sessions, one insert.
//!
//! Each statement is a round trip to the database (for SQLite, two thread switches), and
//! those round trips, not the work itself, were most of a message's cost. The rules are
//! those of `posting::write`, applied to sets:
//! - a send whose (session, poster, client id) is already stored gets that message; the same
//!   key twice in one batch is stored once;
//! - positions come from conditional `UPDATE … RETURNING` of the session rows (open, and for
//!   agents assigned to them): a session with k sends moves by k and they take the k
//!   positions in the order they arrived; a session that no longer takes messages refuses
//!   its sends with the reason;
//! - the assignee's unread count moves in the same statements.
//!
//! Any database error fails the whole batch (the caller's transaction is not committed).
use std::collections::HashMap;

use chrono::Utc;
use protocol::{Message, Sender};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
    QueryTrait, Set, UpdateMany,
};

use super::messages::VISITOR_POSTER;
use super::posting::{check_poster, refusal, ChatPost, Poster, Written};
use super::views;
use crate::error::AppError;
use crate::ssr::entities::{chat_message, chat_session};

/// Rows per statement (bound parameters stay far below every backend's limit).
const CHUNK: usize = 300;

type Key<'a> = (i64, i64, &'a str);

fn key(send: &ChatPost) -> Key<'_> {
    let poster = match &send.poster {
        Poster::Visitor => VISITOR_POSTER,
        Poster::Agent { id, .. } => id.0,
    };
    (send.session.id, poster, send.client_id.as_str())
}

/// What a batch wrote: one result per send, in order, and the new unread totals of the
/// agents whose counts it changed (counted inside the transaction, so exact as of its commit).
pub struct Batch {
    pub results: Vec<Result<Written, AppError>>,
    pub unread: HashMap<i64, u32>,
}

/// Writes `sends` inside `txn`. `Err` is a database failure: roll the transaction back and
/// answer every send with an error.
pub async fn write(txn: &impl ConnectionTrait, sends: &[ChatPost]) -> Result<Batch, AppError> {
    let mut results: Vec<Option<Result<Written, AppError>>> = vec![None; sends.len()];
    // Refused before any lookup; and the first of each key (later ones share its result).
    let mut first_of: HashMap<Key<'_>, usize> = HashMap::new();
    let mut same_as: Vec<(usize, usize)> = Vec::new();
    let mut todo: Vec<usize> = Vec::new();
    for (i, send) in sends.iter().enumerate() {
        if let Err(e) = check_poster(send) {
            results[i] = Some(Err(e));
            continue;
        }
        match first_of.get(&key(send)) {
            Some(&first) => same_as.push((i, first)),
            None => {
                first_of.insert(key(send), i);
                todo.push(i);
            }
        }
    }

    // Retries of sends already stored.
    let stored = stored_messages(txn, sends, &todo).await?;
    todo.retain(|&i| match stored.get(&key(&sends[i])) {
        Some(message) => {
            results[i] = Some(Ok(Written::Existing(message.clone())));
            false
        }
        None => true,
    });

    // Positions, per session: visitors' sends first, then agents' (each group in arrival
    // order), so a session's positions follow the order of the statements.
    let mut visitor_groups: HashMap<i64, Vec<usize>> = HashMap::new();
    let mut agent_groups: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for &i in &todo {
        let s = &sends[i];
        match &s.poster {
            Poster::Visitor => visitor_groups.entry(s.session.id).or_default().push(i),
            Poster::Agent { id, .. } => agent_groups
                .entry((s.session.id, id.0))
                .or_default()
                .push(i),
        }
    }
    let now = Utc::now();
    let mut rows = Vec::with_capacity(todo.len());
    let mut refused: Vec<usize> = Vec::new();

    // Visitors: sessions that move by the same k share a statement.
    let mut by_k: HashMap<usize, Vec<i64>> = HashMap::new();
    for (session, jobs) in &visitor_groups {
        by_k.entry(jobs.len()).or_default().push(*session);
    }
    for (k, sessions) in by_k {
        for chunk in sessions.chunks(CHUNK) {
            let step = i64::try_from(k).unwrap_or(i64::MAX);
            let updated = chat_session::Entity::update_many()
                .col_expr(
                    chat_session::Column::LastSeq,
                    Expr::col(chat_session::Column::LastSeq).add(step),
                )
                .col_expr(
                    chat_session::Column::AgentUnread,
                    Expr::col(chat_session::Column::AgentUnread).add(step),
                )
                .filter(chat_session::Column::Id.is_in(chunk.iter().copied()))
                .filter(chat_session::Column::Status.is_in(["waiting", "active"]));
            let updated = moved(txn, updated).await?;
            let jobs = chunk.iter().map(|s| (*s, visitor_groups[s].as_slice()));
            settle(
                sends,
                jobs,
                updated,
                now,
                &mut rows,
                &mut results,
                &mut refused,
            );
        }
    }

    // Agents: one statement per agent and k (an agent writes in few chats at once).
    let mut agent_by_k: HashMap<(i64, usize), Vec<i64>> = HashMap::new();
    for ((session, agent), jobs) in &agent_groups {
        agent_by_k
            .entry((*agent, jobs.len()))
            .or_default()
            .push(*session);
    }
    for ((agent, k), sessions) in agent_by_k {
        for chunk in sessions.chunks(CHUNK) {
            let step = i64::try_from(k).unwrap_or(i64::MAX);
            // Writing in a chat means having read it: `last_seq + k` is the new position
            // (every right-hand side sees the row as it was).
            let updated = chat_session::Entity::update_many()
                .col_expr(
                    chat_session::Column::LastSeq,
                    Expr::col(chat_session::Column::LastSeq).add(step),
                )
                .col_expr(
                    chat_session::Column::AgentReadSeq,
                    Expr::col(chat_session::Column::LastSeq).add(step),
                )
                .col_expr(chat_session::Column::AgentUnread, Expr::value(0))
                .filter(chat_session::Column::Id.is_in(chunk.iter().copied()))
                .filter(chat_session::Column::Status.eq("active"))
                .filter(chat_session::Column::AgentId.eq(agent));
            let updated = moved(txn, updated).await?;
            let jobs = chunk
                .iter()
                .map(|s| (*s, agent_groups[&(*s, agent)].as_slice()));
            settle(
                sends,
                jobs,
                updated,
                now,
                &mut rows,
                &mut results,
                &mut refused,
            );
        }
    }

    for chunk in rows.chunks(CHUNK) {
        chat_message::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }

    // Refusals explain themselves with the session as it is now.
    if !refused.is_empty() {
        let ids: Vec<i64> = refused.iter().map(|&i| sends[i].session.id).collect();
        let fresh: HashMap<i64, chat_session::Model> = chat_session::Entity::find()
            .filter(chat_session::Column::Id.is_in(ids))
            .all(txn)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
        for i in refused {
            let send = &sends[i];
            results[i] = Some(Err(match fresh.get(&send.session.id) {
                Some(session) => refusal(&session.into(), &send.poster),
                None => AppError::not_found("No such chat."),
            }));
        }
    }

    for (i, first) in same_as {
        results[i] = Some(match &results[first] {
            Some(Ok(w)) => Ok(Written::Existing(w.message().clone())),
            Some(Err(e)) => Err(e.clone()),
            None => Err(AppError::internal()),
        });
    }
    let results: Vec<Result<Written, AppError>> = results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(AppError::internal())))
        .collect();
    // Whose counts moved: the assignees of chats a visitor wrote in, and agents who wrote.
    let mut agents: Vec<i64> = Vec::new();
    for (send, result) in sends.iter().zip(&results) {
        if let Ok(Written::New { assignee, .. }) = result {
            let whose = match &send.poster {
                Poster::Visitor => *assignee,
                Poster::Agent { id, .. } => Some(id.0),
            };
            agents.extend(whose);
        }
    }
    agents.sort_unstable();
    agents.dedup();
    let unread = unread_totals(txn, &agents).await?;
    Ok(Batch { results, unread })
}

/// Unread visitor messages in each agent's active chats, in one grouped read.
async fn unread_totals(
    txn: &impl ConnectionTrait,
    agents: &[i64],
) -> Result<HashMap<i64, u32>, AppError> {
    let mut out: HashMap<i64, u32> = agents.iter().map(|a| (*a, 0)).collect();
    for chunk in agents.chunks(CHUNK) {
        let rows: Vec<(Option<i64>, Option<i64>)> = chat_session::Entity::find()
            .select_only()
            .column(chat_session::Column::AgentId)
            // PostgreSQL sums a bigint into a numeric: cast it back.
            .expr(
                Expr::col(chat_session::Column::AgentUnread)
                    .sum()
                    .cast_as("BIGINT"),
            )
            .filter(chat_session::Column::AgentId.is_in(chunk.iter().copied()))
            .filter(chat_session::Column::Status.eq("active"))
            .group_by(chat_session::Column::AgentId)
            .into_tuple()
            .all(txn)
            .await?;
        for (agent, total) in rows {
            if let Some(agent) = agent {
                out.insert(
                    agent,
                    total.map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX)),
                );
            }
        }
    }
    Ok(out)
}

/// What placing a session's sends needs of its row, read back from the position update
/// (not the whole row: `RETURNING *` decoded every column of every moved session).
#[derive(FromQueryResult)]
struct Moved {
    id: i64,
    last_seq: i64,
    agent_id: Option<i64>,
    visitor_name: String,
}

/// Runs a position update and returns the rows it changed.
async fn moved(
    txn: &impl ConnectionTrait,
    update: UpdateMany<chat_session::Entity>,
) -> Result<Vec<Moved>, AppError> {
    let mut query = update.into_query();
    query.returning(Query::returning().columns([
        chat_session::Column::Id,
        chat_session::Column::LastSeq,
        chat_session::Column::AgentId,
        chat_session::Column::VisitorName,
    ]));
    let statement = txn.get_database_backend().build(&query);
    Ok(Moved::find_by_statement(statement).all(txn).await?)
}

/// The `k` sends of one session take positions `last_seq - k + 1 ..= last_seq` in order.
/// After a position update: each session's jobs are placed at the positions its returned
/// row gives them, or refused when its row did not change (closed, or not the assignee's).
#[allow(clippy::too_many_arguments)]
fn settle<'j>(
    sends: &[ChatPost],
    jobs: impl Iterator<Item = (i64, &'j [usize])>,
    updated: Vec<Moved>,
    now: chrono::DateTime<Utc>,
    rows: &mut Vec<chat_message::ActiveModel>,
    results: &mut [Option<Result<Written, AppError>>],
    refused: &mut Vec<usize>,
) {
    let by_id: HashMap<i64, Moved> = updated.into_iter().map(|s| (s.id, s)).collect();
    for (session, jobs) in jobs {
        match by_id.get(&session) {
            Some(row) => place(sends, jobs, row, now, rows, results),
            None => refused.extend(jobs),
        }
    }
}

fn place(
    sends: &[ChatPost],
    jobs: &[usize],
    row: &Moved,
    now: chrono::DateTime<Utc>,
    rows: &mut Vec<chat_message::ActiveModel>,
    results: &mut [Option<Result<Written, AppError>>],
) {
    let k = i64::try_from(jobs.len()).unwrap_or(i64::MAX);
    let first = row.last_seq - k + 1;
    for (n, &i) in jobs.iter().enumerate() {
        let send = &sends[i];
        let seq = first + i64::try_from(n).unwrap_or(0);
        let (sender, agent_id, poster_id, author) = match &send.poster {
            Poster::Visitor => (
                Sender::Visitor,
                None,
                VISITOR_POSTER,
                row.visitor_name.clone(),
            ),
            Poster::Agent { id, name, .. } => (Sender::Agent, Some(id.0), id.0, name.clone()),
        };
        let model = chat_message::Model {
            id: 0,
            session_id: row.id,
            seq,
            sender: sender.as_str().to_string(),
            agent_id,
            poster_id,
            author: Some(author),
            body: send.text.clone(),
            client_id: Some(send.client_id.clone()),
            created_at: now,
            file_id: None,
        };
        rows.push(chat_message::ActiveModel {
            session_id: Set(model.session_id),
            seq: Set(model.seq),
            sender: Set(model.sender.clone()),
            agent_id: Set(model.agent_id),
            poster_id: Set(model.poster_id),
            author: Set(model.author.clone()),
            body: Set(model.body.clone()),
            client_id: Set(model.client_id.clone()),
            created_at: Set(model.created_at),
            ..Default::default()
        });
        let message: Message = views::message(model);
        results[i] = Some(Ok(Written::New {
            message,
            assignee: row.agent_id,
        }));
    }
}

/// Messages already stored under any of these sends' keys, by key.
async fn stored_messages<'a>(
    txn: &impl ConnectionTrait,
    sends: &'a [ChatPost],
    todo: &[usize],
) -> Result<HashMap<Key<'a>, Message>, AppError> {
    let mut found = HashMap::new();
    for chunk in todo.chunks(CHUNK) {
        let mut any = Condition::any();
        for &i in chunk {
            let (session, poster, client_id) = key(&sends[i]);
            any = any.add(
                Condition::all()
                    .add(chat_message::Column::SessionId.eq(session))
                    .add(chat_message::Column::PosterId.eq(poster))
                    .add(chat_message::Column::ClientId.eq(client_id)),
            );
        }
        for m in chat_message::Entity::find().filter(any).all(txn).await? {
            let client_id = m.client_id.clone().unwrap_or_default();
            if let Some(&i) = chunk.iter().find(|&&i| {
                let (s, p, c) = key(&sends[i]);
                s == m.session_id && p == m.poster_id && c == client_id
            }) {
                found.insert(key(&sends[i]), views::message(m));
            }
        }
    }
    Ok(found)
}
