//! When to tell the server the visitor is typing: `true` at most every 3 s while keys are
//! pressed, `false` after 4 s without a key or when the message is sent.

pub const REPEAT_MS: f64 = 3_000.0;
pub const IDLE_MS: f64 = 4_000.0;

#[derive(Debug, Default)]
pub struct TypingThrottle {
    /// When `typing: true` was last sent; `None` while the server believes we are idle.
    sent_at: Option<f64>,
    last_input: f64,
}

impl TypingThrottle {
    /// A key was pressed in the composer. Returns `Some(true)` when the server should hear.
    pub fn input(&mut self, now: f64) -> Option<bool> {
        self.last_input = now;
        match self.sent_at {
            Some(at) if now - at < REPEAT_MS => None,
            _ => {
                self.sent_at = Some(now);
                Some(true)
            }
        }
    }

    /// Checked `IDLE_MS` after each key: `Some(false)` once the visitor has paused.
    pub fn idle(&mut self, now: f64) -> Option<bool> {
        if self.sent_at.is_some() && now - self.last_input >= IDLE_MS {
            self.sent_at = None;
            Some(false)
        } else {
            None
        }
    }

    /// The message went out (or the composer was cleared): stop "typing" at once.
    pub fn stop(&mut self) -> Option<bool> {
        self.sent_at.take().map(|_| false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_true_is_throttled_to_every_three_seconds() {
        let mut t = TypingThrottle::default();
        assert_eq!(t.input(0.0), Some(true));
        assert_eq!(t.input(1_000.0), None);
        assert_eq!(t.input(2_999.0), None);
        assert_eq!(t.input(3_000.0), Some(true));
    }

    #[test]
    fn typing_false_after_four_idle_seconds_once() {
        let mut t = TypingThrottle::default();
        assert_eq!(t.idle(10_000.0), None);
        t.input(0.0);
        t.input(2_000.0);
        assert_eq!(t.idle(4_000.0), None);
        assert_eq!(t.idle(6_000.0), Some(false));
        assert_eq!(t.idle(9_000.0), None);
        assert_eq!(t.input(9_500.0), Some(true));
    }

    #[test]
    fn sending_stops_typing() {
        let mut t = TypingThrottle::default();
        assert_eq!(t.stop(), None);
        t.input(0.0);
        assert_eq!(t.stop(), Some(false));
        assert_eq!(t.idle(10_000.0), None);
        assert_eq!(t.input(10_000.0), Some(true));
    }
}
