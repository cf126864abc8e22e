//! What an operator watches, in the Prometheus text format: served by the server on its own
//! address (`CHAT_METRICS_ADDR`), never next to the app. One set per process.
use std::sync::OnceLock;

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct KindLabel {
    pub kind: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct LimitLabel {
    pub limit: String,
}

pub struct Metrics {
    /// Open live sockets, by kind (`agent`, `visitor`).
    pub open_sockets: Family<KindLabel, Gauge>,
    /// Chat messages committed (each acknowledged once).
    pub messages_stored: Counter,
    /// Chat message and channel post frames written to sockets.
    pub messages_delivered: Counter,
    /// Seconds from a batch's first statement to its commit.
    pub commit_seconds: Histogram,
    /// Sends per committed batch.
    pub batch_size: Histogram,
    /// Seconds from one instance's NOTIFY to another's receipt of it.
    pub hub_lag_seconds: Histogram,
    /// Times the hub's LISTEN connection was lost and connected again.
    pub listener_reconnects: Counter,
    /// Requests refused by a rate limit, by limit.
    pub rate_limited: Family<LimitLabel, Counter>,
    registry: Registry,
}

/// Fractions of a second, from a quarter of a millisecond to ten seconds.
fn seconds_buckets() -> impl Iterator<Item = f64> {
    [
        0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
    ]
    .into_iter()
}

impl Metrics {
    fn new() -> Self {
        let mut m = Self {
            open_sockets: Family::default(),
            messages_stored: Counter::default(),
            messages_delivered: Counter::default(),
            commit_seconds: Histogram::new(seconds_buckets()),
            batch_size: Histogram::new([1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0]),
            hub_lag_seconds: Histogram::new(seconds_buckets()),
            listener_reconnects: Counter::default(),
            rate_limited: Family::default(),
            registry: Registry::with_prefix("chat"),
        };
        m.registry.register(
            "open_sockets",
            "Open live sockets by kind",
            m.open_sockets.clone(),
        );
        m.registry.register(
            "messages_stored",
            "Chat messages committed to the database",
            m.messages_stored.clone(),
        );
        m.registry.register(
            "messages_delivered",
            "Chat message and channel post frames written to live sockets",
            m.messages_delivered.clone(),
        );
        m.registry.register(
            "commit_seconds",
            "Time to write and commit one batch of chat messages",
            m.commit_seconds.clone(),
        );
        m.registry.register(
            "commit_batch_size",
            "Chat messages per committed batch",
            m.batch_size.clone(),
        );
        m.registry.register(
            "hub_notification_lag_seconds",
            "Time from NOTIFY on one instance to its receipt on another",
            m.hub_lag_seconds.clone(),
        );
        m.registry.register(
            "hub_listener_reconnects",
            "Times the hub's LISTEN connection was connected again after a loss",
            m.listener_reconnects.clone(),
        );
        m.registry.register(
            "rate_limited",
            "Requests refused by a rate limit",
            m.rate_limited.clone(),
        );
        m
    }

    pub fn socket_opened(&self, kind: &str) {
        self.open_sockets
            .get_or_create(&KindLabel { kind: kind.into() })
            .inc();
    }

    pub fn socket_closed(&self, kind: &str) {
        self.open_sockets
            .get_or_create(&KindLabel { kind: kind.into() })
            .dec();
    }

    pub fn refused(&self, limit: &str) {
        self.rate_limited
            .get_or_create(&LimitLabel {
                limit: limit.into(),
            })
            .inc();
    }

    /// Everything, in the Prometheus text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}

/// Counts one open socket of `kind` for as long as it lives.
pub struct OpenSocket(&'static str);

impl OpenSocket {
    pub fn new(kind: &'static str) -> Self {
        metrics().socket_opened(kind);
        Self(kind)
    }
}

impl Drop for OpenSocket {
    fn drop(&mut self) {
        metrics().socket_closed(self.0);
    }
}

/// This process's metrics.
pub fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(Metrics::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_family_with_the_prefix() {
        let m = Metrics::new();
        m.socket_opened("agent");
        m.messages_stored.inc_by(3);
        m.batch_size.observe(3.0);
        m.refused("visitor_message");
        let text = m.render();
        assert!(
            text.contains("chat_open_sockets{kind=\"agent\"} 1"),
            "{text}"
        );
        assert!(text.contains("chat_messages_stored_total 3"), "{text}");
        assert!(text.contains("chat_commit_batch_size_count 1"), "{text}");
        assert!(
            text.contains("chat_rate_limited_total{limit=\"visitor_message\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("# TYPE chat_hub_notification_lag_seconds histogram"),
            "{text}"
        );
        assert!(text.ends_with("# EOF\n"), "{text}");
    }
}
