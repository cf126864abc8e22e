//! Token buckets per key (client address, session): a burst, then a steady rate.
use std::collections::HashMap;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct RatePolicy {
    /// Requests allowed at once.
    pub burst: u32,
    /// Time to earn one more request.
    pub per: Duration,
}

/// One token bucket (a connection's frames, say): `burst` at once, then one per `per`.
#[derive(Debug, Clone, Copy)]
pub struct Bucket {
    tokens: f64,
    at: Instant,
    policy: RatePolicy,
}

impl Bucket {
    pub fn new(policy: RatePolicy, now: Instant) -> Self {
        Self {
            tokens: f64::from(policy.burst),
            at: now,
            policy,
        }
    }

    /// Takes one token, or says how many seconds until one is available.
    pub fn take(&mut self, now: Instant) -> Result<(), u64> {
        let burst = f64::from(self.policy.burst);
        let per = self.policy.per.as_secs_f64().max(f64::EPSILON);
        let earned = now.saturating_duration_since(self.at).as_secs_f64() / per;
        self.tokens = (self.tokens + earned).min(burst);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - self.tokens) * per;
            Err(wait.ceil().max(1.0) as u64)
        }
    }
}

#[derive(Debug)]
pub struct RateLimiter {
    policy: RatePolicy,
    buckets: HashMap<String, Bucket>,
}

impl RateLimiter {
    pub fn new(policy: RatePolicy) -> Self {
        Self {
            policy,
            buckets: HashMap::new(),
        }
    }

    /// Takes one token for `key`, or says how many seconds until one is available.
    pub fn take(&mut self, key: &str, now: Instant) -> Result<(), u64> {
        if self.buckets.len() > 50_000 {
            self.prune(now);
        }
        let policy = self.policy;
        self.buckets
            .entry(key.to_string())
            .or_insert_with(|| Bucket::new(policy, now))
            .take(now)
    }

    /// Forgets keys whose buckets are full again.
    pub fn prune(&mut self, now: Instant) {
        let full_after = self.policy.per * self.policy.burst;
        self.buckets
            .retain(|_, b| now.saturating_duration_since(b.at) < full_after);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_steady_rate() {
        let mut r = RateLimiter::new(RatePolicy {
            burst: 3,
            per: Duration::from_secs(10),
        });
        let t = Instant::now();
        for _ in 0..3 {
            assert!(r.take("a", t).is_ok());
        }
        assert_eq!(r.take("a", t), Err(10));
        assert_eq!(r.take("a", t + Duration::from_secs(4)), Err(6));
        assert!(r.take("a", t + Duration::from_secs(10)).is_ok());
        assert!(r.take("b", t).is_ok(), "keys are independent");
    }

    #[test]
    fn one_bucket_refills_over_time() {
        let t = Instant::now();
        let mut b = Bucket::new(
            RatePolicy {
                burst: 2,
                per: Duration::from_millis(500),
            },
            t,
        );
        assert!(b.take(t).is_ok());
        assert!(b.take(t).is_ok());
        assert_eq!(b.take(t), Err(1));
        assert!(b.take(t + Duration::from_millis(500)).is_ok());
        assert!(b.take(t + Duration::from_millis(500)).is_err());
    }

    #[test]
    fn prune_drops_full_buckets() {
        let mut r = RateLimiter::new(RatePolicy {
            burst: 2,
            per: Duration::from_secs(1),
        });
        let t = Instant::now();
        r.take("a", t).unwrap();
        r.prune(t + Duration::from_secs(3));
        assert!(r.buckets.is_empty());
    }
}
