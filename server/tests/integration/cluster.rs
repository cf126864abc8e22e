//! Two instances on one PostgreSQL database: what happens on one reaches sockets on the
//! other (the PostgreSQL hub). On SQLite there is one instance by design: skipped there,
//! run by the PostgreSQL pass of `scripts/test`.
use std::time::Duration;

use app::domain::rate_limit::RatePolicy;
use futures::future::join_all;
use serde_json::{json, Value};

use crate::support::{
    expect_error, json as body, ok, on_postgres, spawn_configured, visitor, ws, TestApp,
};

/// Both instances, or `None` (with a note) when the test database is not PostgreSQL.
async fn two_instances() -> Option<(TestApp, TestApp)> {
    // A listener that lost its connection waits this long before it reconnects, so what is
    // sent right after a cut is sent while it is away.
    let a = spawn_configured(|c| c.hub_first_retry = Duration::from_secs(3)).await;
    if !on_postgres(&a) {
        eprintln!("cluster tests run on PostgreSQL only (TEST_POSTGRES_URL)");
        return None;
    }
    let b = a.spawn_beside().await;
    Some((a, b))
}

/// Message frames until position `last`, as positions and texts.
async fn messages_until(sock: &mut ws::Socket, last: i64) -> Vec<(i64, String)> {
    let mut got = Vec::new();
    loop {
        let m: Value = sock.next_of("message").await["message"].clone();
        let seq = m["seq"].as_i64().unwrap();
        got.push((seq, m["text"].as_str().unwrap().to_string()));
        if seq >= last {
            return got;
        }
    }
}

#[tokio::test]
async fn a_visitor_on_one_instance_and_the_agent_on_another_talk_live_both_ways() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let ada = b.admin().await;
    let mut asock = b.agent_socket(&ada).await;
    asock.next_of("badge").await;

    // The chat starts on A; the queue on B hears of it.
    let token = visitor::token(&visitor::start(&a, "Vi", "Hello from A").await);
    let queued = asock.next_of("queue").await;
    assert_eq!(queued["change"], "created", "{queued}");
    let id = b.newest_waiting_id(&ada).await;
    asock
        .send(json!({ "type": "watch", "session_id": id, "after": 0 }))
        .await;
    let (mut vsock, _) = ws::visitor(&a, &token, 0).await;

    // Accepted on B: the visitor on A sees the agent join.
    ok(
        b.call(&ada.client, "accept_chat", &[("id", &id.to_string())])
            .await,
    )
    .await;
    let seen = messages_until(&mut vsock, 2).await;
    assert_eq!(seen[0], (1, "Hello from A".into()));
    assert_eq!(seen.last().unwrap().0, 2, "the join line");

    // Visitor → agent (written on A, read on B) and agent → visitor (written on B).
    ok(visitor::send(&a, &token, "v1", "from the visitor").await).await;
    ok(b.call(
        &ada.client,
        "send_chat_message",
        &[
            ("id", &id.to_string()),
            ("client_id", "a1"),
            ("text", "from the agent"),
        ],
    )
    .await)
    .await;
    assert_eq!(
        messages_until(&mut asock, 4).await,
        [
            (1, "Hello from A".to_string()),
            (2, seen[1].1.clone()),
            (3, "from the visitor".into()),
            (4, "from the agent".into()),
        ]
    );
    assert_eq!(
        messages_until(&mut vsock, 4).await,
        [(3, "from the visitor".into()), (4, "from the agent".into())]
    );
    // Nothing twice.
    vsock.until_pong(&["session", "typing"]).await;
    asock
        .until_pong(&["session", "typing", "badge", "queue"])
        .await;
}

#[tokio::test]
async fn a_channel_post_on_one_instance_reaches_a_watcher_on_the_other() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let on_a = a.admin().await;
    let on_b = b.admin().await;
    let created = body(
        a.call(
            &on_a.client,
            "create_channel",
            &[
                ("name", "cluster"),
                ("description", "two instances"),
                ("folder", ""),
                ("private", "false"),
                ("members", ""),
            ],
        )
        .await,
    )
    .await;
    let cid = created.as_i64().unwrap();
    let mut sock = b.agent_socket(&on_b).await;
    sock.send(json!({ "type": "watch_channel", "channel_id": cid, "after": 0 }))
        .await;
    ok(a.call(
        &on_a.client,
        "post_channel_message",
        &[
            ("id", &cid.to_string()),
            ("client_id", "p1"),
            ("text", "across instances"),
        ],
    )
    .await)
    .await;
    let post = sock.next_of("channel_post").await;
    assert_eq!(post["post"]["body"], "across instances", "{post}");
}

