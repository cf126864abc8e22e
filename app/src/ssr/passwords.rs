//! Argon2id password hashing, run off the async threads (it is deliberately slow).
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

use crate::error::AppError;

/// Argon2id takes 19 MiB and tens of milliseconds of CPU per hash. Hashing runs on two
/// long-lived threads: a burst of sign-ins queues (a bounded queue: beyond it, 429) instead
/// of taking every core and a blocking thread (with its 19 MiB) each. (The memory those blocks leave behind is
/// handled in the server's `main`: see `memory::return_large_blocks`.)
mod pool {
    use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
    use std::sync::{Arc, Mutex, OnceLock};

    type Job = Box<dyn FnOnce() + Send>;
    const THREADS: usize = 2;
    /// Jobs that may wait for a thread. Beyond this the server is busy: the caller answers
    /// 429 at once instead of queueing without bound (each job holds a request open).
    pub const QUEUE: usize = 32;

    pub enum Refused {
        Busy,
        Unavailable,
    }

    /// A fixed set of threads fed by a bounded queue.
    pub struct Pool {
        jobs: SyncSender<Job>,
    }

    impl Pool {
        pub fn start(threads: usize, queue: usize) -> Option<Pool> {
            let (tx, rx) = sync_channel::<Job>(queue);
            let rx: Arc<Mutex<Receiver<Job>>> = Arc::new(Mutex::new(rx));
            for i in 0..threads {
                let rx = rx.clone();
                std::thread::Builder::new()
                    .name(format!("password-hash-{i}"))
                    .spawn(move || loop {
                        let job = match rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    })
                    .ok()?;
            }
            Some(Pool { jobs: tx })
        }

        /// Runs `f` on the pool's threads and waits for its result; refuses at once when
        /// the queue is full.
        pub async fn run<T: Send + 'static>(
            &self,
            f: impl FnOnce() -> T + Send + 'static,
        ) -> Result<T, Refused> {
            let (tx, rx) = tokio::sync::oneshot::channel();
            let job: Job = Box::new(move || {
                let _ = tx.send(f());
            });
            match self.jobs.try_send(job) {
                Ok(()) => {}
                Err(TrySendError::Full(_)) => return Err(Refused::Busy),
                Err(TrySendError::Disconnected(_)) => return Err(Refused::Unavailable),
            }
            rx.await.map_err(|_| Refused::Unavailable)
        }
    }

    /// The process's hashing pool, started on first use.
    pub fn shared() -> Result<&'static Pool, Refused> {
        static POOL: OnceLock<Option<Pool>> = OnceLock::new();
        POOL.get_or_init(|| Pool::start(THREADS, QUEUE))
            .as_ref()
            .ok_or(Refused::Unavailable)
    }
}

fn refused(r: pool::Refused) -> AppError {
    match r {
        pool::Refused::Busy => AppError::busy(),
        pool::Refused::Unavailable => {
            tracing::error!("password hashing pool unavailable");
            AppError::internal()
        }
    }
}

pub async fn hash(password: String) -> Result<String, AppError> {
    let pool = pool::shared().map_err(refused)?;
    pool.run(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(refused)?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::internal()
    })
}

/// Verifies `password` against a PHC string. With `None` it verifies against a fixed
/// dummy hash, so an unknown email costs the same time as a wrong password. Refused (429)
/// when too many checks are already waiting.
pub async fn verify(password: String, phc: Option<String>) -> Result<bool, AppError> {
    verify_on(pool::shared().map_err(refused)?, password, phc).await
}

async fn verify_on(
    pool: &pool::Pool,
    password: String,
    phc: Option<String>,
) -> Result<bool, AppError> {
    pool.run(move || {
        let phc = phc.unwrap_or_else(|| DUMMY_HASH.to_string());
        match PasswordHash::new(&phc) {
            Ok(parsed) => Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        }
    })
    .await
    .map_err(refused)
}

/// Argon2id hash of a random string nobody knows, with the default parameters.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Yk8a8K2vDRmPHJZ8WVbYQbv0lrTnLmlyr0VoiMI2hXw";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_then_verify() {
        let h = hash("correct horse".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse".into(), Some(h.clone()))
            .await
            .unwrap());
        assert!(!verify("wrong horse".into(), Some(h)).await.unwrap());
        assert!(!verify("anything".into(), None).await.unwrap());
    }

    #[tokio::test]
    async fn a_flood_of_checks_is_refused_instead_of_queued_without_bound() {
        // A pool of its own, so the other tests' hashes neither fill it nor get refused.
        // Spawned tasks submit their jobs one after another within microseconds; each check
        // takes milliseconds, so the two threads cannot drain the queue meanwhile.
        let pool: &'static pool::Pool =
            Box::leak(Box::new(pool::Pool::start(2, pool::QUEUE).unwrap()));
        let tasks: Vec<_> = (0..pool::QUEUE + 20)
            .map(|_| tokio::spawn(verify_on(pool, "guess".into(), None)))
            .collect();
        let mut busy = 0;
        let mut checked = 0;
        for t in tasks {
            match t.await.unwrap() {
                Err(AppError::RateLimited {
                    retry_after_secs, ..
                }) => {
                    assert_eq!(retry_after_secs, 1);
                    busy += 1;
                }
                Ok(false) => checked += 1,
                other => panic!("{other:?}"),
            }
        }
        assert!(busy >= 15, "{busy} refused, {checked} checked");
        assert!(checked >= pool::QUEUE, "{checked} checked");
        // And the pool still works afterwards.
        assert!(!verify_on(pool, "again".into(), None).await.unwrap());
    }
}
