use serde_json::json as obj;

use crate::support::{json, ok, spawn_app, spawn_configured, visitor, ws};

#[tokio::test]
async fn healthz_checks_the_database() {
    let app = spawn_app().await;
    let res = app.client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let body = json(res).await;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn healthz_reports_a_closed_database() {
    let app = spawn_app().await;
    app.db.clone().close().await.unwrap();
    let res = app.client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 503);
}

/// One sample's value in the Prometheus text (`name{labels} value`).
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(name) && l[name.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn metrics_are_served_on_their_own_address_only() {
    let app = spawn_configured(|c| {
        c.metrics_addr = Some("127.0.0.1:0".into());
        c.new_chat_burst = 1;
    })
    .await;
    let metrics_url = format!(
        "http://{}/metrics",
        app.metrics_addr.expect("a metrics listener")
    );
    let before = reqwest::get(&metrics_url)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let stored_before = sample(&before, "chat_messages_stored_total").unwrap_or(0.0);

    // A visitor's message reaches an agent's socket: stored once, delivered once (at least;
    // other tests in this process count too, so only growth is checked).
    let ada = app.admin().await;
    let mut sock = app.agent_socket(&ada).await;
    sock.next_of("badge").await;
    let token = visitor::token(&visitor::start(&app, "Vi", "hello").await);
    let id = app.newest_waiting_id(&ada).await;
    sock.send(obj!({ "type": "watch", "session_id": id, "after": 0 }))
        .await;
    sock.next_of("message").await;
    ok(visitor::send(&app, &token, "m1", "second").await).await;
    sock.next_of("message").await;
    let (_v, _) = ws::visitor(&app, &token, 0).await;
    // A second chat from the same address is over the limit.
    let refused = visitor::start_raw(
        &app,
        &obj!({ "name": "Vi", "email": "vi@example.com", "message": "again", "client_id": "c2" }),
    )
    .await;
    assert_eq!(refused.status(), 429);

    let res = reqwest::get(&metrics_url).await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text"),
        "{:?}",
        res.headers()
    );
    let text = res.text().await.unwrap();
    assert!(
        sample(&text, "chat_messages_stored_total").unwrap() >= stored_before + 1.0,
        "{text}"
    );
    assert!(
        sample(&text, "chat_messages_delivered_total").unwrap() >= 2.0,
        "{text}"
    );
    assert!(
        sample(&text, "chat_open_sockets{kind=\"agent\"}").unwrap() >= 1.0,
        "{text}"
    );
    assert!(
        sample(&text, "chat_open_sockets{kind=\"visitor\"}").unwrap() >= 1.0,
        "{text}"
    );
    assert!(
        sample(&text, "chat_commit_seconds_count").unwrap() >= 1.0,
        "{text}"
    );
    for family in [
        "chat_commit_batch_size",
        "chat_hub_notification_lag_seconds",
        "chat_hub_listener_reconnects",
    ] {
        assert!(
            text.contains(&format!("# TYPE {family} ")),
            "{family}: {text}"
        );
    }

    assert!(
        sample(&text, "chat_rate_limited_total{limit=\"new_chat\"}").unwrap() >= 1.0,
        "{text}"
    );

    // Not on the app's own address, even for a signed-in agent.
    let res = ada.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(!res.text().await.unwrap().contains("chat_open_sockets"));
}

#[tokio::test]
async fn a_bad_metrics_address_stops_the_start() {
    let db = crate::support::TestDb::new().await;
    let mut config = crate::support::config_for(&db.url);
    config.metrics_addr = Some("everywhere".into());
    let leptos = leptos_config::LeptosOptions::builder()
        .output_name("chat")
        .site_root("target/site")
        .build();
    let err = server::startup::Server::build(&config, leptos)
        .await
        .err()
        .expect("refused");
    assert!(err.0.contains("CHAT_METRICS_ADDR"), "{err}");
}
