//! Reconnect delays: exponential with jitter, so a restarted server is not hit by every
//! client at the same instant.

/// Delay before reconnect attempt `attempt` (1-based): 0.5 s doubling to 30 s, scaled by
/// `jitter` in [0, 1) to between 50 % and 150 %.
pub fn reconnect_delay_ms(attempt: u32, jitter: f64) -> u32 {
    let base = 500f64 * 2f64.powi(attempt.saturating_sub(1).min(16) as i32);
    let capped = base.min(30_000.0);
    (capped * (0.5 + jitter.clamp(0.0, 1.0))) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_then_caps_with_jitter_bounds() {
        assert_eq!(reconnect_delay_ms(1, 0.5), 500);
        assert_eq!(reconnect_delay_ms(2, 0.5), 1000);
        assert_eq!(reconnect_delay_ms(7, 0.5), 30_000);
        assert_eq!(reconnect_delay_ms(40, 0.5), 30_000);
        assert_eq!(reconnect_delay_ms(1, 0.0), 250);
        assert_eq!(reconnect_delay_ms(7, 0.999_999), 44_999);
    }
}
