//! Group commit for chat messages: one task writes the sends of many sessions in one
//! transaction and answers each sender only after that transaction commits.
//!
//! A commit costs an fsync (`synchronous=FULL` on SQLite, WAL flush on PostgreSQL); a batch
//! shares it. Nothing is acknowledged before it is durable: if the commit fails, every send
//! in the batch gets an error (and nothing of the batch is stored), so clients retry with the
//! same `client_id`. A send that is refused (a closed chat, a retry already stored) does
//! not spoil the others (`batch`).
//!
//! Batches form by themselves: while one commits, the next sends queue up; under light load a
//! batch is a single send and costs what a plain transaction does.
use std::sync::Arc;

use protocol::Message;
use sea_orm::DatabaseConnection;
use tokio::sync::{mpsc, oneshot};

use super::batch;
use super::posting::{self, ChatPost, Written};
use crate::error::AppError;
use crate::ssr::hub::{Announcements, SharedHub};

/// Sends waiting for the writer beyond this are refused (503 `unavailable`): the server is
/// overloaded and must say so rather than queue without bound.
const QUEUE: usize = 16_384;
/// At most this many sends share one transaction (keeps one commit's work bounded).
const MAX_BATCH: usize = 512;
/// Under load, a batch smaller than this waits `LINGER` for company.
const LINGER_BELOW: usize = 16;
const LINGER: std::time::Duration = std::time::Duration::from_millis(1);

struct Job {
    send: ChatPost,
    reply: oneshot::Sender<Result<Message, AppError>>,
}

/// The handle request handlers use; cheap to clone.
#[derive(Clone)]
pub struct ChatWriter {
    tx: mpsc::Sender<Job>,
}

/// Test hook: makes a batch's commit fail, to show that nobody in it is acknowledged.
pub type CommitFault = Arc<dyn Fn(usize) -> bool + Send + Sync>;

impl ChatWriter {
    /// Starts the writer task on the current tokio runtime.
    pub fn start(db: DatabaseConnection, hub: SharedHub) -> Self {
        Self::start_with_fault(db, hub, None)
    }

    /// Like `start`; `fault(batch_len)` returning true fails that batch at commit time.
    pub fn start_with_fault(
        db: DatabaseConnection,
        hub: SharedHub,
        fault: Option<CommitFault>,
    ) -> Self {
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(db, hub, rx, fault));
        Self { tx }
    }

    /// Stores `send` and returns the message once it is committed (or the stored one, for a
    /// retry). Refusals (a closed chat, someone else's chat) come back as errors.
    pub async fn post(&self, send: ChatPost) -> Result<Message, AppError> {
        posting::check_poster(&send)?;
        let (reply, answer) = oneshot::channel();
        self.tx.try_send(Job { send, reply }).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => AppError::Unavailable {
                message: "The server is busy. Try again in a moment.".into(),
            },
            mpsc::error::TrySendError::Closed(_) => AppError::internal(),
        })?;
        answer.await.map_err(|_| AppError::internal())?
    }
}

async fn run(
    db: DatabaseConnection,
    hub: SharedHub,
    mut rx: mpsc::Receiver<Job>,
    fault: Option<CommitFault>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut busy = false;
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        // Under load (the last batch had company) a small batch waits a moment for more:
        // each commit costs the same whatever its size. When sends are rare, none waits.
        if busy && batch.len() < LINGER_BELOW {
            tokio::time::sleep(LINGER).await;
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
        }
        busy = batch.len() > 1;
        let jobs = std::mem::take(&mut batch);
        write_batch(&db, hub.as_ref(), jobs, fault.as_ref()).await;
    }
}

async fn write_batch(
    db: &DatabaseConnection,
    hub: &dyn crate::ssr::hub::Hub,
    jobs: Vec<Job>,
    fault: Option<&CommitFault>,
) {
    let started = std::time::Instant::now();
    let outcome = commit_batch(db, hub, &jobs, fault).await;
    let metrics = crate::ssr::metrics::metrics();
    match outcome {
        Ok(Committed {
            results,
            announcements,
        }) => {
            metrics
                .commit_seconds
                .observe(started.elapsed().as_secs_f64());
            metrics.batch_size.observe(jobs.len() as f64);
            announcements.publish(hub);
            for (job, result) in jobs.into_iter().zip(results) {
                let answer = match result {
                    Ok(Written::New { message, .. }) => {
                        metrics.messages_stored.inc();
                        Ok(message)
                    }
                    Ok(Written::Existing(message)) => Ok(message),
                    Err(e) => Err(e),
                };
                let _ = job.reply.send(answer);
            }
        }
        Err(e) => {
            // Nothing of the batch is stored: nobody is acknowledged.
            tracing::error!(error = %e, sends = jobs.len(), "message batch failed to commit");
            for job in jobs {
                let _ = job.reply.send(Err(AppError::internal()));
            }
        }
    }
}

/// A committed batch: each send's outcome, and the events its new messages make.
struct Committed {
    results: Vec<Result<Written, AppError>>,
    announcements: Announcements,
}

/// Writes every job in one transaction (`batch::write`: a few statements for all of them),
/// tells the other instances in the same transaction, and commits it. `Err` means the
/// transaction did not commit.
async fn commit_batch(
    db: &DatabaseConnection,
    hub: &dyn crate::ssr::hub::Hub,
    jobs: &[Job],
    fault: Option<&CommitFault>,
) -> Result<Committed, sea_orm::DbErr> {
    let txn = posting::begin_write(db).await?;
    let sends: Vec<ChatPost> = jobs.iter().map(|j| j.send.clone()).collect();
    let written = match batch::write(&txn, &sends).await {
        Ok(written) => written,
        Err(e) => {
            txn.rollback().await?;
            return Err(sea_orm::DbErr::Custom(format!("batch write: {e}")));
        }
    };
    let mut events = Vec::new();
    for (send, result) in sends.iter().zip(&written.results) {
        if let Ok(Written::New { message, assignee }) = result {
            let whose = match &send.poster {
                posting::Poster::Visitor => *assignee,
                posting::Poster::Agent { id, .. } => Some(id.0),
            };
            let unread = whose.and_then(|a| written.unread.get(&a).copied());
            events.extend(posting::announcements(send, message, *assignee, unread));
        }
    }
    let announcements = Announcements::write_in(hub, &txn, events).await?;
    if fault.is_some_and(|f| f(jobs.len())) {
        txn.rollback().await?;
        return Err(sea_orm::DbErr::Custom("injected commit failure".into()));
    }
    txn.commit().await?;
    Ok(Committed {
        results: written.results,
        announcements,
    })
}
