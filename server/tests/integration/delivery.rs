//! The delivery promise of docs/realtime.md: every committed message reaches every reader
//! once and in order, through concurrent writers, reconnects, and subscribers that fall
//! behind the hub.
use std::time::Duration;

use serde_json::{json, Value};

use app::domain::rate_limit::RatePolicy;
use app::models::agent::CurrentAgent;
use app::models::channel::{ChannelId, PostKind};
use app::models::chat::ChatSessionId;
use app::ssr::channels::posts::{self, NewPost};
use app::ssr::chat::{posting, sessions};
use app::ssr::hub::{Hub, HubEvent, Subscription, Topic};

use crate::support::{json as body, ok, spawn_configured, visitor, ws, TestApp};

/// A hub that tells no one: writes through it are committed but never announced, the way
/// a notification is lost when a subscriber falls behind.
struct SilentHub;

impl Hub for SilentHub {
    fn publish(&self, _: Topic, _: HubEvent) {}
    fn subscribe(&self, _: Topic) -> Subscription {
        Subscription::closed()
    }
    fn topic_count(&self) -> usize {
        0
    }
}

/// More events than a subscriber's buffer (256), published without yielding: every socket
/// on `topic` falls behind. (Tests run on one thread, so no socket task runs in between.)
fn overflow(app: &TestApp, topic: Topic, session_id: ChatSessionId) {
    for _ in 0..300 {
        app.state.hub.publish(
            topic,
            HubEvent::Typing {
                session_id,
                from_visitor: false,
                name: None,
                typing: false,
            },
        );
    }
}

/// Reads message frames until `last` arrives; returns their positions in arrival order.
async fn seqs_until(sock: &mut ws::Socket, last: i64) -> Vec<i64> {
    let mut got = Vec::new();
    while got.last() != Some(&last) {
        let f = sock.next_of("message").await;
        got.push(f["message"]["seq"].as_i64().unwrap());
        assert!(
            got.len() <= last as usize,
            "more frames than messages: {got:?}"
        );
    }
    got
}

async fn accepted_chat(app: &TestApp) -> (crate::support::Agent, String, i64) {
    let ada = app.admin().await;
    let token = visitor::token(&visitor::start(app, "Vi", "Hello").await);
    let id = app.newest_waiting_id(&ada).await;
    ok(app
        .call(&ada.client, "accept_chat", &[("id", &id.to_string())])
        .await)
    .await;
    (ada, token, id)
}

