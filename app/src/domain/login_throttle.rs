//! Limits repeated failed sign-ins, per account and per client address.
//!
//! A key (an account email or a client address) may fail `max_failures` times within
//! `window`; after that every attempt for it is refused until the oldest failure leaves
//! the window. A successful sign-in clears the account's record (not the address's, so
//! one good account cannot be used to reset guessing on others).
use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    pub max_failures: usize,
    pub window: Duration,
}

#[derive(Debug)]
pub struct LoginThrottle {
    policy: ThrottlePolicy,
    failures: HashMap<String, VecDeque<Instant>>,
}

impl LoginThrottle {
    pub fn new(policy: ThrottlePolicy) -> Self {
        Self {
            policy,
            failures: HashMap::new(),
        }
    }

    /// `Err(seconds to wait)` when the key has used up its failures.
    pub fn check(&mut self, key: &str, now: Instant) -> Result<(), u64> {
        let window = self.policy.window;
        let Some(entries) = self.failures.get_mut(key) else {
            return Ok(());
        };
        while entries
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= window)
        {
            entries.pop_front();
        }
        if entries.is_empty() {
            self.failures.remove(key);
            return Ok(());
        }
        if entries.len() >= self.policy.max_failures {
            let oldest = entries.front().copied().unwrap_or(now);
            let wait = window.saturating_sub(now.saturating_duration_since(oldest));
            return Err(wait.as_secs().max(1));
        }
        Ok(())
    }

    pub fn record_failure(&mut self, key: &str, now: Instant) {
        let entries = self.failures.entry(key.to_string()).or_default();
        entries.push_back(now);
        // Never hold more than needed to decide.
        while entries.len() > self.policy.max_failures {
            entries.pop_front();
        }
        if self.failures.len() > 100_000 {
            self.prune(now);
        }
    }

    pub fn clear(&mut self, key: &str) {
        self.failures.remove(key);
    }

    /// Drops keys whose failures have all left the window.
    pub fn prune(&mut self, now: Instant) {
        let window = self.policy.window;
        self.failures.retain(|_, entries| {
            entries
                .back()
                .is_some_and(|t| now.saturating_duration_since(*t) < window)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle() -> LoginThrottle {
        LoginThrottle::new(ThrottlePolicy {
            max_failures: 3,
            window: Duration::from_secs(60),
        })
    }

    #[test]
    fn allows_until_limit_then_refuses_with_wait() {
        let mut t = throttle();
        let start = Instant::now();
        for i in 0..3 {
            assert!(t.check("a", start).is_ok(), "attempt {i}");
            t.record_failure("a", start);
        }
        assert_eq!(t.check("a", start), Err(60));
        assert_eq!(t.check("a", start + Duration::from_secs(45)), Err(15));
        assert!(t.check("b", start).is_ok(), "other keys unaffected");
    }

    #[test]
    fn window_slides() {
        let mut t = throttle();
        let start = Instant::now();
        t.record_failure("a", start);
        t.record_failure("a", start + Duration::from_secs(10));
        t.record_failure("a", start + Duration::from_secs(20));
        assert!(t.check("a", start + Duration::from_secs(59)).is_err());
        assert!(t.check("a", start + Duration::from_secs(60)).is_ok());
    }

    #[test]
    fn clear_resets() {
        let mut t = throttle();
        let now = Instant::now();
        for _ in 0..3 {
            t.record_failure("a", now);
        }
        t.clear("a");
        assert!(t.check("a", now).is_ok());
    }

    #[test]
    fn prune_forgets_old_keys() {
        let mut t = throttle();
        let now = Instant::now();
        t.record_failure("a", now);
        t.prune(now + Duration::from_secs(61));
        assert!(t.failures.is_empty());
    }
}
