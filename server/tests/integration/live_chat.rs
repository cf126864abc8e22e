//! Live chat end to end over HTTP and WebSockets, on a real database.
use futures::future::join_all;
use serde_json::{json, Value};

use app::domain::rate_limit::RatePolicy;

use crate::support::{
    expect_error, json, ok, spawn_app, spawn_configured, visitor, ws, Agent, TestApp,
};

#[must_use = "check the response"]
async fn accept(app: &TestApp, agent: &Agent, id: i64) -> reqwest::Response {
    app.call(&agent.client, "accept_chat", &[("id", &id.to_string())])
        .await
}

#[must_use = "check the response"]
async fn agent_send(
    app: &TestApp,
    agent: &Agent,
    id: i64,
    client_id: &str,
    text: &str,
) -> reqwest::Response {
    app.call(
        &agent.client,
        "send_chat_message",
        &[
            ("id", &id.to_string()),
            ("client_id", client_id),
            ("text", text),
        ],
    )
    .await
}

async fn session_id(app: &TestApp, agent: &Agent) -> i64 {
    let q = json(
        app.call(&agent.client, "list_queue", &[("tab", "waiting")])
            .await,
    )
    .await;
    q["rows"].as_array().unwrap().last().unwrap()["id"]
        .as_i64()
        .unwrap()
}