#[tokio::test]
async fn signing_out_on_one_instance_closes_the_sockets_on_the_other() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let ada = a.admin().await;
    // The same session's socket, opened on B.
    let mut on_b = b.agent_socket(&ada).await;
    on_b.next_of("badge").await;
    ok(a.call(&ada.client, "sign_out", &[]).await).await;
    assert_eq!(on_b.closed_with().await, 4401);
}

#[tokio::test]
async fn after_the_listener_is_cut_nothing_is_missed() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let ada = b.admin().await;
    let token = visitor::token(&visitor::start(&a, "Vi", "one").await);
    let id = b.newest_waiting_id(&ada).await;
    ok(
        b.call(&ada.client, "accept_chat", &[("id", &id.to_string())])
            .await,
    )
    .await;
    let mut asock = b.agent_socket(&ada).await;
    asock
        .send(json!({ "type": "watch", "session_id": id, "after": 0 }))
        .await;
    assert_eq!(messages_until(&mut asock, 2).await.len(), 2);

    // Every LISTEN connection is cut (B's among them): notifications sent until B's
    // listener is back are lost, and the messages must still arrive.
    let killed = terminated(
        &a,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()",
    )
    .await;
    assert!(!killed.is_empty(), "no listener connection found");
    // B noticed (its health says so): from here until it reconnects, NOTIFY drops B's share.
    loop {
        let health = body(b.client().get(b.url("/healthz")).send().await.unwrap()).await;
        if health["hub"]["connected"] == false {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    for i in 0..5 {
        ok(visitor::send(&a, &token, &format!("c{i}"), &format!("during {i}")).await).await;
    }
    let got = messages_until(&mut asock, 7).await;
    assert_eq!(
        got.iter().map(|m| m.0).collect::<Vec<_>>(),
        [3, 4, 5, 6, 7],
        "{got:?}"
    );
    // Once reconnected, live delivery goes on.
    ok(visitor::send(&a, &token, "after", "after").await).await;
    assert_eq!(messages_until(&mut asock, 8).await, [(8, "after".into())]);
    let health = body(b.client().get(b.url("/healthz")).send().await.unwrap()).await;
    assert_eq!(health["hub"]["kind"], "postgres", "{health}");
}

#[tokio::test]
async fn fifty_accepts_spread_over_both_instances_have_one_winner() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    visitor::start(&a, "Vi", "Hello").await;
    let mut agents = Vec::new();
    for i in 0..50 {
        let on = if i % 2 == 0 { &a } else { &b };
        agents.push(
            on.agent(&format!("a{i}@example.com"), &format!("Agent {i}"), false)
                .await,
        );
    }
    let id = a.newest_waiting_id(&agents[0]).await.to_string();
    let args = [("id", id.as_str())];
    let results = join_all(agents.iter().enumerate().map(|(i, agent)| {
        let on = if i % 2 == 0 { &a } else { &b };
        on.call(&agent.client, "accept_chat", &args)
    }))
    .await;
    let mut statuses: Vec<u16> = results.iter().map(|r| r.status().as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        49,
        "{statuses:?}"
    );
    // One join line, at position 2, whichever instance wrote it.
    let detail = body(
        b.call(&agents[1].client, "get_chat_session", &[("id", &id)])
            .await,
    )
    .await;
    let seqs: Vec<i64> = detail["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, [1, 2], "{detail}");
}

#[tokio::test]
async fn deactivating_an_agent_on_one_instance_closes_their_socket_on_the_other() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let admin = a.admin().await;
    let bob = b.agent("bob@example.com", "Bob", false).await;
    let mut on_b = b.agent_socket(&bob).await;
    on_b.next_of("badge").await;
    let list = body(a.call(&admin.client, "list_agents", &[]).await).await;
    let bob_id = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["email"] == "bob@example.com")
        .expect("Bob listed")["id"]
        .to_string();
    ok(a.call(
        &admin.client,
        "set_agent_active",
        &[("id", &bob_id), ("active", "false")],
    )
    .await)
    .await;
    assert_eq!(on_b.closed_with().await, 4401);
}

