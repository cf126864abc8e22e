//! Argon2id password hashing, run off the async threads (it is deliberately slow).
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

use crate::error::AppError;

/// Argon2id takes 19 MiB and tens of milliseconds of CPU per hash. Hashing runs on two
/// long-lived threads: a burst of sign-ins queues instead of taking every core and a
/// blocking thread (with its 19 MiB) each. (The memory those blocks leave behind is
/// handled in the server's `main`: see `memory::return_large_blocks`.)
mod pool {
    use std::sync::mpsc::{channel, Receiver, Sender};
    use std::sync::{Arc, Mutex, OnceLock};

    type Job = Box<dyn FnOnce() + Send>;
    const THREADS: usize = 2;

    fn sender() -> Option<&'static Mutex<Sender<Job>>> {
        static POOL: OnceLock<Option<Mutex<Sender<Job>>>> = OnceLock::new();
        POOL.get_or_init(|| {
            let (tx, rx) = channel::<Job>();
            let rx: Arc<Mutex<Receiver<Job>>> = Arc::new(Mutex::new(rx));
            for i in 0..THREADS {
                let rx = rx.clone();
                let spawned = std::thread::Builder::new()
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
                    });
                if spawned.is_err() {
                    return None;
                }
            }
            Some(Mutex::new(tx))
        })
        .as_ref()
    }

    /// Runs `f` on the hashing threads and waits for its result.
    pub async fn run<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = tx.send(f());
        });
        sender()?.lock().ok()?.send(job).ok()?;
        rx.await.ok()
    }
}

pub async fn hash(password: String) -> Result<String, AppError> {
    pool::run(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .ok_or_else(|| {
        tracing::error!("password hashing pool unavailable");
        AppError::internal()
    })?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::internal()
    })
}

/// Verifies `password` against a PHC string. With `None` it verifies against a fixed
/// dummy hash, so an unknown email costs the same time as a wrong password.
pub async fn verify(password: String, phc: Option<String>) -> bool {
    pool::run(move || {
        let phc = phc.unwrap_or_else(|| DUMMY_HASH.to_string());
        match PasswordHash::new(&phc) {
            Ok(parsed) => Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        }
    })
    .await
    .unwrap_or(false)
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
        assert!(verify("correct horse".into(), Some(h.clone())).await);
        assert!(!verify("wrong horse".into(), Some(h)).await);
        assert!(!verify("anything".into(), None).await);
    }
}