fn seqs(messages: &Value) -> Vec<i64> {
    messages
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["seq"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_visitor_starts_a_chat_that_waits_in_the_queue() {
    let app = spawn_app().await;
    let started = visitor::start(&app, "Vi Visitor", "My order is late").await;
    let public_id = started["session"]["id"].as_str().unwrap();
    assert!(public_id.len() >= 22, "≥128 random bits");
    assert!(public_id.parse::<i64>().is_err(), "not a sequential id");
    assert_eq!(started["session"]["status"], "waiting");
    assert_eq!(started["messages"][0]["seq"], 1);
    assert_eq!(started["messages"][0]["text"], "My order is late");
    assert_eq!(started["agents_available"], false);

    let ada = app.admin().await;
    let q = json(
        app.call(&ada.client, "list_queue", &[("tab", "waiting")])
            .await,
    )
    .await;
    assert_eq!(q["rows"][0]["visitor_name"], "Vi Visitor");
    assert_eq!(q["rows"][0]["preview"], "My order is late");
    assert_eq!(q["counts"]["waiting"], 1);
    let badge = json(app.call(&ada.client, "get_badge", &[]).await).await;
    assert_eq!(
        (badge["waiting"].as_u64(), badge["unread"].as_u64()),
        (Some(1), Some(0))
    );

    let id = session_id(&app, &ada).await;
    let detail = json(
        app.call(&ada.client, "get_chat_session", &[("id", &id.to_string())])
            .await,
    )
    .await;
    assert_eq!(detail["user_agent"], "TestBrowser/1.0");
    assert_eq!(detail["visitor_email"], "vi@example.com");
}

#[tokio::test]
async fn twenty_concurrent_accepts_have_exactly_one_winner() {
    let app = spawn_app().await;
    visitor::start(&app, "Vi", "Hello").await;
    let mut agents = Vec::new();
    for i in 0..20 {
        agents.push(
            app.agent(&format!("a{i}@example.com"), &format!("Agent {i}"), false)
                .await,
        );
    }
    let id = session_id(&app, &agents[0]).await;
    let results = join_all(agents.iter().map(|a| accept(&app, a, id))).await;
    let mut winners = 0;
    let mut losers = Vec::new();
    for res in results {
        match res.status().as_u16() {
            200 => winners += 1,
            409 => losers.push(json(res).await),
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(winners, 1);
    assert_eq!(losers.len(), 19);
    let detail = json(
        app.call(
            &agents[0].client,
            "get_chat_session",
            &[("id", &id.to_string())],
        )
        .await,
    )
    .await;
    let winner = detail["agent_name"].as_str().unwrap();
    for l in &losers {
        assert_eq!(l["message"], format!("Already accepted by {winner}"));
    }
    // One "joined" line, and seqs stay dense.
    let joined: Vec<_> = detail["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["text"].as_str().unwrap().ends_with("joined"))
        .collect();
    assert_eq!(joined.len(), 1);
    assert_eq!(seqs(&detail["messages"]), vec![1, 2]);
}

#[tokio::test]
async fn messages_flow_both_ways_live() {
    let app = spawn_app().await;
    let started = visitor::start(&app, "Vi", "Hi there").await;
    let token = visitor::token(&started);
    let ada = app.admin().await;
    let id = session_id(&app, &ada).await;

    let (mut vsock, _) = ws::visitor(&app, &token, 1).await;
    let mut asock = app.agent_socket(&ada).await;
    asock.next_of("badge").await;
    asock
        .send(json!({ "type": "watch", "session_id": id, "after": 0 }))
        .await;
    assert_eq!(asock.next_of("session").await["status"], "waiting");
    assert_eq!(asock.next_of("message").await["message"]["seq"], 1);

    assert_eq!(accept(&app, &ada, id).await.status(), 200);
    let joined = vsock.next_of("message").await;
    assert_eq!(joined["message"]["text"], "Ada Admin joined");
    assert_eq!(joined["message"]["sender"], "system");
    let changed = vsock.next_of("session").await;
    assert_eq!(changed["session"]["status"], "active");
    assert_eq!(changed["session"]["agent_name"], "Ada Admin");

    let sent = json(agent_send(&app, &ada, id, "a-1", "How can I help?").await).await;
    assert_eq!(sent["seq"], 3);
    let got = vsock.next_of("message").await;
    assert_eq!(got["message"]["text"], "How can I help?");
    assert_eq!(got["message"]["author"], "Ada Admin");

    let res = visitor::send(&app, &token, "v-2", "My parcel <b>never</b> came").await;
    assert_eq!(res.status(), 200);
    // The agent sees it live (after its own messages, in order).
    let mut texts = Vec::new();
    while texts.len() < 3 {
        texts.push(
            asock.next_of("message").await["message"]["text"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    assert_eq!(
        texts,
        [
            "Ada Admin joined",
            "How can I help?",
            "My parcel <b>never</b> came"
        ]
    );

    // Typing reaches the other side; it is not stored.
    asock
        .send(json!({ "type": "typing", "session_id": id, "typing": true }))
        .await;
    let typing = vsock.next_of("typing").await;
    assert_eq!(
        typing,
        json!({ "type": "typing", "typing": true, "name": "Ada Admin" })
    );
}

#[tokio::test]
async fn a_reconnecting_visitor_gets_exactly_what_it_missed() {
    let app = spawn_app().await;
    let started = visitor::start(&app, "Vi", "Hello").await;
    let token = visitor::token(&started);
    let ada = app.admin().await;
    let id = session_id(&app, &ada).await;

    let (sock, _) = ws::visitor(&app, &token, 1).await;
    sock.close().await;
    // While the visitor is away: accept + three messages (seq 2..=5).
    ok(accept(&app, &ada, id).await).await;
    for (i, text) in ["one", "two", "three"].iter().enumerate() {
        ok(agent_send(&app, &ada, id, &format!("a-{i}"), text).await).await;
    }
    let (mut sock, ready) = ws::visitor(&app, &token, 1).await;
    assert_eq!(ready["session"]["status"], "active");
    let mut got = Vec::new();
    for _ in 0..4 {
        got.push(
            sock.next_of("message").await["message"]["seq"]
                .as_i64()
                .unwrap(),
        );
    }
    assert_eq!(got, vec![2, 3, 4, 5]);
    sock.until_pong(&["session", "typing"]).await;

    // And live again afterwards: the next message once.
    assert_eq!(
        agent_send(&app, &ada, id, "a-9", "four").await.status(),
        200
    );
    assert_eq!(sock.next_of("message").await["message"]["seq"], 6);
    sock.until_pong(&["session"]).await;
}

#[tokio::test]
async fn a_reconnecting_agent_gets_exactly_what_it_missed() {
    let app = spawn_app().await;
    let started = visitor::start(&app, "Vi", "Hello").await;
    let token = visitor::token(&started);
    let ada = app.admin().await;
    let id = session_id(&app, &ada).await;
    ok(accept(&app, &ada, id).await).await;
    for i in 0..3 {
        ok(visitor::send(&app, &token, &format!("v-{i}"), &format!("msg {i}")).await).await;
    }
    let mut sock = app.agent_socket(&ada).await;
    sock.send(json!({ "type": "watch", "session_id": id, "after": 3 }))
        .await;
    let mut got = Vec::new();
    for _ in 0..2 {
        got.push(
            sock.next_of("message").await["message"]["seq"]
                .as_i64()
                .unwrap(),
        );
    }
    assert_eq!(got, vec![4, 5]);
}

#[tokio::test]
async fn a_retried_send_is_stored_once() {
    let app = spawn_app().await;
    let started = visitor::start(&app, "Vi", "Hello").await;
    let token = visitor::token(&started);
    let first = json(visitor::send(&app, &token, "same-id", "Are you there?").await).await;
    let again = json(visitor::send(&app, &token, "same-id", "Are you there?").await).await;
    assert_eq!(first, again);
    // Concurrent duplicates too.
    let results = join_all((0..5).map(|_| visitor::send(&app, &token, "dup-2", "Hello?"))).await;
    let mut seen = Vec::new();
    for r in results {
        assert_eq!(r.status(), 200);
        seen.push(json(r).await["seq"].as_i64().unwrap());
    }
    seen.dedup();
    assert_eq!(seen.len(), 1, "one seq for all five");
    let state = json(visitor::get(&app, &token).await).await;
    assert_eq!(seqs(&state["messages"]), vec![1, 2, 3]);
}

#[tokio::test]
async fn a_visitor_token_opens_its_own_session_only() {
    let app = spawn_app().await;
    let a = visitor::start(&app, "Alice", "From A").await;
    let b = visitor::start(&app, "Bob", "From B").await;
    let (ta, tb) = (visitor::token(&a), visitor::token(&b));
    ok(visitor::send(&app, &ta, "a-2", "secret of A").await).await;

    let state_b = json(visitor::get(&app, &tb).await).await;
    assert_eq!(state_b["session"]["visitor_name"], "Bob");
    let texts: Vec<&str> = state_b["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["From B"]);

    expect_error(visitor::get(&app, "not-a-token").await, 401, "unauthorized").await;
    expect_error(
        visitor::send(&app, "forged", "x", "hi").await,
        401,
        "unauthorized",
    )
    .await;
    let res = reqwest::Client::new()
        .get(app.url("/v1/visitor/session"))
        .send()
        .await
        .unwrap();
    expect_error(res, 401, "unauthorized").await;

    // On the socket, a wrong token gets an error frame and a close.
    let mut s = ws::connect(&app, "/v1/visitor/live", &[]).await.unwrap();
    s.send(json!({ "type": "hello", "token": "forged", "after": 0 }))
        .await;
    let err = s.next().await;
    assert_eq!(err["type"], "error");
    assert_eq!(err["code"], "unauthorized");
    assert_eq!(s.closed_with().await, 4401);
}

#[tokio::test]
async fn bad_visitor_input_gets_clear_errors_and_stores_nothing() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({ "name": "", "message": "hi", "client_id": "c" }),
            "name",
        ),
        (
            json!({ "name": "Vi", "message": "   ", "client_id": "c" }),
            "message",
        ),
        (
            json!({ "name": "Vi", "message": "x".repeat(4001), "client_id": "c" }),
            "message",
        ),
        (
            json!({ "name": "Vi", "email": "nope", "message": "hi", "client_id": "c" }),
            "email",
        ),
        (
            json!({ "name": "Vi", "message": "hi", "client_id": "has space" }),
            "client_id",
        ),
    ];
    for (body, field) in cases {
        let err = expect_error(visitor::start_raw(&app, &body).await, 422, "validation").await;
        assert_eq!(err["field"], field, "{err}");
    }
    let err = expect_error(
        visitor::start_raw(&app, &json!({ "name": "Vi" })).await,
        422,
        "validation",
    )
    .await;
    assert!(
        err["message"].as_str().unwrap().contains("missing field"),
        "{err}"
    );
    let big = json!({ "name": "Vi", "message": "x".repeat(40_000), "client_id": "c" });
    expect_error(
        visitor::start_raw(&app, &big).await,
        413,
        "payload_too_large",
    )
    .await;

    let ada = app.admin().await;
    let q = json(
        app.call(&ada.client, "list_queue", &[("tab", "waiting")])
            .await,
    )
    .await;
    assert_eq!(q["rows"].as_array().unwrap().len(), 0, "nothing stored");

    let started = visitor::start(&app, "Vi", "Hello").await;
    let token = visitor::token(&started);
    expect_error(
        visitor::send(&app, &token, "c2", "").await,
        422,
        "validation",
    )
    .await;
    expect_error(
        visitor::send(&app, &token, "c3", &"y".repeat(4001)).await,
        422,
        "validation",
    )
    .await;
    let state = json(visitor::get(&app, &token).await).await;
    assert_eq!(seqs(&state["messages"]), vec![1]);
}

#[tokio::test]
async fn transitions_that_do_not_apply_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let started = visitor::start(&app, "Vi", "Hello").await;
    let token = visitor::token(&started);
    let ada = app.admin().await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let cy = app.agent("cy@example.com", "Cy", false).await;
    let id = session_id(&app, &ada).await;
    let sid = id.to_string();

    // Waiting: no close, no agent message.
    let e = expect_error(
        app.call(&bob.client, "close_chat", &[("id", &sid)]).await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(e["message"], "Accept this chat first.");
    expect_error(
        agent_send(&app, &bob, id, "b-1", "hi").await,
        409,
        "conflict",
    )
    .await;

    assert_eq!(accept(&app, &bob, id).await.status(), 200);
    // Not Cy's chat.
    expect_error(
        app.call(&cy.client, "close_chat", &[("id", &sid)]).await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        agent_send(&app, &cy, id, "c-1", "hi").await,
        409,
        "conflict",
    )
    .await;
    // An admin may close it.
    assert_eq!(
        app.call(&ada.client, "close_chat", &[("id", &sid)])
            .await
            .status(),
        200
    );

    // Closed: nothing more.
    let e = expect_error(
        visitor::send(&app, &token, "v-9", "hello?").await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(e["message"], "This chat has ended.");
    expect_error(visitor::end(&app, &token).await, 409, "conflict").await;
    expect_error(accept(&app, &cy, id).await, 409, "conflict").await;
    expect_error(
        app.call(&bob.client, "close_chat", &[("id", &sid)]).await,
        409,
        "conflict",
    )
    .await;
    let detail = json(
        app.call(&ada.client, "get_chat_session", &[("id", &sid)])
            .await,
    )
    .await;
    assert_eq!(detail["status"], "closed");
    let texts: Vec<&str> = detail["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Hello", "Bob joined", "Chat closed by Ada Admin"]);

    expect_error(
        app.call(&ada.client, "accept_chat", &[("id", "9999")])
            .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn the_visitor_can_end_a_waiting_chat() {
    let app = spawn_app().await;
    let started = visitor::start(&app, "Vi", "Hello").await;
    let token = visitor::token(&started);
    let ended = json(visitor::end(&app, &token).await).await;
    assert_eq!(ended["status"], "closed");
    let ada = app.admin().await;
    let q = json(
        app.call(&ada.client, "list_queue", &[("tab", "closed")])
            .await,
    )
    .await;
    assert_eq!(q["rows"][0]["visitor_name"], "Vi");
    let state = json(visitor::get(&app, &token).await).await;
    assert_eq!(state["messages"][1]["text"], "Chat ended by the visitor");
}

#[tokio::test]
async fn agent_endpoints_refuse_visitors() {
    let app = spawn_app().await;
    let started = visitor::start(&app, "Vi", "Hello").await;
    let token = visitor::token(&started);
    let c = reqwest::Client::new();
    for name in [
        "list_queue",
        "accept_chat",
        "get_badge",
        "send_chat_message",
    ] {
        let res = c
            .post(app.url(&format!("/api/{name}")))
            .bearer_auth(&token)
            .header("origin", app.origin())
            .header("content-type", "application/x-www-form-urlencoded")
            .body("tab=waiting&id=1&client_id=x&text=hi")
            .send()
            .await
            .unwrap();
        expect_error(res, 401, "unauthorized").await;
    }
    assert_eq!(ws::connect(&app, "/ws/agent", &[]).await.err(), Some(401));
}

#[tokio::test]
async fn sockets_check_the_origin() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let foreign = [
        ("cookie", ada.cookie.as_str()),
        ("origin", "http://evil.example"),
    ];
    assert_eq!(
        ws::connect(&app, "/ws/agent", &foreign).await.err(),
        Some(403)
    );
    let own = format!("http://{}", app.addr);
    let same = [("cookie", ada.cookie.as_str()), ("origin", own.as_str())];
    assert!(ws::connect(&app, "/ws/agent", &same).await.is_ok());
    // The widget's socket accepts any site by default.
    assert!(ws::connect(
        &app,
        "/v1/visitor/live",
        &[("origin", "http://shop.example")]
    )
    .await
    .is_ok());
}

#[tokio::test]
async fn widget_origins_can_be_restricted() {
    let app = crate::support::spawn_configured(|c| {
        c.widget_origins = server::config::OriginPolicy::List(vec!["http://shop.example".into()]);
    })
    .await;
    assert!(ws::connect(
        &app,
        "/v1/visitor/live",
        &[("origin", "http://shop.example")]
    )
    .await
    .is_ok());
    assert_eq!(
        ws::connect(
            &app,
            "/v1/visitor/live",
            &[("origin", "http://other.example")]
        )
        .await
        .err(),
        Some(403)
    );
    let res = reqwest::Client::new()
        .get(app.url("/v1/visitor/availability"))
        .header("origin", "http://shop.example")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "http://shop.example"
    );
}

#[tokio::test]
async fn starting_chats_and_sending_are_rate_limited() {
    let app = spawn_app().await;
    for i in 0..5 {
        visitor::start(&app, "Vi", &format!("attempt {i}")).await;
    }
    let body = json!({ "name": "Vi", "message": "one more", "client_id": "c" });
    let res = visitor::start_raw(&app, &body).await;
    assert_retry_after(&res);
    let e = expect_error(res, 429, "rate_limited").await;
    assert!(e["retry_after_secs"].as_u64().unwrap() >= 1, "{e}");

    // Messages: a burst, then a steady rate (one an hour here, so the clock cannot refill
    // the bucket while the test runs however slow the machine is).
    let app = spawn_configured(|c| {
        c.visitor_messages = RatePolicy {
            burst: 10,
            per: std::time::Duration::from_secs(3600),
        }
    })
    .await;
    let token = visitor::token(&visitor::start(&app, "Vi", "Hello").await);
    for i in 0..10 {
        assert_eq!(
            visitor::send(&app, &token, &format!("m{i}"), "spam")
                .await
                .status(),
            200
        );
    }
    let res = visitor::send(&app, &token, "m10", "spam").await;
    assert_retry_after(&res);
    let e = expect_error(res, 429, "rate_limited").await;
    assert!(e["retry_after_secs"].as_u64().unwrap() > 3000, "{e}");
}

/// Every 429 says when to come back, in the header and the body.
fn assert_retry_after(res: &reqwest::Response) {
    let secs: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(secs >= 1);
}

#[tokio::test]
async fn badge_counts_waiting_chats_and_my_unread_messages() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let token = visitor::token(&visitor::start(&app, "Vi", "Hello").await);
    visitor::start(&app, "Wu", "Second").await;
    let mut sock = app.agent_socket(&ada).await;
    assert_eq!(
        sock.next_of("badge").await["badge"],
        json!({ "waiting": 2, "unread": 0, "channel_unread": 0, "mentions": 0 })
    );

    let q = json(
        app.call(&ada.client, "list_queue", &[("tab", "waiting")])
            .await,
    )
    .await;
    let vi = q["rows"][0]["id"].as_i64().unwrap();
    ok(accept(&app, &ada, vi).await).await;
    assert_eq!(sock.next_of("queue").await["change"], "accepted");
    assert_eq!(
        sock.next_of("badge").await["badge"],
        json!({ "waiting": 1, "unread": 0, "channel_unread": 0, "mentions": 0 })
    );

    ok(visitor::send(&app, &token, "v-1", "Are you there?").await).await;
    ok(visitor::send(&app, &token, "v-2", "Hello??").await).await;
    let mut badge = sock.next_of("badge").await;
    while badge["badge"]["unread"] != 2 {
        badge = sock.next_of("badge").await;
    }
    assert_eq!(
        (
            badge["badge"]["waiting"].as_u64(),
            badge["badge"]["unread"].as_u64()
        ),
        (Some(1), Some(2))
    );
    let active = json(
        app.call(&ada.client, "list_queue", &[("tab", "active")])
            .await,
    )
    .await;
    assert_eq!(active["rows"][0]["unread"], 2);

    // Reading clears them.
    sock.send(json!({ "type": "read", "session_id": vi, "seq": 4 }))
        .await;
    let mut badge = sock.next_of("badge").await;
    while badge["badge"]["unread"] != 0 {
        badge = sock.next_of("badge").await;
    }
    assert_eq!(
        json(app.call(&ada.client, "get_badge", &[]).await).await,
        json!({ "waiting": 1, "unread": 0, "channel_unread": 0, "mentions": 0 })
    );
}

#[tokio::test]
async fn availability_follows_connected_available_agents() {
    let app = spawn_app().await;
    let avail = || async {
        json(
            reqwest::Client::new()
                .get(app.url("/v1/visitor/availability"))
                .send()
                .await
                .unwrap(),
        )
        .await["agents_available"]
            .as_bool()
            .unwrap()
    };
    assert!(!avail().await, "nobody connected");
    let ada = app.admin().await;
    let mut sock = app.agent_socket(&ada).await;
    sock.next_of("badge").await;
    assert!(avail().await, "Ada is connected and Available");
    ok(app
        .call(&ada.client, "set_my_status", &[("status", "away")])
        .await)
    .await;
    assert!(!avail().await, "Ada is Away");
    ok(app
        .call(&ada.client, "set_my_status", &[("status", "available")])
        .await)
    .await;
    assert!(avail().await);
}

#[tokio::test]
async fn chats_survive_a_server_restart() {
    let app = spawn_app().await;
    let token = visitor::token(&visitor::start(&app, "Vi", "Before restart").await);
    let (mut sock, _) = ws::visitor(&app, &token, 0).await;
    sock.next_of("message").await;
    let app = app.restart().await;
    assert_eq!(
        sock.closed_with().await,
        1012,
        "closed by the shutdown: reconnect"
    );
    ok(visitor::send(&app, &token, "v-2", "After restart").await).await;
    let (mut sock, ready) = ws::visitor(&app, &token, 1).await;
    assert_eq!(ready["session"]["status"], "waiting");
    assert_eq!(
        sock.next_of("message").await["message"]["text"],
        "After restart"
    );
}

#[tokio::test]
async fn the_closed_tab_is_paginated_most_recent_first() {
    use app::domain::visitor_input::NewChat;
    use app::ssr::chat::sessions;

    let app = spawn_app().await;
    let ada = app.admin().await;
    // Seed below the HTTP layer (the per-address start limit would stop us at 5).
    for i in 0..27 {
        let chat = NewChat::parse(
            protocol::visitor::StartChat {
                name: format!("V{i}"),
                email: None,
                message: "hi".into(),
                client_id: "c".into(),
                page_url: None,
                time_zone: None,
            },
            None,
        )
        .unwrap();
        let started = sessions::start(&app.db, app.state.hub.as_ref(), chat)
            .await
            .unwrap();
        sessions::end_by_visitor(&app.db, app.state.hub.as_ref(), &started.session)
            .await
            .unwrap();
    }
    let page = |n: &'static str| {
        let app = &app;
        let ada = &ada;
        async move {
            json(
                app.call(&ada.client, "list_queue", &[("tab", "closed"), ("page", n)])
                    .await,
            )
            .await
        }
    };
    let page0 = page("0").await;
    let names: Vec<&str> = page0["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["visitor_name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 25);
    assert_eq!(names[0], "V26", "most recent first");
    assert_eq!(page0["has_more"], true);
    let page1 = page("1").await;
    let names: Vec<&str> = page1["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["visitor_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["V1", "V0"]);
    assert_eq!(page1["has_more"], false);
}
