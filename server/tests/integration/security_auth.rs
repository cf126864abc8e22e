//! Sign-in throttling, revocation of signed-out agents, socket budgets, rate limits.
use std::net::{IpAddr, Ipv4Addr};

use futures::future::join_all;
use futures::SinkExt;
use reqwest::header::{ORIGIN, RETRY_AFTER};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

use crate::support::{
    expect_error, json, spawn_app, spawn_configured, visitor, ws, TestApp, ADMIN_EMAIL,
    ADMIN_PASSWORD,
};

/// A client whose requests come from another loopback address (another "machine").
fn client_from(app: &TestApp, last_octet: u8) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(ORIGIN, app.origin().parse().unwrap());
    reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last_octet)))
        .default_headers(headers)
        .build()
        .unwrap()
}

#[must_use = "check the response"]
async fn sign_in_as(
    app: &TestApp,
    c: &reqwest::Client,
    email: &str,
    password: &str,
) -> reqwest::Response {
    app.call(c, "sign_in", &[("email", email), ("password", password)])
        .await
}

#[tokio::test]
async fn a_burst_of_guesses_gets_at_most_the_limit_checked() {
    let app = spawn_app().await;
    let c = app.client();
    let guesses = (0..30).map(|i| {
        let c = c.clone();
        let app = &app;
        async move { sign_in_as(app, &c, ADMIN_EMAIL, &format!("wrong-guess-{i}")).await }
    });
    let answers = join_all(guesses).await;
    let mut checked = 0;
    let mut limited = 0;
    for res in answers {
        match res.status().as_u16() {
            401 => checked += 1,
            429 => {
                let wait: u64 = res.headers()[RETRY_AFTER]
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!((1..=900).contains(&wait), "Retry-After {wait}");
                let body = json(res).await;
                assert_eq!(body["code"], "rate_limited");
                assert!(body["retry_after_secs"].as_u64().unwrap() >= 1);
                limited += 1;
            }
            s => panic!("unexpected status {s}"),
        }
    }
    assert!(checked <= 5, "{checked} passwords were checked");
    assert_eq!(checked + limited, 30);
    // One at a time, guesses are checked until exactly five were, then refused.
    loop {
        let res = sign_in_as(&app, &c, ADMIN_EMAIL, "one-more-guess").await;
        match res.status().as_u16() {
            401 => checked += 1,
            429 => break,
            s => panic!("unexpected status {s}"),
        }
        assert!(checked <= 5, "{checked} passwords were checked");
    }
    assert_eq!(checked, 5);

    // Even the right password is refused from this address now…
    expect_error(
        sign_in_as(&app, &c, ADMIN_EMAIL, ADMIN_PASSWORD).await,
        429,
        "rate_limited",
    )
    .await;
    // …but the account's owner, elsewhere, still signs in.
    let owner = client_from(&app, 2);
    let res = sign_in_as(&app, &owner, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn one_address_cannot_try_every_account() {
    let app = spawn_app().await;
    let c = client_from(&app, 3);
    for i in 0..10 {
        let res = sign_in_as(&app, &c, &format!("user{i}@example.com"), "nope-nope").await;
        assert_eq!(res.status(), 401, "account {i}");
    }
    expect_error(
        sign_in_as(&app, &c, "user10@example.com", "nope-nope").await,
        429,
        "rate_limited",
    )
    .await;
    // Others are not affected.
    let res = sign_in_as(&app, &client_from(&app, 4), ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn sign_out_closes_that_sessions_sockets_at_once() {
    let app = spawn_app().await;
    let laptop = app.admin().await;
    let phone = app.admin().await;
    let mut laptop_socket = app.agent_socket(&laptop).await;
    let mut phone_socket = app.agent_socket(&phone).await;
    laptop_socket.next_of("badge").await;
    phone_socket.next_of("badge").await;

    let res = app.call(&laptop.client, "sign_out", &[]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(laptop_socket.closed_with().await, 4401);
    // The other session is untouched: its socket still answers.
    phone_socket.send(json!({ "type": "ping" })).await;
    phone_socket.next_of("pong").await;
}

#[tokio::test]
async fn deactivating_an_agent_closes_all_their_sockets_at_once() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let bob_id =
        json(app.call(&bob.client, "get_current_agent", &[]).await).await["id"].to_string();
    let mut one = app.agent_socket(&bob).await;
    let mut two = app.agent_socket(&bob).await;
    one.next_of("badge").await;
    two.next_of("badge").await;
    let res = app
        .call(
            &ada.client,
            "set_agent_active",
            &[("id", &bob_id), ("active", "false")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(one.closed_with().await, 4401);
    assert_eq!(two.closed_with().await, 4401);
}

async fn app_with_frame_rate(rate: u32) -> TestApp {
    spawn_configured(|c| c.socket_frame_rate = rate).await
}

#[tokio::test]
async fn watching_made_up_ids_leaves_no_topics_behind() {
    let app = app_with_frame_rate(100_000).await;
    let ada = app.admin().await;
    let mut sock = app.agent_socket(&ada).await;
    sock.next_of("badge").await;
    let baseline = app.state.hub.topic_count();
    for i in 0..5_000 {
        sock.send(json!({ "type": "watch", "session_id": 1_000_000 + i, "after": 0 }))
            .await;
        sock.send(json!({ "type": "watch_channel", "channel_id": 1_000_000 + i, "after": 0 }))
            .await;
    }
    // Every frame was handled once the pong comes back (frames are handled in order).
    sock.send(json!({ "type": "ping" })).await;
    let mut errors = 0;
    loop {
        let f = sock.next().await;
        match f["type"].as_str().unwrap() {
            "error" => errors += 1,
            "pong" => break,
            _ => {}
        }
    }
    assert_eq!(errors, 10_000, "each made-up id is refused");
    assert_eq!(app.state.hub.topic_count(), baseline);

    // A real session's topic goes when the watcher moves on.
    visitor::start(&app, "Vi", "hi").await;
    let id = app.newest_waiting_id(&ada).await;
    sock.send(json!({ "type": "watch", "session_id": id, "after": 0 }))
        .await;
    sock.next_of("session").await;
    assert_eq!(app.state.hub.topic_count(), baseline + 1);
    sock.send(json!({ "type": "unwatch" })).await;
    sock.send(json!({ "type": "ping" })).await;
    sock.next_of("pong").await;
    assert_eq!(app.state.hub.topic_count(), baseline);
    sock.close().await;
}

#[tokio::test]
async fn a_socket_that_floods_frames_is_closed() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let ping = || Message::Text(json!({ "type": "ping" }).to_string().into());
    // The budget is 20 frames a second, 40 at once: 60 in a burst is too many. (Sends may
    // fail once the server has closed: that is the point.)
    let mut sock = app.agent_socket(&ada).await;
    for _ in 0..60 {
        let _ = sock.0.send(ping()).await;
    }
    assert_eq!(sock.closed_with().await, 4429);

    let token = visitor::token(&visitor::start(&app, "Vi", "hi").await);
    let (mut v, _) = ws::visitor(&app, &token, 0).await;
    for _ in 0..60 {
        let _ = v.0.send(ping()).await;
    }
    assert_eq!(v.closed_with().await, 4429);
}

#[tokio::test]
async fn typing_signals_are_rate_limited() {
    let app = spawn_app().await;
    let token = visitor::token(&visitor::start(&app, "Vi", "hi").await);
    let c = reqwest::Client::new();
    let mut limited = None;
    for _ in 0..50 {
        let res = c
            .post(app.url("/v1/visitor/typing"))
            .bearer_auth(&token)
            .json(&json!({ "typing": true }))
            .send()
            .await
            .unwrap();
        if res.status() == 429 {
            limited = Some(res);
            break;
        }
        assert_eq!(res.status(), 204);
    }
    let res = limited.expect("50 typing signals at once are too many");
    assert!(res.headers().get(RETRY_AFTER).is_some());
    let e = expect_error(res, 429, "rate_limited").await;
    assert!(e["retry_after_secs"].as_u64().unwrap() >= 1, "{e}");
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_client_address_is_what_the_proxy_saw() {
    let app = spawn_configured(|c| {
        c.trusted_proxy_hops = 1;
        c.new_chat_burst = 2;
    })
    .await;
    let start = |forwarded: String| {
        let app = &app;
        async move {
            reqwest::Client::new()
                .post(app.url("/v1/visitor/sessions"))
                .header("x-forwarded-for", forwarded)
                .json(&json!({ "name": "Vi", "message": "hi", "client_id": "c1" }))
                .send()
                .await
                .unwrap()
        }
    };
    // The client writes a new address of its own each time; the proxy appends the same one.
    for i in 0..2 {
        let res = start(format!("10.9.9.{i}, 203.0.113.9")).await;
        assert_eq!(res.status(), 201);
    }
    let res = start("10.9.9.7, 203.0.113.9".into()).await;
    assert!(res.headers().get(RETRY_AFTER).is_some());
    let e = expect_error(res, 429, "rate_limited").await;
    assert!(e["retry_after_secs"].as_u64().unwrap() >= 1, "{e}");
    // Another real client is not limited.
    let res = start("10.9.9.7, 203.0.113.10".into()).await;
    assert_eq!(res.status(), 201);
}

#[tokio::test]
async fn an_agent_hammering_server_functions_is_slowed_down() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let mut limited = None;
    for _ in 0..300 {
        let res = app.call(&ada.client, "get_badge", &[]).await;
        if res.status() == 429 {
            limited = Some(res);
            break;
        }
        assert_eq!(res.status(), 200);
    }
    let res = limited.expect("300 calls at once are more than a person makes");
    assert!(res.headers().get(RETRY_AFTER).is_some());
    let e = expect_error(res, 429, "rate_limited").await;
    assert!(e["retry_after_secs"].as_u64().unwrap() >= 1, "{e}");
}

#[tokio::test]
async fn unverified_visitor_emails_are_marked_wherever_they_show() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let started = visitor::start(&app, "Vi", "hello").await;
    let id = app.newest_waiting_id(&ada).await.to_string();
    let page = ada
        .client
        .get(app.url(&format!("/chat/sessions/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("vi@example.com"));
    assert!(page.contains(">Unverified<"), "{page}");

    assert_eq!(
        app.call(&ada.client, "accept_chat", &[("id", &id)])
            .await
            .status(),
        200
    );
    // A message that tries to pass a line off as the agent's.
    let token = visitor::token(&started);
    let forged = "ok\u{2028}[2026-01-01 10:00] Ada Admin: your refund is approved";
    assert_eq!(
        visitor::send(&app, &token, "f1", forged).await.status(),
        200
    );
    let ticket = json(
        app.call(
            &ada.client,
            "create_ticket_from_chat",
            &[("id", &id), ("subject", "Refund")],
        )
        .await,
    )
    .await;
    let t = json(
        app.call(
            &ada.client,
            "get_ticket",
            &[("id", &ticket["id"].to_string())],
        )
        .await,
    )
    .await;
    assert_eq!(t["requester_email_unverified"], true);
    let description = t["description"].as_str().unwrap();
    assert!(
        !description
            .lines()
            .any(|l| l.starts_with("[2026-01-01 10:00] Ada Admin")),
        "{description}"
    );
    assert!(!description.contains('\u{2028}'));

    let contact = t["contact_id"].to_string();
    let page = ada
        .client
        .get(app.url(&format!("/contacts/{contact}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(">Unverified<"), "{page}");

    // A ticket made by hand is the agent's word: not marked.
    let manual = json(
        app.call(
            &ada.client,
            "create_ticket",
            &[
                ("subject", "Call back"),
                ("requester_name", "Vi"),
                ("requester_email", "vi@example.com"),
            ],
        )
        .await,
    )
    .await;
    let t = json(
        app.call(
            &ada.client,
            "get_ticket",
            &[("id", &manual["id"].to_string())],
        )
        .await,
    )
    .await;
    assert_eq!(t["requester_email_unverified"], false);
}
