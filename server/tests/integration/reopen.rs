//! Close can be undone and a closed chat reopened: by the agent who had it (or anyone when
//! nobody had it, or an admin); the visitor's open widget hears it and can write again.
use crate::support::{expect_error, ok, spawn_configured, visitor, ws, Agent, TestApp};

async fn call(app: &TestApp, agent: &Agent, name: &str, id: i64) -> reqwest::Response {
    app.call(&agent.client, name, &[("id", &id.to_string())])
        .await
}

#[tokio::test]
async fn a_closed_chat_reopens_live_for_the_visitor() {
    let app = spawn_configured(|c| c.new_chat_burst = 20).await;
    let ada = app.agent("ada@example.com", "Ada", false).await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let token = visitor::token(&visitor::start(&app, "Vi", "Hello").await);
    let id = app.newest_waiting_id(&ada).await;
    let still_open = expect_error(call(&app, &ada, "reopen_chat", id).await, 409, "conflict").await;
    assert_eq!(still_open["message"], "This chat has not ended.");
    ok(call(&app, &ada, "accept_chat", id).await).await;
    let (mut sock, _) = ws::visitor(&app, &token, 0).await;
    ok(call(&app, &ada, "close_chat", id).await).await;
    assert_eq!(sock.next_of("session").await["session"]["status"], "closed");
    assert_eq!(
        visitor::send(&app, &token, "v1", "still there?")
            .await
            .status(),
        409
    );

    // Someone else's chat: refused; the agent who had it: active again, said in the log.
    let theirs = expect_error(call(&app, &bob, "reopen_chat", id).await, 403, "forbidden").await;
    assert_eq!(theirs["message"], "This chat belongs to another agent.");
    ok(call(&app, &ada, "reopen_chat", id).await).await;
    let line = sock.next_of("message").await;
    assert_eq!(line["message"]["text"], "Chat reopened by Ada");
    assert_eq!(sock.next_of("session").await["session"]["status"], "active");
    ok(visitor::send(&app, &token, "v2", "yes, one more thing").await).await;
    let detail = ok(app
        .call(&ada.client, "get_chat_session", &[("id", &id.to_string())])
        .await)
    .await;
    assert_eq!(detail["status"], "active");
    assert!(detail["closed_at"].is_null(), "{detail}");

    // A chat the visitor left while it waited (nobody had it): any agent may reopen it.
    let token2 = visitor::token(&visitor::start(&app, "Wanda", "Hi").await);
    let id2 = app.newest_waiting_id(&bob).await;
    ok(visitor::end(&app, &token2).await).await;
    ok(call(&app, &bob, "reopen_chat", id2).await).await;
    let detail = ok(app
        .call(&bob.client, "get_chat_session", &[("id", &id2.to_string())])
        .await)
    .await;
    assert_eq!(detail["status"], "active");
    assert_eq!(detail["agent_name"], "Bob");
}
