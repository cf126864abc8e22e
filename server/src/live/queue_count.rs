//! The number of waiting chats, counted once per change for every agent socket of this
//! instance (each used to count it itself on every queue event).
use std::time::Duration;

use tokio::sync::watch;

use app::ssr::chat::queue;
use app::ssr::hub::Topic;
use app::ssr::AppState;

/// Changes closer together than this are counted once.
const COALESCE: Duration = Duration::from_millis(50);

/// Counts once now, then after every change; sockets read the latest count from the
/// receiver.
pub async fn start(
    app: &AppState,
    mut shutdown: watch::Receiver<bool>,
) -> Result<watch::Receiver<u32>, app::error::AppError> {
    // Subscribed before the first count: no change falls between.
    let mut events = app.hub.subscribe(Topic::Queue);
    let (tx, rx) = watch::channel(queue::waiting_count(&app.db).await?);
    let app = app.clone();
    tokio::spawn(async move {
        loop {
            tokio::select! {
                event = events.recv() => {
                    if matches!(event, Err(tokio::sync::broadcast::error::RecvError::Closed)) {
                        return;
                    }
                }
                _ = shutdown.changed() => return,
            }
            // Any event (or falling behind) means: count again, once for a burst.
            tokio::time::sleep(COALESCE).await;
            while events.try_recv().is_ok() {}
            match queue::waiting_count(&app.db).await {
                Ok(n) => {
                    tx.send_if_modified(|old| std::mem::replace(old, n) != n);
                }
                Err(e) => tracing::warn!(error = %e, "counting waiting chats failed"),
            }
        }
    });
    Ok(rx)
}
