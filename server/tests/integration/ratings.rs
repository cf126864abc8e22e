//! Ratings: a visitor rates their closed chat once (👍 / 👎, optional comment); agents see
//! it on the session, in the Closed tab and as satisfaction per agent.
use serde_json::{json, Value};

use crate::support::{expect_error, ok, spawn_configured, visitor, TestApp};

async fn rate(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/v1/visitor/rating"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_closed_chat_is_rated_once_and_agents_see_it() {
    let app = spawn_configured(|c| c.new_chat_burst = 20).await;
    let ada = app.agent("ada@example.com", "Ada", false).await;
    let token = visitor::token(&visitor::start(&app, "Vi", "Help").await);
    let id = app.newest_waiting_id(&ada).await;
    ok(app
        .call(&ada.client, "accept_chat", &[("id", &id.to_string())])
        .await)
    .await;

    let early = expect_error(
        rate(&app, &token, json!({ "rating": "good" })).await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(early["message"], "You can rate the chat once it has ended.");
    ok(app
        .call(&ada.client, "close_chat", &[("id", &id.to_string())])
        .await)
    .await;

    let long = expect_error(
        rate(
            &app,
            &token,
            json!({ "rating": "good", "comment": "x".repeat(1_001) }),
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(long["field"], "comment");
    let odd = rate(&app, &token, json!({ "rating": "meh" })).await;
    assert_eq!(odd.status(), 422, "an unknown rating is refused");
    let stranger = rate(&app, "not-a-token", json!({ "rating": "bad" })).await;
    assert_eq!(stranger.status(), 401);

    let rated = ok(rate(
        &app,
        &token,
        json!({ "rating": "good", "comment": "  <b>Quick</b> & kind  " }),
    )
    .await)
    .await;
    assert_eq!(rated["rating"], "good");
    let again = expect_error(
        rate(&app, &token, json!({ "rating": "bad" })).await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(again["message"], "You have already rated this chat.");
    assert_eq!(
        ok(visitor::get(&app, &token).await).await["session"]["rating"],
        "good"
    );

    // Agents: the session page, the Closed tab, satisfaction.
    let detail = ok(app
        .call(&ada.client, "get_chat_session", &[("id", &id.to_string())])
        .await)
    .await;
    assert_eq!(detail["rating"]["rating"], "good");
    assert_eq!(
        detail["rating"]["comment"], "<b>Quick</b> & kind",
        "stored as text, trimmed"
    );
    let closed = ok(app
        .call(&ada.client, "list_queue", &[("tab", "closed")])
        .await)
    .await;
    assert_eq!(closed["rows"][0]["rating"], "good");

    // A second chat, rated 👎 after the visitor ended it: 50% overall, Ada 50%.
    let token2 = visitor::token(&visitor::start(&app, "Wu", "Again").await);
    let id2 = app.newest_waiting_id(&ada).await;
    ok(app
        .call(&ada.client, "accept_chat", &[("id", &id2.to_string())])
        .await)
    .await;
    ok(visitor::end(&app, &token2).await).await;
    ok(rate(&app, &token2, json!({ "rating": "bad" })).await).await;
    let figures = ok(app.call(&ada.client, "get_satisfaction", &[]).await).await;
    let rows = figures.as_array().unwrap();
    assert_eq!(rows[0]["agent"], Value::Null, "everyone first");
    assert_eq!(rows[0]["last_7"], json!({ "good": 1, "bad": 1 }));
    assert_eq!(rows[0]["last_30"], json!({ "good": 1, "bad": 1 }));
    assert_eq!(rows[1]["agent"], "Ada");
    assert_eq!(rows[1]["last_30"], json!({ "good": 1, "bad": 1 }));
    // A chat ended before anyone accepted it counts overall only.
    let token3 = visitor::token(&visitor::start(&app, "Xi", "Bye").await);
    ok(visitor::end(&app, &token3).await).await;
    ok(rate(&app, &token3, json!({ "rating": "good" })).await).await;
    let figures = ok(app.call(&ada.client, "get_satisfaction", &[]).await).await;
    assert_eq!(figures[0]["last_30"], json!({ "good": 2, "bad": 1 }));
    assert_eq!(figures[1]["last_30"], json!({ "good": 1, "bad": 1 }));
    assert_eq!(figures.as_array().unwrap().len(), 2);
}
