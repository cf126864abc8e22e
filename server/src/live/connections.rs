//! How many live connections each agent has open in this process, so presence ends the
//! moment an agent's last tab closes instead of when its heartbeat expires.
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Default)]
pub struct AgentConnections {
    open: Mutex<HashMap<i64, usize>>,
}

impl AgentConnections {
    pub fn opened(&self, agent_id: i64) {
        if let Ok(mut open) = self.open.lock() {
            *open.entry(agent_id).or_default() += 1;
        }
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

    /// Open connections in total (for the benchmark's memory figure).
    pub fn total(&self) -> usize {
        self.open.lock().map(|o| o.values().sum()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_close_is_reported_once() {
        let c = AgentConnections::default();
        c.opened(1);
        c.opened(1);
        assert!(!c.closed(1));
        assert!(c.closed(1));
        assert!(!c.closed(1));
        assert_eq!(c.total(), 0);
    }
}
