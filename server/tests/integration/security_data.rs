//! Idempotency keys per sender, one transaction per operation, private channels that leak
//! nothing.
use futures::future::join_all;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

use app::ssr::entities::channel_message;

use crate::support::{expect_error, json, spawn_app, visitor, Agent, TestApp};

async fn agent_id(app: &TestApp, a: &Agent) -> String {
    json(app.call(&a.client, "get_current_agent", &[]).await).await["id"].to_string()
}

async fn channel(app: &TestApp, a: &Agent, name: &str, private: bool, members: &str) -> String {
    json(
        app.call(
            &a.client,
            "create_channel",
            &[
                ("name", name),
                ("description", ""),
                ("folder", ""),
                ("private", if private { "true" } else { "false" }),
                ("members", members),
            ],
        )
        .await,
    )
    .await
    .to_string()
}

#[must_use = "check the response"]
async fn post(
    app: &TestApp,
    a: &Agent,
    id: &str,
    client_id: &str,
    text: &str,
) -> reqwest::Response {
    app.call(
        &a.client,
        "post_channel_message",
        &[("id", id), ("client_id", client_id), ("text", text)],
    )
    .await
}

#[tokio::test]
async fn a_reused_client_id_never_returns_someone_elses_chat_message() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let started = visitor::start(&app, "Vi", "hello").await;
    let token = visitor::token(&started);
    let id = app.newest_waiting_id(&ada).await.to_string();
    let secret = json(visitor::send(&app, &token, "k-1", "my card is 4242").await).await;
    assert_eq!(secret["seq"], 2);

    // Bob is not this chat's agent: refused before any lookup, nothing of the visitor's
    // comes back.
    let send = |a: &Agent, cid: &'static str, text: &'static str| {
        let (app, client, id) = (&app, a.client.clone(), id.clone());
        async move {
            app.call(
                &client,
                "send_chat_message",
                &[("id", id.as_str()), ("client_id", cid), ("text", text)],
            )
            .await
        }
    };
    let res = send(&bob, "k-1", "what did they say?").await;
    let body = expect_error(res, 409, "conflict").await;
    assert!(!body.to_string().contains("4242"), "{body}");

    // The assigned agent reusing the visitor's id gets their own new message.
    assert_eq!(
        app.call(&ada.client, "accept_chat", &[("id", &id)])
            .await
            .status(),
        200
    );
    let mine = json(send(&ada, "k-1", "Hi, I'm Ada").await).await;
    assert_eq!(mine["text"], "Hi, I'm Ada");
    assert_eq!(mine["sender"], "agent");
    assert_eq!(mine["seq"], 4, "a new message after the join line");
    // And a retry of it is still stored once.
    let again = json(send(&ada, "k-1", "Hi, I'm Ada").await).await;
    assert_eq!(again["seq"], 4);
    let state = json(visitor::get(&app, &token).await).await;
    assert_eq!(state["messages"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn a_reused_client_id_never_returns_someone_elses_channel_post() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let cy = app.agent("cy@example.com", "Cy", false).await;
    let bob_id = agent_id(&app, &bob).await;
    let id = channel(&app, &ada, "plans", true, &bob_id).await;
    let first = json(post(&app, &ada, &id, "p-1", "the secret plan").await).await;

    // Bob, a member, reusing Ada's id writes his own message.
    let his = json(post(&app, &bob, &id, "p-1", "my own words").await).await;
    assert_ne!(his["id"], first["id"]);
    assert_eq!(his["body"], "my own words");
    // Cy, not a member of the private channel, gets a 404 and nothing else.
    let body = expect_error(post(&app, &cy, &id, "p-1", "x").await, 404, "not_found").await;
    assert!(!body.to_string().contains("secret"), "{body}");
}

#[tokio::test]
async fn two_joins_at_once_join_once_with_one_notice() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let id = channel(&app, &ada, "lobby", false, "").await;
    let joins = (0..6).map(|_| {
        let (app, c, id) = (&app, bob.client.clone(), id.clone());
        async move { app.call(&c, "join_channel", &[("id", id.as_str())]).await }
    });
    for res in join_all(joins).await {
        assert_eq!(res.status(), 200);
    }
    let detail = json(app.call(&ada.client, "get_channel", &[("id", &id)]).await).await;
    let notices: Vec<&Value> = detail["posts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["body"] == "Bob joined")
        .collect();
    assert_eq!(notices.len(), 1, "{detail}");
    assert_eq!(detail["members"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn an_edit_racing_a_delete_never_rewrites_the_deleted_message() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let id = channel(&app, &ada, "race", false, "").await;
    for round in 0..15 {
        let cid = format!("r{round}");
        let msg = json(post(&app, &ada, &id, &cid, "original").await).await;
        let mid = msg["id"].to_string();
        let edit_args = [("message_id", mid.as_str()), ("text", "edited")];
        let delete_args = [("message_id", mid.as_str())];
        let (edit, delete) = tokio::join!(
            app.call(&ada.client, "edit_channel_message", &edit_args),
            app.call(&ada.client, "delete_channel_message", &delete_args),
        );
        assert_eq!(delete.status(), 200, "round {round}");
        assert!(
            matches!(edit.status().as_u16(), 200 | 409),
            "round {round}: {}",
            edit.status()
        );
        let row = channel_message::Entity::find_by_id(msg["id"].as_i64().unwrap())
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(row.deleted_at.is_some());
        assert_eq!(
            row.body, "",
            "round {round}: a deleted message keeps no text"
        );
    }
    // Positions stayed dense and unique through all of it.
    let rows = channel_message::Entity::find()
        .filter(channel_message::Column::ChannelId.eq(id.parse::<i64>().unwrap()))
        .all(&app.db)
        .await
        .unwrap();
    let mut revs: Vec<i64> = rows.iter().map(|r| r.rev).collect();
    revs.sort_unstable();
    revs.dedup();
    assert_eq!(revs.len(), rows.len());
}

#[tokio::test]
async fn a_deleted_mention_no_longer_counts() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let bob_id = agent_id(&app, &bob).await;
    let id = channel(&app, &ada, "pings", false, &bob_id).await;
    let msg = json(post(&app, &ada, &id, "m1", "hey @bob").await).await;
    let badge = json(app.call(&bob.client, "get_badge", &[]).await).await;
    assert_eq!(badge["mentions"], 1, "{badge}");
    let res = app
        .call(
            &ada.client,
            "delete_channel_message",
            &[("message_id", &msg["id"].to_string())],
        )
        .await;
    assert_eq!(res.status(), 200);
    let badge = json(app.call(&bob.client, "get_badge", &[]).await).await;
    assert_eq!(badge["mentions"], 0, "{badge}");
}

#[tokio::test]
async fn a_ticket_from_a_private_channel_names_it_only_to_members() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let cy = app.agent("cy@example.com", "Cy", false).await;
    let id = channel(&app, &ada, "mergers", true, "").await;
    let out = json(
        app.call(
            &ada.client,
            "run_command",
            &[("channel", &id), ("text", "/ticket Due diligence")],
        )
        .await,
    )
    .await;
    let ticket_id = out["ticket"]["id"].to_string();
    assert_eq!(out["posted"]["link_url"], format!("/tickets/{ticket_id}"));

    let as_member = json(
        app.call(&ada.client, "get_ticket", &[("id", &ticket_id)])
            .await,
    )
    .await;
    assert_eq!(as_member["source_channel"]["name"], "mergers");
    assert_eq!(as_member["source_channel"]["seq"], out["posted"]["seq"]);

    let as_other = json(
        app.call(&cy.client, "get_ticket", &[("id", &ticket_id)])
            .await,
    )
    .await;
    assert_eq!(as_other["subject"], "Due diligence");
    assert!(as_other["source_channel"].is_null(), "{as_other}");
    assert!(!as_other.to_string().contains("mergers"), "{as_other}");
    let page = cy
        .client
        .get(app.url(&format!("/tickets/{ticket_id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("mergers"));
}

#[tokio::test]
async fn folder_counts_count_only_what_the_viewer_may_see() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let cy = app.agent("cy@example.com", "Cy", false).await;
    let folder = json(
        app.call(&ada.client, "create_folder", &[("name", "Board")])
            .await,
    )
    .await;
    let fid = folder["id"].to_string();
    for (name, private) in [("board-public", false), ("board-secret", true)] {
        let res = app
            .call(
                &ada.client,
                "create_channel",
                &[
                    ("name", name),
                    ("description", ""),
                    ("folder", &fid),
                    ("private", if private { "true" } else { "false" }),
                    ("members", ""),
                ],
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    let count = |v: Value| v.as_array().unwrap()[0]["channel_count"].clone();
    assert_eq!(
        count(json(app.call(&ada.client, "list_folders", &[]).await).await),
        2
    );
    assert_eq!(
        count(json(app.call(&cy.client, "list_folders", &[]).await).await),
        1
    );
}
