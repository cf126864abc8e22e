//! Transcripts by email: a visitor asks once their chat has ended; the server mails it
//! through a real SMTP server (a sink on loopback), in the background, retried after a
//! temporary refusal, and once however often it is asked for. Internal notes never go out.
use std::time::Duration;

use serde_json::{json, Value};

use crate::smtp_sink::{decoded_parts, SmtpSink};
use crate::support::{expect_error, json as body_of, ok, spawn_configured, visitor, TestApp};

const NOTE: &str = "NOTE-7731: refund approved, do not tell";

async fn ask(app: &TestApp, token: &str, email: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/v1/visitor/transcript"))
        .bearer_auth(token)
        .json(&json!({ "email": email }))
        .send()
        .await
        .unwrap()
}

fn with_sink(sink: &SmtpSink) -> impl FnOnce(&mut server::config::Config) {
    let mut smtp =
        server::mailer::SmtpSettings::new(sink.url(), Some("Support <help@shop.test>".into()));
    smtp.retry_base = Duration::from_millis(200);
    smtp.poll = Duration::from_millis(100);
    move |c| {
        c.new_chat_burst = 20;
        c.smtp = Some(smtp);
    }
}

/// A chat with a visitor line that is HTML, an agent reply, a note; closed.
async fn closed_chat(app: &TestApp) -> String {
    let ada = app.agent("ada@example.com", "Ada", false).await;
    let token =
        visitor::token(&visitor::start(app, "Vi <i>", "<script>alert(1)</script> help").await);
    let id = app.newest_waiting_id(&ada).await;
    let id = id.to_string();
    ok(app.call(&ada.client, "accept_chat", &[("id", &id)]).await).await;
    ok(app
        .call(
            &ada.client,
            "send_chat_message",
            &[
                ("id", &id),
                ("client_id", "a1"),
                ("text", "Glad to help & fix it"),
            ],
        )
        .await)
    .await;
    ok(app
        .call(
            &ada.client,
            "add_chat_note",
            &[("id", &id), ("client_id", "n1"), ("text", NOTE)],
        )
        .await)
    .await;
    ok(app.call(&ada.client, "close_chat", &[("id", &id)]).await).await;
    token
}

#[tokio::test]
async fn the_transcript_is_mailed_once_after_a_refusal_and_without_notes() {
    let sink = SmtpSink::start().await;
    let app = spawn_configured(with_sink(&sink)).await;
    let availability = body_of(
        reqwest::get(app.url("/v1/visitor/availability"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(availability["transcript_email"], true);

    // Not before the chat has ended.
    let ada = app.agent("bo@example.com", "Bo", false).await;
    let early = visitor::token(&visitor::start(&app, "Early", "hi").await);
    let _ = ada;
    expect_error(ask(&app, &early, "vi@example.com").await, 409, "conflict").await;

    sink.refuse_next(1);
    let token = closed_chat(&app).await;
    let bad = expect_error(ask(&app, &token, "not an email").await, 422, "validation").await;
    assert_eq!(bad["field"], "email");
    let first = ask(&app, &token, "vi@example.com").await;
    assert_eq!(first.status(), 202);
    assert_eq!(body_of(first).await["email"], "vi@example.com");
    // A retried request (or a second click) sends nothing more; another address is refused.
    assert_eq!(ask(&app, &token, "vi@example.com").await.status(), 202);
    expect_error(
        ask(&app, &token, "other@example.com").await,
        409,
        "conflict",
    )
    .await;

    let mails = sink.wait_for(1).await;
    // Time for a duplicate to show up, if the sender were to send one.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(sink.received().len(), 1, "mailed once");
    assert_eq!(
        sink.attempts(),
        2,
        "refused once (451), then retried and accepted"
    );
    let mail = &mails[0];
    assert_eq!(mail.to, vec!["vi@example.com".to_string()]);
    assert!(
        mail.data.contains("Subject: Your chat transcript ("),
        "{}",
        mail.data
    );
    let parts = decoded_parts(&mail.data);
    let text = &parts
        .iter()
        .find(|(k, _)| k == "text/plain")
        .expect("a text part")
        .1;
    let html = &parts
        .iter()
        .find(|(k, _)| k == "text/html")
        .expect("an HTML part")
        .1;
    assert!(text.contains("<script>alert(1)</script> help"), "{text}");
    assert!(text.contains("Ada: Glad to help & fix it"), "{text}");
    assert!(
        !text.contains("(unverified)"),
        "their own address, not a warning: {text}"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; help"),
        "{html}"
    );
    assert!(html.contains("Vi &lt;i&gt;"), "{html}");
    assert!(
        !html.contains("<script>") && !html.contains("<i>"),
        "{html}"
    );
    for part in [text, html] {
        assert!(
            !part.contains("NOTE-7731"),
            "an internal note went out: {part}"
        );
        assert!(!part.contains("Internal note"), "{part}");
    }
}

#[tokio::test]
async fn two_instances_send_a_transcript_once() {
    let sink = SmtpSink::start().await;
    let app = spawn_configured(with_sink(&sink)).await;
    let other = app.spawn_beside().await;
    let token = closed_chat(&app).await;
    // Both instances look for due mail every 100 ms; asked on each of them.
    assert_eq!(ask(&app, &token, "vi@example.com").await.status(), 202);
    assert_eq!(ask(&other, &token, "vi@example.com").await.status(), 202);
    sink.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(sink.received().len(), 1);
    assert_eq!(sink.attempts(), 1);
}

#[tokio::test]
async fn without_smtp_the_option_is_not_offered() {
    let app = spawn_configured(|c| c.new_chat_burst = 20).await;
    let availability: Value = body_of(
        reqwest::get(app.url("/v1/visitor/availability"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(availability["transcript_email"], false);
    let token = closed_chat(&app).await;
    let refused = expect_error(ask(&app, &token, "vi@example.com").await, 409, "conflict").await;
    assert_eq!(
        refused["message"],
        "Transcripts cannot be emailed from this site."
    );
}
