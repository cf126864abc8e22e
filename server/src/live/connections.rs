//! How many live connections each agent has open in this process: presence ends shortly
//! after an agent's last tab closes (`LiveTimings::absent_after`: the agent app loads a
//! whole page per link, and the next page reconnects), and one periodic statement marks all the others present
//! (`presence::REFRESH_SECS`) instead of a write per socket.
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Default)]
pub struct AgentConnections {
    open: Mutex<HashMap<i64, usize>>,
}

impl AgentConnections {
    /// Returns true when that is the agent's first connection here.
    pub fn opened(&self, agent_id: i64) -> bool {
        let Ok(mut open) = self.open.lock() else {
            return false;
        };
        let n = open.entry(agent_id).or_default();
        *n += 1;
        *n == 1
    }

    /// Returns true when that was the agent's last connection here.
    pub fn closed(&self, agent_id: i64) -> bool {
        let Ok(mut open) = self.open.lock() else {
            return false;
        };
        match open.get_mut(&agent_id) {
            Some(n) if *n > 1 => {
                *n -= 1;
                false
            }
            Some(_) => {
                open.remove(&agent_id);
                true
            }
            None => false,
        }
    }

    /// Whether the agent has a connection here now.
    pub fn is_open(&self, agent_id: i64) -> bool {
        self.open
            .lock()
            .map(|o| o.contains_key(&agent_id))
            .unwrap_or(false)
    }

    /// Agents with at least one connection here.
    pub fn agents(&self) -> Vec<app::models::agent::AgentId> {
        self.open
            .lock()
            .map(|o| {
                o.keys()
                    .map(|id| app::models::agent::AgentId(*id))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Open connections in total (for the benchmark's memory figure).
    pub fn total(&self) -> usize {
        self.open.lock().map(|o| o.values().sum()).unwrap_or(0)
    }
}

/// Keeps the agents connected here marked present: one statement every
/// `presence::REFRESH_SECS` for all of them, until the server shuts down; then none of
/// this instance's connections count (the others keep theirs).
pub fn keep_present(
    connections: std::sync::Arc<AgentConnections>,
    app: app::ssr::state::AppState,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    use app::ssr::chat::presence;
    tokio::spawn(async move {
        let every = std::time::Duration::from_secs(presence::REFRESH_SECS);
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await;
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    let agents = connections.agents();
                    if !agents.is_empty() {
                        if let Err(e) = presence::refresh(&app.db, &app.instance, &agents).await {
                            tracing::warn!(error = %e, "refreshing presence failed");
                        }
                    }
                }
                _ = shutdown.changed() => {
                    if let Err(e) = presence::clear_instance(&app.db, &app.instance).await {
                        tracing::warn!(error = %e, "clearing presence at shutdown failed");
                    }
                    return;
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_close_is_reported_once() {
        let c = AgentConnections::default();
        assert!(c.opened(1));
        assert!(!c.opened(1));
        assert_eq!(c.agents(), [app::models::agent::AgentId(1)]);
        assert!(!c.closed(1));
        assert!(c.is_open(1));
        assert!(c.closed(1));
        assert!(!c.is_open(1));
        assert!(!c.closed(1));
        assert_eq!(c.total(), 0);
    }
}
