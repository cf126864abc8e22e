//! The in-process hub: one broadcast channel per topic with subscribers.
//!
//! Implements `app::ssr::hub::Hub`. A multi-instance deployment swaps in an implementation
//! that also forwards events through PostgreSQL LISTEN/NOTIFY; features do not change.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use app::ssr::hub::{Hub, HubEvent, Subscription, Topic};
use tokio::sync::broadcast;

/// Events a subscriber may fall behind by before it must re-read from the database.
const CAPACITY: usize = 256;

#[derive(Default)]
pub struct LocalHub {
    topics: Mutex<HashMap<Topic, broadcast::Sender<Arc<HubEvent>>>>,
}

impl LocalHub {
    pub fn new() -> Self {
        Self::default()
    }

    /// Topics with at least one channel (for tests and metrics).
    pub fn topic_count(&self) -> usize {
        self.topics.lock().map(|t| t.len()).unwrap_or(0)
    }
}

impl Hub for LocalHub {
    fn publish(&self, topic: Topic, event: HubEvent) {
        let Ok(mut topics) = self.topics.lock() else {
            return;
        };
        if let Some(tx) = topics.get(&topic) {
            if tx.send(Arc::new(event)).is_err() {
                // Nobody listens any more: forget the channel.
                topics.remove(&topic);
            }
        }
    }

    fn subscribe(&self, topic: Topic) -> Subscription {
        match self.topics.lock() {
            Ok(mut topics) => topics
                .entry(topic)
                .or_insert_with(|| broadcast::channel(CAPACITY).0)
                .subscribe(),
            // A poisoned lock means a panic elsewhere; a closed receiver ends the connection.
            Err(_) => broadcast::channel(1).1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn delivers_to_subscribers_of_the_topic_only() {
        let hub = LocalHub::new();
        let mut a = hub.subscribe(Topic::Session(1));
        let mut b = hub.subscribe(Topic::Session(2));
        hub.publish(
            Topic::Session(1),
            HubEvent::SessionChanged { session_id: 1 },
        );
        assert_eq!(
            *a.recv().await.unwrap(),
            HubEvent::SessionChanged { session_id: 1 }
        );
        assert!(b.try_recv().is_err());
    }

    #[tokio::test]
    async fn forgets_topics_nobody_listens_to() {
        let hub = LocalHub::new();
        let rx = hub.subscribe(Topic::Queue);
        assert_eq!(hub.topic_count(), 1);
        drop(rx);
        hub.publish(Topic::Queue, HubEvent::SessionChanged { session_id: 1 });
        assert_eq!(hub.topic_count(), 0);
        // Publishing with no subscribers at all is fine.
        hub.publish(Topic::Agent(3), HubEvent::AgentCounters { agent_id: 3 });
    }
}