#[tokio::test]
async fn an_agent_with_a_tab_on_one_instance_stays_available_when_the_other_tab_closes() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let ada = a.admin().await;
    assert!(!a.agents_available().await, "no tab open yet");
    let mut on_a = a.agent_socket(&ada).await;
    let mut on_b = b.agent_socket(&ada).await;
    on_a.next_of("badge").await;
    on_b.next_of("badge").await;
    assert!(a.agents_available().await && b.agents_available().await);

    // The last tab on B closes: A's is still open.
    on_b.close().await;
    while b.agent_connections.total() != 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(a.agents_available().await, "A's tab still open (asked A)");
    assert!(b.agents_available().await, "A's tab still open (asked B)");

    // And when A's closes too, nobody is, once a page load's grace is over
    // (`LiveTimings::absent_after`).
    on_a.close().await;
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while b.agents_available().await {
        assert!(
            std::time::Instant::now() < deadline,
            "still available 15 s after the last tab closed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn rate_limits_hold_across_both_instances() {
    let a = spawn_configured(|c| {
        c.new_chat_burst = 3;
        c.visitor_messages = RatePolicy {
            burst: 4,
            per: Duration::from_secs(60),
        };
        c.agent_requests = RatePolicy {
            burst: 5,
            per: Duration::from_secs(60),
        };
    })
    .await;
    if !on_postgres(&a) {
        return;
    }
    let b = a.spawn_beside().await;

    // New chats from one address: three in all, whichever instance takes them.
    let first = visitor::start(&a, "Vi", "one").await;
    visitor::start(&b, "Vi", "two").await;
    visitor::start(&a, "Vi", "three").await;
    for on in [&b, &a] {
        let res = visitor::start_raw(on, &json!({ "name": "Vi", "email": "vi@example.com", "message": "four", "client_id": "first" })).await;
        expect_error(res, 429, "rate_limited").await;
    }

    // Messages in one chat: four in all, over both.
    let token = visitor::token(&first);
    for (on, id) in [(&b, "m1"), (&a, "m2"), (&b, "m3"), (&a, "m4")] {
        ok(visitor::send(on, &token, id, id).await).await;
    }
    for (on, id) in [(&b, "m5"), (&a, "m6")] {
        expect_error(visitor::send(on, &token, id, id).await, 429, "rate_limited").await;
    }

    // One agent's server function calls: five in all, over both (signing in is not one).
    let on_a = a.admin().await;
    let on_b = b.agent_with_cookie(on_a.cookie.clone());
    for (on, agent) in [
        (&a, &on_a),
        (&b, &on_b),
        (&a, &on_a),
        (&b, &on_b),
        (&a, &on_a),
    ] {
        ok(on.call(&agent.client, "get_badge", &[]).await).await;
    }
    for (on, agent) in [(&b, &on_b), (&a, &on_a)] {
        expect_error(
            on.call(&agent.client, "get_badge", &[]).await,
            429,
            "rate_limited",
        )
        .await;
    }
}

#[tokio::test]
async fn when_an_instance_stops_its_clients_resume_on_the_other_without_loss() {
    let Some((mut a, b)) = two_instances().await else {
        return;
    };
    let ada = b.admin().await;
    let token = visitor::token(&visitor::start(&a, "Vi", "one").await);
    let id = b.newest_waiting_id(&ada).await;
    ok(
        b.call(&ada.client, "accept_chat", &[("id", &id.to_string())])
            .await,
    )
    .await;
    let (mut on_a, _) = ws::visitor(&a, &token, 0).await;
    assert_eq!(messages_until(&mut on_a, 2).await.len(), 2);

    // A is deployed over: its sockets are told to come back (1012)…
    a.stop_server().await;
    assert_eq!(on_a.closed_with().await, 1012);
    // …the agent on B goes on meanwhile…
    for i in 0..3 {
        ok(b.call(
            &ada.client,
            "send_chat_message",
            &[
                ("id", &id.to_string()),
                ("client_id", &format!("while-{i}")),
                ("text", &format!("while away {i}")),
            ],
        )
        .await)
        .await;
    }
    // …and the widget, reconnecting through the load balancer to B from its last position,
    // gets exactly what it missed, then live messages again.
    let (mut on_b, _) = ws::visitor(&b, &token, 2).await;
    assert_eq!(
        messages_until(&mut on_b, 5).await,
        [
            (3, "while away 0".to_string()),
            (4, "while away 1".into()),
            (5, "while away 2".into()),
        ]
    );
    ok(visitor::send(&b, &token, "v-after", "back").await).await;
    assert_eq!(messages_until(&mut on_b, 6).await, [(6, "back".into())]);
}

/// Runs a `pg_terminate_backend` query; one answer per backend it aimed at.
async fn terminated(app: &TestApp, sql: &str) -> Vec<bool> {
    use sea_orm::{ConnectionTrait, Statement};
    let rows = app
        .db
        .query_all_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap();
    rows.iter()
        .map(|r| r.try_get_by_index::<bool>(0).unwrap())
        .collect()
}

#[tokio::test]
async fn notes_transfers_and_my_chats_cross_instances() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let bob = a.agent("bob@example.com", "Bob", false).await;
    // Ada's browser is on B (her cookie works on both: one database).
    let ada = b.admin().await;
    let mut ada_sock = b.agent_socket(&ada).await;
    ada_sock.next_of("my_chats").await;
    let ada_id = ok(b.call(&ada.client, "get_current_agent", &[]).await).await["id"]
        .as_i64()
        .unwrap();

    let token = visitor::token(&visitor::start(&a, "Vi", "Billing").await);
    let id = a.newest_waiting_id(&bob).await;
    ok(
        a.call(&bob.client, "accept_chat", &[("id", &id.to_string())])
            .await,
    )
    .await;
    // Bob (on A) hands it to Ada with a note: her socket on B is alerted and lists it.
    ok(a.call(
        &bob.client,
        "transfer_chat",
        &[
            ("id", &id.to_string()),
            ("to", &ada_id.to_string()),
            ("note", "VIP: wants the March invoice"),
        ],
    )
    .await)
    .await;
    // Both, in either order: the alert and the list with the chat in it.
    let (mut assigned, mut listed) = (None, None);
    while assigned.is_none() || listed.is_none() {
        let f = ada_sock.next().await;
        match f["type"].as_str() {
            Some("assigned") => assigned = Some(f),
            Some("my_chats") if !f["chats"].as_array().unwrap().is_empty() => listed = Some(f),
            _ => {}
        }
    }
    assert_eq!(assigned.unwrap()["session_id"], id);
    let listed = listed.unwrap();
    assert_eq!(listed["chats"][0]["id"], id, "{listed}");
    // A visitor line written on A reaches her list on B; a note written on A reaches her
    // watching on B, and never the visitor.
    ok(visitor::send(&a, &token, "v1", "Hello?").await).await;
    let line = ada_sock.next_of("my_chat_line").await;
    assert_eq!(line["message"]["text"], "Hello?");
    ada_sock
        .send(json!({ "type": "watch", "session_id": id, "after": 0 }))
        .await;
    let notes = ada_sock.next_of("notes").await;
    assert_eq!(notes["notes"][0]["text"], "VIP: wants the March invoice");
    ok(a.call(
        &bob.client,
        "add_chat_note",
        &[
            ("id", &id.to_string()),
            ("client_id", "n2"),
            ("text", "Second note from A"),
        ],
    )
    .await)
    .await;
    let notes = ada_sock.next_of("notes").await;
    assert_eq!(notes["notes"].as_array().unwrap().len(), 2, "{notes}");
    let state = ok(visitor::get(&b, &token).await).await;
    assert!(!state.to_string().contains("VIP"), "{state}");
    assert!(!state.to_string().contains("Second note"), "{state}");
    assert_eq!(state["session"]["agent_name"], "Ada Admin");
}
