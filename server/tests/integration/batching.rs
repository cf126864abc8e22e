//! Group commit and counters kept with each write: nothing is acknowledged before it is
//! committed, and badges stay exact under a burst.
use std::sync::Arc;

use futures::future::join_all;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

use app::models::chat::ChatSessionId;
use app::ssr::chat::posting::{ChatPost, Poster};
use app::ssr::chat::sessions;
use app::ssr::chat::writer::ChatWriter;
use app::ssr::entities::{chat_message, chat_session};

use crate::support::{json as body, ok, spawn_configured, visitor, Agent, TestApp};

async fn started_chat(app: &TestApp, name: &str) -> (String, chat_session::Model) {
    let token = visitor::token(&visitor::start(app, name, "hello").await);
    let session = sessions::by_token(&app.db, &token).await.unwrap();
    (token, session)
}

#[tokio::test]
async fn a_batch_whose_commit_fails_acknowledges_nobody_in_it() {
    let app = spawn_configured(|_| {}).await;
    let mut chats = Vec::new();
    for i in 0..4 {
        chats.push(started_chat(&app, &format!("Vi {i}")).await);
    }
    let failing = ChatWriter::start_with_fault(
        app.db.clone(),
        app.state.hub.clone(),
        Some(Arc::new(|_batch_len| true)),
    );
    let post = |writer: &ChatWriter, n: usize| {
        let writer = writer.clone();
        let session = chats[n % chats.len()].1.clone();
        async move {
            writer
                .post(ChatPost {
                    session: (&session).into(),
                    poster: Poster::Visitor,
                    text: format!("message {n}"),
                    client_id: format!("b{n}"),
                })
                .await
        }
    };
    // Queued together (this runtime is single-threaded: nothing runs until we wait), so
    // they share batches; every one of those commits fails.
    let results = join_all((0..20).map(|n| post(&failing, n))).await;
    for r in &results {
        let e = r.as_ref().expect_err("not acknowledged");
        assert_eq!(e.code(), "internal");
    }
    let stored = chat_message::Entity::find()
        .filter(chat_message::Column::ClientId.starts_with("b"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, 0, "nothing of a failed batch is stored");
    for (_, session) in &chats {
        let fresh = sessions::by_id(&app.db, ChatSessionId(session.id))
            .await
            .unwrap();
        assert_eq!(fresh.last_seq, 1, "no position was taken");
    }

    // The senders retry with the same ids: each stored once, in a dense sequence.
    let results = join_all((0..20).map(|n| post(&app.state.chat_writer, n))).await;
    assert!(results.iter().all(Result::is_ok));
    let again = join_all((0..20).map(|n| post(&app.state.chat_writer, n))).await;
    assert!(again.iter().all(Result::is_ok));
    for (token, _) in &chats {
        let state = body(visitor::get(&app, token).await).await;
        let seqs: Vec<i64> = state["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["seq"].as_i64().unwrap())
            .collect();
        assert_eq!(
            seqs,
            (1..=6).collect::<Vec<_>>(),
            "5 sends each, once: {state}"
        );
    }
}

#[tokio::test]
async fn a_refused_send_does_not_spoil_its_batch() {
    let app = spawn_configured(|_| {}).await;
    let (open_token, open) = started_chat(&app, "Open").await;
    let (ended_token, ended) = started_chat(&app, "Ended").await;
    ok(visitor::end(&app, &ended_token).await).await;
    // The ended chat as the sender last saw it (still open).
    let send = |session: &chat_session::Model, client_id: &str| ChatPost {
        session: session.into(),
        poster: Poster::Visitor,
        text: client_id.to_string(),
        client_id: client_id.to_string(),
    };
    let w = &app.state.chat_writer;
    // Queued in this order, written in one batch.
    let (a, b, c) = futures::join!(
        w.post(send(&open, "o1")),
        w.post(send(&ended, "e1")),
        w.post(send(&open, "o2"))
    );
    assert_eq!(a.unwrap().seq, 2);
    assert_eq!(b.unwrap_err().code(), "conflict");
    assert_eq!(c.unwrap().seq, 3);
    let state = body(visitor::get(&app, &open_token).await).await;
    assert_eq!(state["messages"].as_array().unwrap().len(), 3);
}

/// The Chat badge's unread count, counted from the messages themselves (the way the badge
/// was computed before it had counters).
async fn unread_counted(app: &TestApp, agent_id: i64) -> u64 {
    let mut total = 0;
    let mine = chat_session::Entity::find()
        .filter(chat_session::Column::AgentId.eq(agent_id))
        .filter(chat_session::Column::Status.eq("active"))
        .all(&app.db)
        .await
        .unwrap();
    for s in mine {
        total += chat_message::Entity::find()
            .filter(chat_message::Column::SessionId.eq(s.id))
            .filter(chat_message::Column::Sender.eq("visitor"))
            .filter(chat_message::Column::Seq.gt(s.agent_read_seq))
            .count(&app.db)
            .await
            .unwrap();
    }
    total
}

#[tokio::test]
async fn badges_stay_exact_under_a_burst() {
    let app = spawn_configured(|c| {
        c.visitor_messages = app::domain::rate_limit::RatePolicy {
            burst: 1000,
            per: std::time::Duration::from_millis(1),
        };
        c.new_chat_burst = 100;
    })
    .await;
    let mut agents: Vec<(Agent, i64)> = Vec::new();
    for i in 0..3 {
        let a = app
            .agent(&format!("a{i}@example.com"), &format!("A{i}"), false)
            .await;
        let id = body(app.call(&a.client, "get_current_agent", &[]).await).await["id"]
            .as_i64()
            .unwrap();
        agents.push((a, id));
    }
    // 30 chats, spread over three agents (ten each: above the default limit of three).
    let admin = app.admin().await;
    ok(app
        .call(
            &admin.client,
            "save_live_chat_settings",
            &[("routing", "manual"), ("max_chats", "10")],
        )
        .await)
    .await;
    let mut chats = Vec::new();
    for i in 0..30 {
        let (token, session) = started_chat(&app, &format!("Vi {i}")).await;
        let (agent, _) = &agents[i % 3];
        ok(app
            .call(
                &agent.client,
                "accept_chat",
                &[("id", &session.id.to_string())],
            )
            .await)
        .await;
        chats.push((token, session.id, i % 3));
    }
    // 200 visitor messages at once; meanwhile each agent answers and reads some chats.
    let url = app.url("");
    let visitor_sends = (0..200).map(|n| {
        let (url, token) = (url.clone(), chats[n % 30].0.clone());
        async move {
            reqwest::Client::new()
                .post(format!("{url}/v1/visitor/messages"))
                .bearer_auth(token)
                .json(&json!({ "client_id": format!("v{n}"), "text": format!("burst {n}") }))
                .send()
                .await
                .unwrap()
                .status()
        }
    });
    let agent_work = chats
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 4 == 0)
        .map(|(i, (_, id, a))| {
            let client = agents[*a].0.client.clone();
            let url = url.clone();
            let id = *id;
            async move {
                let reply = client
                    .post(format!("{url}/api/send_chat_message"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(format!("id={id}&client_id=r{i}&text=on+it"))
                    .send()
                    .await
                    .unwrap()
                    .status();
                reply
            }
        });
    let (v, a) = futures::join!(join_all(visitor_sends), join_all(agent_work));
    assert!(
        v.iter().chain(a.iter()).all(|s| s.is_success()),
        "{v:?} {a:?}"
    );

    for (agent, id) in &agents {
        let badge = body(app.call(&agent.client, "get_badge", &[]).await).await;
        let expected = unread_counted(&app, *id).await;
        assert_eq!(badge["unread"], expected, "agent {id}: {badge}");
        // The live badge says the same once it has settled.
        let mut sock = app.agent_socket(agent).await;
        let live = sock.next_of("badge").await;
        assert_eq!(live["badge"]["unread"], expected, "agent {id} live: {live}");
    }
    // And reading clears exactly what was read.
    let (agent, id) = &agents[1];
    let (_, session, _) = chats.iter().find(|c| c.2 == 1).unwrap();
    let fresh = sessions::by_id(&app.db, ChatSessionId(*session))
        .await
        .unwrap();
    let mut sock = app.agent_socket(agent).await;
    sock.next_of("badge").await;
    sock.send(json!({ "type": "read", "session_id": session, "seq": fresh.last_seq - 1 }))
        .await;
    sock.until_pong(&["badge"]).await;
    let badge = body(app.call(&agent.client, "get_badge", &[]).await).await;
    assert_eq!(badge["unread"], unread_counted(&app, *id).await, "{badge}");
}
