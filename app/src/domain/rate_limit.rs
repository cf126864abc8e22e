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

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
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
        let burst = f64::from(self.policy.burst);
        let per = self.policy.per.as_secs_f64().max(f64::EPSILON);
        if self.buckets.len() > 50_000 {
            self.prune(now);
        }
        let bucket = self.buckets.entry(key.to_string()).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let earned = now.saturating_duration_since(bucket.at).as_secs_f64() / per;
        bucket.tokens = (bucket.tokens + earned).min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) * per;
            Err(wait.ceil().max(1.0) as u64)
        }
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
