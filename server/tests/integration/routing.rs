//! Routing and capacity: auto-assignment (fair, within each agent's limit, never to the
//! Away), the limit on Accept, races between instances, and My chats on the agent socket.
use std::collections::HashMap;

use serde_json::{json, Value};

use crate::support::{expect_error, ok, spawn_configured, visitor, Agent, TestApp};

async fn agent_id(app: &TestApp, agent: &Agent) -> i64 {
    ok(app.call(&agent.client, "get_current_agent", &[]).await).await["id"]
        .as_i64()
        .unwrap()
}

async fn save_routing(app: &TestApp, admin: &Agent, routing: &str, max: &str) -> reqwest::Response {
    app.call(
        &admin.client,
        "save_live_chat_settings",
        &[("routing", routing), ("max_chats", max)],
    )
    .await
}

async fn rows(app: &TestApp, agent: &Agent, tab: &str) -> Vec<Value> {
    ok(app.call(&agent.client, "list_queue", &[("tab", tab)]).await).await["rows"]
        .as_array()
        .unwrap()
        .clone()
}

/// Active chats per agent name.
async fn spread(app: &TestApp, agent: &Agent) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for row in rows(app, agent, "active").await {
        *out.entry(row["agent_name"].as_str().unwrap_or("?").to_string())
            .or_default() += 1;
    }
    out
}

async fn position(app: &TestApp, token: &str) -> Value {
    ok(visitor::get(app, token).await).await["session"]["queue_position"].clone()
}

fn many_chats() -> impl FnOnce(&mut server::config::Config) {
    |c| c.new_chat_burst = 100
}

