//! The in-process hub: one broadcast channel per topic with subscribers.
//!
//! Implements `app::ssr::hub::Hub`. Several instances on one PostgreSQL use `PgHub`, which
//! delivers through this one locally and forwards wake-ups with LISTEN/NOTIFY; features do
//! not change.
mod postgres;
mod wake;

pub use postgres::PgHub;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use app::ssr::hub::{Hub, HubEvent, Subscription, Topic};
use tokio::sync::broadcast;

/// Events a subscriber may fall behind by before it must re-read from the database.
const CAPACITY: usize = 256;

type Topics = Mutex<HashMap<Topic, broadcast::Sender<Arc<HubEvent>>>>;

#[derive(Default)]
pub struct LocalHub {
    topics: Arc<Topics>,
}

impl LocalHub {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether anyone here listens to `topic`.
    pub fn is_heard(&self, topic: Topic) -> bool {
        self.topics
            .lock()
            .map(|t| t.contains_key(&topic))
            .unwrap_or(false)
    }

    /// `event` to every subscriber of every topic.
    pub fn publish_to_all(&self, event: HubEvent) {
        let Ok(topics) = self.topics.lock() else {
            return;
        };
        let event = Arc::new(event);
        for tx in topics.values() {
            let _ = tx.send(event.clone());
        }
    }
}

/// Runs when a subscription is dropped: the topic goes with its last subscriber. Checked
/// under the lock that `subscribe` takes, so a new subscriber is never left on a removed
/// channel.
fn forget_if_unheard(topics: &Weak<Topics>, topic: Topic) {
    let Some(topics) = topics.upgrade() else {
        return;
    };
    let Ok(mut map) = topics.lock() else {
        return;
    };
    if map.get(&topic).is_some_and(|tx| tx.receiver_count() == 0) {
        map.remove(&topic);
    }
}

impl Hub for LocalHub {
    fn publish(&self, topic: Topic, event: HubEvent) {
        let Ok(topics) = self.topics.lock() else {
            return;
        };
        if let Some(tx) = topics.get(&topic) {
            let _ = tx.send(Arc::new(event));
        }
    }

    fn subscribe(&self, topic: Topic) -> Subscription {
        let rx = match self.topics.lock() {
            Ok(mut topics) => topics
                .entry(topic)
                .or_insert_with(|| broadcast::channel(CAPACITY).0)
                .subscribe(),
            // A poisoned lock means a panic elsewhere; a closed subscription ends the
            // connection.
            Err(_) => return Subscription::closed(),
        };
        let topics = Arc::downgrade(&self.topics);
        Subscription::new(rx, move || forget_if_unheard(&topics, topic))
    }

    fn topic_count(&self) -> usize {
        self.topics.lock().map(|t| t.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::models::agent::AgentId;
    use app::models::chat::ChatSessionId;

    const ONE: ChatSessionId = ChatSessionId(1);

    #[tokio::test]
    async fn delivers_to_subscribers_of_the_topic_only() {
        let hub = LocalHub::new();
        let mut a = hub.subscribe(Topic::Session(ONE));
        let mut b = hub.subscribe(Topic::Session(ChatSessionId(2)));
        hub.publish(
            Topic::Session(ONE),
            HubEvent::SessionChanged { session_id: ONE },
        );
        assert_eq!(
            *a.recv().await.unwrap(),
            HubEvent::SessionChanged { session_id: ONE }
        );
        assert!(b.try_recv().is_err());
    }

    #[tokio::test]
    async fn a_topic_goes_with_its_last_subscriber() {
        let hub = LocalHub::new();
        let a = hub.subscribe(Topic::Queue);
        let b = hub.subscribe(Topic::Queue);
        assert_eq!(hub.topic_count(), 1);
        drop(a);
        assert_eq!(hub.topic_count(), 1, "b still listens");
        drop(b);
        assert_eq!(hub.topic_count(), 0, "forgotten without any publish");
        // Publishing with no subscribers at all is fine and creates nothing.
        hub.publish(
            Topic::Agent(AgentId(3)),
            HubEvent::AgentCounters {
                agent_id: AgentId(3),
                unread: None,
            },
        );
        assert_eq!(hub.topic_count(), 0);
    }

    #[tokio::test]
    async fn resubscribing_after_the_topic_was_forgotten_works() {
        let hub = LocalHub::new();
        drop(hub.subscribe(Topic::Session(ChatSessionId(7))));
        let mut again = hub.subscribe(Topic::Session(ChatSessionId(7)));
        hub.publish(
            Topic::Session(ChatSessionId(7)),
            HubEvent::SessionChanged {
                session_id: ChatSessionId(7),
            },
        );
        assert!(again.recv().await.is_ok());
    }
}