#[tokio::test]
async fn concurrent_sends_from_both_sides_reach_both_sockets_once_in_order() {
    let app = spawn_configured(|c| {
        c.visitor_messages = RatePolicy {
            burst: 1000,
            per: Duration::from_millis(1),
        }
    })
    .await;
    let (ada, token, id) = accepted_chat(&app).await;
    let (mut vsock, _) = ws::visitor(&app, &token, 0).await;
    let mut asock = app.agent_socket(&ada).await;
    asock
        .send(json!({ "type": "watch", "session_id": id, "after": 0 }))
        .await;
    // A second visitor tab that leaves in the middle and comes back.
    let (mut tab, _) = ws::visitor(&app, &token, 0).await;

    const EACH: usize = 25;
    let last = 2 + 2 * EACH as i64; // the first message, "Ada joined", then the sends
    let url = app.url("");
    let (vtoken, aclient) = (token.clone(), ada.client.clone());
    let writers = tokio::spawn(async move {
        let visitor_sends = (0..EACH).map(|i| {
            let (url, token) = (url.clone(), vtoken.clone());
            async move {
                reqwest::Client::new()
                    .post(format!("{url}/v1/visitor/messages"))
                    .bearer_auth(token)
                    .json(&json!({ "client_id": format!("v{i}"), "text": format!("from vi {i}") }))
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        });
        let agent_sends = (0..EACH).map(|i| {
            let (url, c) = (url.clone(), aclient.clone());
            async move {
                c.post(format!("{url}/api/send_chat_message"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(format!("id={id}&client_id=a{i}&text=from+ada+{i}"))
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        });
        let (v, a) = futures::join!(
            futures::future::join_all(visitor_sends),
            futures::future::join_all(agent_sends)
        );
        v.into_iter().chain(a).collect::<Vec<_>>()
    });

    // The tab reads a little, goes away, and resumes from what it has.
    let mut tab_seqs = Vec::new();
    while tab_seqs.len() < 10 {
        tab_seqs.push(
            tab.next_of("message").await["message"]["seq"]
                .as_i64()
                .unwrap(),
        );
    }
    tab.close().await;
    let (mut tab, _) = ws::visitor(&app, &token, *tab_seqs.last().unwrap()).await;

    for status in writers.await.unwrap() {
        assert_eq!(status, 200);
    }
    let expected: Vec<i64> = (1..=last).collect();
    assert_eq!(
        seqs_until(&mut vsock, last).await,
        expected,
        "visitor socket"
    );
    assert_eq!(seqs_until(&mut asock, last).await, expected, "agent socket");
    tab_seqs.extend(seqs_until(&mut tab, last).await);
    assert_eq!(tab_seqs, expected, "a reconnecting tab");
    // And nothing after the last one.
    vsock.until_pong(&["session", "typing"]).await;
    asock
        .until_pong(&["session", "typing", "badge", "queue"])
        .await;
    tab.until_pong(&["session", "typing"]).await;

    // The database agrees: positions 1..=last, each once.
    let stored = body(visitor::get(&app, &token).await).await;
    let stored: Vec<i64> = stored["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(stored, expected);
}

#[tokio::test]
async fn sockets_that_fall_behind_the_hub_catch_up_from_the_database() {
    let app = spawn_configured(|_| {}).await;
    let (ada, token, id) = accepted_chat(&app).await;
    let (mut vsock, _) = ws::visitor(&app, &token, 0).await;
    let mut asock = app.agent_socket(&ada).await;
    asock
        .send(json!({ "type": "watch", "session_id": id, "after": 0 }))
        .await;
    assert_eq!(seqs_until(&mut vsock, 2).await, [1, 2]);
    assert_eq!(seqs_until(&mut asock, 2).await, [1, 2]);

    // Three messages committed, their notifications lost, then the sockets' buffers overrun.
    let session = sessions::by_id(&app.db, app::models::chat::ChatSessionId(id))
        .await
        .unwrap();
    for i in 0..3 {
        posting::post(
            &app.db,
            &SilentHub,
            posting::ChatPost {
                session: (&session).into(),
                poster: posting::Poster::Visitor,
                text: format!("quiet {i}"),
                client_id: format!("q{i}"),
            },
        )
        .await
        .unwrap();
    }
    overflow(&app, Topic::Session(ChatSessionId(id)), ChatSessionId(id));
    assert_eq!(seqs_until(&mut vsock, 5).await, [3, 4, 5], "visitor socket");
    assert_eq!(seqs_until(&mut asock, 5).await, [3, 4, 5], "agent socket");
    vsock.until_pong(&["session", "typing"]).await;
    asock
        .until_pong(&["session", "typing", "badge", "queue"])
        .await;
}

#[tokio::test]
async fn a_channel_watcher_that_falls_behind_catches_up_from_the_database() {
    let app = spawn_configured(|_| {}).await;
    let ada = app.admin().await;
    let cid = body(
        app.call(
            &ada.client,
            "create_channel",
            &[
                ("name", "busy"),
                ("description", ""),
                ("folder", ""),
                ("private", "false"),
                ("members", ""),
            ],
        )
        .await,
    )
    .await
    .as_i64()
    .unwrap();
    let mut sock = app.agent_socket(&ada).await;
    sock.send(json!({ "type": "watch_channel", "channel_id": cid, "after": 0 }))
        .await;
    sock.until_pong(&["badge", "channels_changed", "channel_post"])
        .await;
    let me: CurrentAgent =
        app::ssr::auth_sessions::agent_for_token(&app.db, ada.cookie.split_once('=').unwrap().1)
            .await
            .unwrap()
            .unwrap();
    for i in 0..3 {
        posts::insert(
            &app.db,
            &SilentHub,
            ChannelId(cid),
            Some(&me),
            NewPost {
                kind: PostKind::Message,
                body: &format!("quiet {i}"),
                link_url: None,
                client_id: Some(&format!("q{i}")),
            },
        )
        .await
        .unwrap();
    }
    overflow(&app, Topic::Channel(ChannelId(cid)), ChatSessionId(0));
    let mut revs = Vec::new();
    while revs.len() < 3 {
        revs.push(
            sock.next_of("channel_post").await["post"]["rev"]
                .as_i64()
                .unwrap(),
        );
    }
    assert_eq!(revs, [1, 2, 3]);
    sock.until_pong(&["badge", "channels_changed"]).await;
}

#[tokio::test]
async fn the_queue_and_badge_recover_when_an_agent_falls_behind() {
    let app = spawn_configured(|_| {}).await;
    let ada = app.admin().await;
    let mut sock = app.agent_socket(&ada).await;
    assert_eq!(sock.next_of("badge").await["badge"]["waiting"], 0);
    // A chat that started without a word on the hub, then a flood.
    let chat = app::domain::visitor_input::NewChat::parse(
        serde_json::from_value(json!({ "name": "Vi", "message": "hi", "client_id": "c1" }))
            .unwrap(),
        None,
    )
    .unwrap();
    sessions::start(&app.db, &SilentHub, chat).await.unwrap();
    overflow(&app, Topic::Queue, ChatSessionId(0));
    let badge: Value = sock.next_of("badge").await;
    assert_eq!(
        badge["badge"]["waiting"], 1,
        "recounted after falling behind"
    );
}

#[tokio::test]
async fn a_visitor_can_send_on_the_socket_with_the_same_rules_as_http() {
    let app = spawn_configured(|c| {
        c.visitor_messages = RatePolicy {
            burst: 3,
            per: Duration::from_secs(3600),
        }
    })
    .await;
    let (ada, token, id) = accepted_chat(&app).await;
    let (mut sock, _) = ws::visitor(&app, &token, 2).await;
    let (mut other_tab, _) = ws::visitor(&app, &token, 2).await;
    let mut asock = app.agent_socket(&ada).await;
    asock
        .send(json!({ "type": "watch", "session_id": id, "after": 2 }))
        .await;
    asock.until_pong(&["badge", "session"]).await;

    sock.send(json!({ "type": "send", "client_id": "s-1", "text": "over the socket" }))
        .await;
    let sent = sock.next_of("sent").await;
    assert_eq!(sent["client_id"], "s-1");
    assert_eq!(sent["message"]["seq"], 3);
    assert_eq!(sent["message"]["text"], "over the socket");
    // Not echoed to this socket (the answer carried it); the other tab and the agent get it.
    sock.until_pong(&["session", "typing"]).await;
    assert_eq!(other_tab.next_of("message").await["message"]["seq"], 3);
    assert_eq!(asock.next_of("message").await["message"]["seq"], 3);

    // A retry of the same id, over HTTP, is the stored message.
    let again = body(visitor::send(&app, &token, "s-1", "over the socket").await).await;
    assert_eq!(again["seq"], 3);
    // Same id on the socket again: the same answer, nothing new.
    sock.send(json!({ "type": "send", "client_id": "s-1", "text": "over the socket" }))
        .await;
    assert_eq!(sock.next_of("sent").await["message"]["seq"], 3);

    // Refusals: bad input, then the rate limit (3 at once; the retries above counted).
    sock.send(json!({ "type": "send", "client_id": "no spaces", "text": "x" }))
        .await;
    let bad = sock.next_of("not_sent").await;
    assert_eq!(
        (bad["client_id"].as_str(), bad["code"].as_str()),
        (Some("no spaces"), Some("validation"))
    );
    sock.send(json!({ "type": "send", "client_id": "s-2", "text": "one more" }))
        .await;
    let limited = sock.next_of("not_sent").await;
    assert_eq!(limited["code"], "rate_limited");
    assert!(
        limited["retry_after_secs"].as_u64().unwrap() >= 1,
        "{limited}"
    );
}