#[tokio::test]
async fn forty_chats_three_agents_of_three_fill_evenly_and_the_rest_wait_in_order() {
    let app = spawn_configured(many_chats()).await;
    let admin = app.admin().await;
    let ada = app.agent("ada@example.com", "Ada", false).await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let cy = app.agent("cy@example.com", "Cy", false).await;
    // Connected (present) and Available: all three can be given chats.
    let mut sockets = Vec::new();
    for a in [&ada, &bob, &cy] {
        let mut s = app.agent_socket(a).await;
        s.next_of("badge").await;
        sockets.push(s);
    }
    // Refused settings say why, next to the field.
    let bad = expect_error(
        save_routing(&app, &admin, "auto", "0").await,
        422,
        "validation",
    )
    .await;
    assert_eq!(bad["field"], "max_chats");
    let bad = expect_error(
        save_routing(&app, &admin, "round-robin", "3").await,
        422,
        "validation",
    )
    .await;
    assert_eq!(bad["field"], "routing");
    expect_error(
        save_routing(&app, &ada, "auto", "3").await,
        403,
        "forbidden",
    )
    .await;
    ok(save_routing(&app, &admin, "auto", "3").await).await;

    let mut tokens = Vec::new();
    for i in 0..40 {
        let started = visitor::start(&app, &format!("V{i:02}"), "Hello").await;
        tokens.push(visitor::token(&started));
    }
    let counts = spread(&app, &admin).await;
    assert_eq!(counts.get("Ada"), Some(&3), "{counts:?}");
    assert_eq!(counts.get("Bob"), Some(&3), "{counts:?}");
    assert_eq!(counts.get("Cy"), Some(&3), "{counts:?}");
    assert_eq!(counts.values().sum::<usize>(), 9);
    // The first nine were assigned (each explained to both sides); the rest wait in order.
    for (i, token) in tokens.iter().enumerate() {
        let state = ok(visitor::get(&app, token).await).await;
        if i < 9 {
            assert_eq!(state["session"]["status"], "active", "chat {i}");
            let lines: Vec<&str> = state["messages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["text"].as_str().unwrap())
                .collect();
            let agent = state["session"]["agent_name"].as_str().unwrap();
            assert_eq!(lines, ["Hello", &format!("Assigned to {agent}")]);
        } else {
            assert_eq!(state["session"]["status"], "waiting", "chat {i}");
            assert_eq!(state["session"]["queue_position"], json!(i - 8), "chat {i}");
        }
    }
    assert_eq!(rows(&app, &admin, "waiting").await.len(), 31);

    // Capacity frees: Bob closes one, and the oldest waiting chat (V09) is his at once.
    let bobs = rows(&app, &bob, "active")
        .await
        .into_iter()
        .find(|r| r["agent_name"] == "Bob")
        .unwrap();
    ok(app
        .call(
            &bob.client,
            "close_chat",
            &[("id", &bobs["id"].to_string())],
        )
        .await)
    .await;
    let state = ok(visitor::get(&app, &tokens[9]).await).await;
    assert_eq!(state["session"]["status"], "active");
    assert_eq!(state["session"]["agent_name"], "Bob");
    assert_eq!(
        position(&app, &tokens[10]).await,
        1,
        "everyone moved up one"
    );

    // Away: Cy keeps her chats but gets no new one when hers ends.
    ok(app
        .call(&cy.client, "set_my_status", &[("status", "away")])
        .await)
    .await;
    let cys = rows(&app, &cy, "active")
        .await
        .into_iter()
        .find(|r| r["agent_name"] == "Cy")
        .unwrap();
    ok(app
        .call(&cy.client, "close_chat", &[("id", &cys["id"].to_string())])
        .await)
    .await;
    assert_eq!(spread(&app, &admin).await.get("Cy"), Some(&2));
    assert_eq!(position(&app, &tokens[10]).await, 1, "nobody took it");
    // Back to Available: she is given the oldest waiting chat.
    ok(app
        .call(&cy.client, "set_my_status", &[("status", "available")])
        .await)
    .await;
    let state = ok(visitor::get(&app, &tokens[10]).await).await;
    assert_eq!(state["session"]["agent_name"], "Cy");

    // An agent who disconnects keeps their chats and gets no new ones.
    sockets.remove(0).close().await;
    let ada_id = agent_id(&app, &ada).await;
    // (After the grace a page load gets to reconnect.)
    let mut gone = false;
    for _ in 0..400 {
        let present =
            app::ssr::chat::presence::is_present(&app.db, app::models::agent::AgentId(ada_id))
                .await
                .unwrap();
        if !present {
            gone = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert!(gone, "the server saw Ada's socket close");
    let adas = rows(&app, &ada, "active")
        .await
        .into_iter()
        .find(|r| r["agent_id"] == ada_id || r["agent_name"] == "Ada")
        .unwrap();
    ok(app
        .call(
            &ada.client,
            "close_chat",
            &[("id", &adas["id"].to_string())],
        )
        .await)
    .await;
    assert_eq!(spread(&app, &admin).await.get("Ada"), Some(&2));
    assert_eq!(position(&app, &tokens[11]).await, 1);
}

#[tokio::test]
async fn accept_respects_the_limit_and_an_agent_s_own_limit_overrides_it() {
    let app = spawn_configured(many_chats()).await;
    let admin = app.admin().await;
    let ada = app.agent("ada@example.com", "Ada", false).await;
    let ada_id = agent_id(&app, &ada).await;
    for i in 0..5 {
        visitor::start(&app, &format!("V{i}"), "Hi").await;
    }
    let waiting = rows(&app, &ada, "waiting").await;
    let accept = |id: &Value| {
        let id = id.to_string();
        let client = ada.client.clone();
        let app = &app;
        async move { app.call(&client, "accept_chat", &[("id", &id)]).await }
    };
    for row in &waiting[..3] {
        ok(accept(&row["id"]).await).await;
    }
    // Manual mode too: the default limit is 3.
    let full = expect_error(accept(&waiting[3]["id"]).await, 409, "conflict").await;
    assert_eq!(full["message"], "You are at your limit of 3 chats.");
    assert_eq!(
        rows(&app, &ada, "waiting").await.len(),
        2,
        "nothing changed"
    );

    // An admin gives Ada a limit of 4: one more fits, then the message says 4.
    let set = |v: &'static str| {
        let id = ada_id.to_string();
        let client = admin.client.clone();
        let app = &app;
        async move {
            app.call(
                &client,
                "set_agent_max_chats",
                &[("id", &id), ("max_chats", v)],
            )
            .await
        }
    };
    let bad = expect_error(set("51").await, 422, "validation").await;
    assert_eq!(bad["field"], "max_chats");
    expect_error(
        app.call(
            &ada.client,
            "set_agent_max_chats",
            &[("id", &ada_id.to_string()), ("max_chats", "9")],
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    ok(set("4").await).await;
    let agents = ok(app.call(&admin.client, "list_agents", &[]).await).await;
    let listed = agents
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == ada_id)
        .unwrap();
    assert_eq!(listed["max_chats"], 4);
    ok(accept(&waiting[3]["id"]).await).await;
    let full = expect_error(accept(&waiting[4]["id"]).await, 409, "conflict").await;
    assert_eq!(full["message"], "You are at your limit of 4 chats.");
    // Cleared: back to the setting (3), so still full.
    ok(set("").await).await;
    expect_error(accept(&waiting[4]["id"]).await, 409, "conflict").await;
}

#[tokio::test]
async fn concurrent_assignments_never_exceed_a_limit_nor_give_a_chat_twice() {
    let app = spawn_configured(many_chats()).await;
    let admin = app.admin().await;
    let ada = app.agent("ada@example.com", "Ada", false).await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let (ada_id, bob_id) = (agent_id(&app, &ada).await, agent_id(&app, &bob).await);
    for i in 0..8 {
        visitor::start(&app, &format!("V{i}"), "Hi").await;
    }
    let waiting: Vec<i64> = rows(&app, &admin, "waiting")
        .await
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    use app::models::agent::AgentId;
    use app::models::chat::ChatSessionId;
    use app::ssr::chat::sessions;
    // Eight claims on Ada (limit 3) at once, and for every chat a rival claim by Bob.
    let mut tasks = Vec::new();
    for (i, id) in waiting.iter().enumerate() {
        for (agent, name) in [(ada_id, "Ada"), (bob_id, "Bob")] {
            if agent == bob_id && i % 2 == 0 {
                continue;
            }
            let (db, hub) = (app.db.clone(), app.state.hub.clone());
            let id = *id;
            tasks.push(tokio::spawn(async move {
                sessions::assign(
                    &db,
                    hub.as_ref(),
                    ChatSessionId(id),
                    AgentId(agent),
                    name,
                    3,
                )
                .await
                .is_ok()
            }));
        }
    }
    let mut won = 0;
    for t in tasks {
        won += usize::from(t.await.unwrap());
    }
    let counts = spread(&app, &admin).await;
    assert!(counts.get("Ada").copied().unwrap_or(0) <= 3, "{counts:?}");
    assert!(counts.get("Bob").copied().unwrap_or(0) <= 3, "{counts:?}");
    assert_eq!(
        counts.get("Ada"),
        Some(&3),
        "Ada had room for three: {counts:?}"
    );
    assert_eq!(
        won,
        counts.values().sum::<usize>(),
        "one win per assigned chat"
    );
    // Each assigned chat has exactly one "Assigned to" line.
    for row in rows(&app, &admin, "active").await {
        let detail = ok(app
            .call(
                &admin.client,
                "get_chat_session",
                &[("id", &row["id"].to_string())],
            )
            .await)
        .await;
        let lines = detail["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["text"].as_str().unwrap().starts_with("Assigned to"))
            .count();
        assert_eq!(lines, 1, "{detail}");
    }
}

#[tokio::test]
async fn two_instances_assign_at_once_within_every_limit() {
    let app = spawn_configured(many_chats()).await;
    if !app
        .db
        .get_database_backend()
        .eq(&sea_orm::DatabaseBackend::Postgres)
    {
        // One SQLite file serves one instance; the race above covers one process.
        return;
    }
    let other = app.spawn_beside().await;
    let admin = app.admin().await;
    let agents = [
        app.agent("ada@example.com", "Ada", false).await,
        app.agent("bob@example.com", "Bob", false).await,
    ];
    let mut sockets = Vec::new();
    for a in &agents {
        let mut s = app.agent_socket(a).await;
        s.next_of("badge").await;
        sockets.push(s);
    }
    for i in 0..12 {
        visitor::start(&app, &format!("V{i}"), "Hi").await;
    }
    ok(save_routing(&app, &admin, "auto", "2").await).await;
    // Both instances run passes at the same time, several times over.
    let mut runs = Vec::new();
    for _ in 0..4 {
        let (a, b) = (app.state.clone(), other.state.clone());
        runs.push(tokio::spawn(async move { a.assign_waiting().await }));
        runs.push(tokio::spawn(async move { b.assign_waiting().await }));
    }
    for r in runs {
        r.await.unwrap();
    }
    let counts = spread(&app, &admin).await;
    assert_eq!(counts.get("Ada"), Some(&2), "{counts:?}");
    assert_eq!(counts.get("Bob"), Some(&2), "{counts:?}");
    assert_eq!(rows(&app, &admin, "waiting").await.len(), 8);
}

#[tokio::test]
async fn my_chats_follow_every_active_chat_on_the_agent_socket() {
    let app = spawn_configured(many_chats()).await;
    let ada = app.agent("ada@example.com", "Ada", false).await;
    let first = visitor::token(&visitor::start(&app, "Uma", "First").await);
    let uma = app.newest_waiting_id(&ada).await;
    let second = visitor::token(&visitor::start(&app, "Val", "Second").await);
    let val = app.newest_waiting_id(&ada).await;
    for id in [uma, val] {
        ok(app
            .call(&ada.client, "accept_chat", &[("id", &id.to_string())])
            .await)
        .await;
    }
    let mut sock = app.agent_socket(&ada).await;
    let listed = sock.next_of("my_chats").await;
    let chats = listed["chats"].as_array().unwrap();
    assert_eq!(chats.len(), 2, "{listed}");
    assert_eq!(chats[0]["visitor_name"], "Uma");
    assert_eq!(chats[0]["last"]["text"], "Ada joined");
    assert_eq!(chats[0]["unread"], 0, "accepting reads what was there");
    assert!(
        chats[0]["waiting_since"].is_i64(),
        "Uma waits for an answer"
    );

    // Watching Uma's chat, Val's lines still arrive, once each, in order.
    sock.send(json!({ "type": "watch", "session_id": uma, "after": 2 }))
        .await;
    sock.next_of("session").await;
    ok(visitor::send(&app, &second, "v1", "Still there?").await).await;
    ok(visitor::send(&app, &first, "u1", "Hello?").await).await;
    ok(visitor::send(&app, &second, "v2", "Hello??").await).await;
    let frames = sock
        .until_pong(&[
            "message",
            "my_chat_line",
            "badge",
            "session",
            "notes",
            "my_chats",
        ])
        .await;
    // The watched chat's lines as `message`, the other's as `my_chat_line`.
    let lines: Vec<(i64, String)> = frames
        .iter()
        .filter(|f| {
            (f["type"] == "message" && f["session_id"] == uma)
                || (f["type"] == "my_chat_line" && f["session_id"] == val)
        })
        .map(|f| {
            (
                f["session_id"].as_i64().unwrap(),
                f["message"]["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        frames
            .iter()
            .filter(|f| f["type"] == "message" || f["type"] == "my_chat_line")
            .count(),
        3,
        "each line once: {frames:?}"
    );
    // In order within each chat (two chats' lines have no order between them).
    let of = |id: i64| -> Vec<&str> {
        lines
            .iter()
            .filter(|(s, _)| *s == id)
            .map(|(_, t)| t.as_str())
            .collect()
    };
    assert_eq!(of(val), ["Still there?", "Hello??"]);
    assert_eq!(of(uma), ["Hello?"]);

    // A read mark sends the list again with exact counts; a closed chat leaves it.
    sock.send(json!({ "type": "read", "session_id": uma, "seq": 3 }))
        .await;
    let listed = sock.next_of("my_chats").await;
    let by_name = |name: &str| {
        listed["chats"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["visitor_name"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(by_name("Uma")["unread"], 0);
    assert_eq!(by_name("Val")["unread"], 2);
    ok(app
        .call(&ada.client, "close_chat", &[("id", &val.to_string())])
        .await)
    .await;
    let listed = sock.next_of("my_chats").await;
    assert_eq!(listed["chats"].as_array().unwrap().len(), 1, "{listed}");
    // Nothing more from the closed chat.
    ok(visitor::send(&app, &first, "u2", "Thanks").await).await;
    let frames = sock
        .until_pong(&["message", "my_chat_line", "badge", "session", "my_chats"])
        .await;
    assert!(
        frames
            .iter()
            .filter(|f| f["type"] == "message" || f["type"] == "my_chat_line")
            .all(|f| f["session_id"] == uma),
        "{frames:?}"
    );
}

#[tokio::test]
async fn the_visitor_s_time_zone_reaches_the_panel_and_junk_is_dropped() {
    let app = spawn_configured(many_chats()).await;
    let ada = app.agent("ada@example.com", "Ada", false).await;
    for (zone, kept) in [
        (
            json!("America/Argentina/Buenos_Aires"),
            json!("America/Argentina/Buenos_Aires"),
        ),
        (json!("<img src=x onerror=alert(1)>"), Value::Null),
        (json!("../../etc/passwd"), Value::Null),
        (Value::Null, Value::Null),
    ] {
        let res = visitor::start_raw(
            &app,
            &json!({ "name": "Vi", "message": "Hi", "client_id": "c1", "time_zone": zone }),
        )
        .await;
        assert_eq!(res.status(), 201, "a strange zone never stops a chat");
        let id = app.newest_waiting_id(&ada).await;
        let detail = ok(app
            .call(&ada.client, "get_chat_session", &[("id", &id.to_string())])
            .await)
        .await;
        assert_eq!(detail["visitor_time_zone"], kept, "{zone}");
    }
}
