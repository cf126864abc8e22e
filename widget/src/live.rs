//! The live connection's timing rules (pure, tested here); the socket loop itself is in
//! `live/connection.rs` and only exists in the browser build.

#[cfg(target_arch = "wasm32")]
pub mod connection;

/// First reconnect delay, doubled on each failed attempt.
pub const BACKOFF_START_MS: f64 = 500.0;
/// Longest reconnect delay (before jitter).
pub const BACKOFF_MAX_MS: f64 = 30_000.0;
/// The widget pings this often so a quiet chat still proves the connection alive.
pub const PING_EVERY_MS: f64 = 25_000.0;
/// Nothing heard for this long (the server answers pings): the connection is dead.
pub const SILENCE_MS: f64 = 45_000.0;
/// After the page comes back (online, visible) a ping must be answered this fast.
pub const PROBE_MS: f64 = 5_000.0;
/// A `send` on the socket not answered (`sent`, `not_sent`) by then goes over HTTP too,
/// with the same `client_id` (the server stores it once). A commit takes milliseconds.
pub const SEND_ANSWER_MS: f64 = 5_000.0;

/// How long to wait before reconnect attempt `attempt` (0 for the first): 0.5 s doubling
/// up to 30 s, then ±50 % jitter so many widgets do not reconnect in step after a server
/// restart. `jitter` is a random number in `[0, 1)`.
pub fn backoff_ms(attempt: u32, jitter: f64) -> f64 {
    let base = BACKOFF_START_MS * 2f64.powi(attempt.min(16) as i32);
    base.min(BACKOFF_MAX_MS) * (0.5 + jitter.clamp(0.0, 1.0))
}

/// What the connection loop must do next when it is connected, given the times (Unix ms)
/// it last heard from the server and last pinged, and an unanswered probe's deadline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tick {
    /// Wait this many ms for a frame, then ask again.
    Wait(f64),
    Ping,
    /// The connection is dead: close it and reconnect.
    Dead,
}

/// The connection is dead after `SILENCE_MS` without a frame, but only once a ping has
/// had `SILENCE_MS - PING_EVERY_MS` to be answered: a background tab's timers can fire
/// late, and late timers must not pass for a silent server.
pub fn next_tick(now: f64, heard: f64, pinged: f64, probe: Option<f64>) -> Tick {
    let probe_at = probe.unwrap_or(f64::INFINITY);
    let dead_at = (heard + SILENCE_MS).max(pinged + SILENCE_MS - PING_EVERY_MS);
    // A new ping only once the last one was answered (or there was none).
    let ping_at = if pinged <= heard {
        pinged + PING_EVERY_MS
    } else {
        f64::INFINITY
    };
    if now >= probe_at {
        Tick::Dead
    } else if now >= ping_at {
        Tick::Ping
    } else if now >= dead_at {
        Tick::Dead
    } else {
        Tick::Wait(ping_at.min(dead_at).min(probe_at) - now)
    }
}

/// The live socket's URL: `ws://` for an `http://` server, `wss://` for `https://`.
pub fn live_url(base: &str) -> String {
    let mut url = String::with_capacity(base.len() + 20);
    match base.strip_prefix("http") {
        Some(rest) => {
            url.push_str("ws");
            url.push_str(rest);
        }
        None => url.push_str(base),
    }
    url.push_str("/v1/visitor/live");
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_half_a_second_to_thirty() {
        let mid: Vec<f64> = (0..9).map(|a| backoff_ms(a, 0.5)).collect();
        assert_eq!(
            mid,
            vec![500.0, 1000.0, 2000.0, 4000.0, 8000.0, 16000.0, 30000.0, 30000.0, 30000.0]
        );
        assert_eq!(backoff_ms(1000, 0.5), 30_000.0);
    }

    #[test]
    fn backoff_jitter_is_plus_or_minus_half() {
        assert_eq!(backoff_ms(0, 0.0), 250.0);
        assert!(backoff_ms(0, 0.999_999) < 750.0);
        assert_eq!(backoff_ms(20, 0.0), 15_000.0);
        assert!(backoff_ms(20, 0.999_999) < 45_000.0);
        assert!(backoff_ms(20, 0.999_999) > 44_999.0);
    }

    #[test]
    fn pings_every_25_seconds_and_gives_up_after_45_silent() {
        assert_eq!(next_tick(0.0, 0.0, 0.0, None), Tick::Wait(25_000.0));
        assert_eq!(next_tick(25_000.0, 0.0, 0.0, None), Tick::Ping);
        // Pinged at 25 s, no answer: the silence rule fires at 45 s.
        assert_eq!(
            next_tick(30_000.0, 0.0, 25_000.0, None),
            Tick::Wait(15_000.0)
        );
        assert_eq!(next_tick(45_000.0, 0.0, 25_000.0, None), Tick::Dead);
        // A frame at 44 s keeps it alive.
        assert_eq!(
            next_tick(45_000.0, 44_000.0, 25_000.0, None),
            Tick::Wait(5_000.0)
        );
    }

    #[test]
    fn late_timers_ping_before_declaring_the_connection_dead() {
        // A throttled background tab wakes at 60 s: ping first, dead only if unanswered.
        assert_eq!(next_tick(60_000.0, 0.0, 0.0, None), Tick::Ping);
        assert_eq!(
            next_tick(61_000.0, 0.0, 60_000.0, None),
            Tick::Wait(19_000.0)
        );
        assert_eq!(next_tick(80_000.0, 0.0, 60_000.0, None), Tick::Dead);
        assert_eq!(
            next_tick(61_000.0, 60_050.0, 60_000.0, None),
            Tick::Wait(24_000.0)
        );
    }

    #[test]
    fn socket_urls_follow_the_servers_scheme() {
        assert_eq!(
            live_url("https://help.example.com"),
            "wss://help.example.com/v1/visitor/live"
        );
        assert_eq!(
            live_url("http://127.0.0.1:3200"),
            "ws://127.0.0.1:3200/v1/visitor/live"
        );
    }

    #[test]
    fn an_unanswered_probe_is_dead_sooner() {
        assert_eq!(
            next_tick(1_000.0, 0.0, 1_000.0, Some(6_000.0)),
            Tick::Wait(5_000.0)
        );
        assert_eq!(next_tick(6_000.0, 0.0, 1_000.0, Some(6_000.0)), Tick::Dead);
    }
}
