//! The async runtime's size.
//!
//! One core is left to what runs beside the async workers: SQLite's connection threads
//! (each statement runs on its connection's own thread), the password-hashing pool and the
//! kernel's work for thousands of sockets. With as many workers as cores, every hand-over
//! between a worker and a connection thread woke a parked worker on the other core; on 2
//! cores one worker delivered the same load with less CPU per message and a much lower p99
//! (`docs/benchmarks.md`, "One async worker on 2 cores").

/// Async worker threads for a machine with `cores` cores, unless `TOKIO_WORKER_THREADS`
/// says otherwise (tokio reads it itself).
pub fn worker_threads(cores: usize, env_override: Option<&str>) -> Option<usize> {
    if env_override.is_some_and(|v| !v.trim().is_empty()) {
        return None;
    }
    Some(cores.saturating_sub(1).max(1))
}

/// Builds the runtime the server runs on.
pub fn build() -> std::io::Result<tokio::runtime::Runtime> {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    builder.enable_all();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let env = std::env::var("TOKIO_WORKER_THREADS").ok();
    if let Some(n) = worker_threads(cores, env.as_deref()) {
        builder.worker_threads(n);
    }
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::worker_threads;

    #[test]
    fn leaves_one_core_to_the_database_threads_and_the_kernel() {
        assert_eq!(worker_threads(1, None), Some(1));
        assert_eq!(worker_threads(2, None), Some(1));
        assert_eq!(worker_threads(8, None), Some(7));
    }

    #[test]
    fn tokio_worker_threads_wins() {
        assert_eq!(worker_threads(8, Some("2")), None);
        assert_eq!(worker_threads(8, Some(" ")), Some(7));
    }
}
