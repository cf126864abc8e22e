//! Business hours and offline messages: outside the schedule the widget is told so, a chat
//! cannot start, and a message left instead becomes a ticket for the visitor's contact.
use serde_json::{json, Value};

use crate::support::{expect_error, ok, spawn_configured, visitor, Agent, TestApp};

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

async fn save_hours(
    app: &TestApp,
    admin: &Agent,
    enabled: bool,
    zone: &str,
    day: (&str, &str),
    holidays: &str,
    outside: &str,
) -> reqwest::Response {
    let mut args: Vec<(String, String)> = vec![
        ("time_zone".into(), zone.into()),
        ("holidays".into(), holidays.into()),
        ("outside_hours".into(), outside.into()),
        ("max_wait".into(), "5".into()),
    ];
    if enabled {
        args.push(("enabled".into(), "on".into()));
    }
    for d in DAYS {
        args.push((format!("{d}_open"), day.0.into()));
        args.push((format!("{d}_close"), day.1.into()));
    }
    // The form posts its fields as `form[name]`.
    let args: Vec<(String, String)> = args
        .into_iter()
        .map(|(k, v)| (format!("form[{k}]"), v))
        .collect();
    let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call(&admin.client, "save_business_hours", &pairs).await
}

async fn availability(app: &TestApp) -> Value {
    ok(reqwest::get(app.url("/v1/visitor/availability"))
        .await
        .unwrap())
    .await
}

async fn leave(app: &TestApp, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/v1/visitor/offline-messages"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// The ticket numbered `number`, as the Tickets page lists it and its page shows it.
async fn ticket_by_number(app: &TestApp, agent: &Agent, number: i64) -> Value {
    let list = ok(app.call(&agent.client, "list_tickets", &[]).await).await;
    let row = list["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["number"] == number)
        .cloned()
        .unwrap_or_else(|| panic!("ticket #{number} listed: {list}"));
    ok(app
        .call(
            &agent.client,
            "get_ticket",
            &[("id", &row["id"].to_string())],
        )
        .await)
    .await
}

#[tokio::test]
async fn outside_business_hours_a_message_becomes_a_ticket() {
    let app = spawn_configured(|c| c.new_chat_burst = 20).await;
    let admin = app.admin().await;
    // None set: always open, as before.
    let open = availability(&app).await;
    assert_eq!(
        (&open["open"], &open["outside_hours"]),
        (&json!(true), &json!("take_message"))
    );

    // Refused settings say which field.
    for (zone, day, holidays, field) in [
        ("Mars/Olympus", ("09:00", "17:00"), "", "time_zone"),
        ("Europe/Berlin", ("17:00", "09:00"), "", "mon"),
        ("Europe/Berlin", ("09:00", ""), "", "mon"),
        (
            "Europe/Berlin",
            ("09:00", "17:00"),
            "2026-02-30",
            "holidays",
        ),
    ] {
        let e = expect_error(
            save_hours(&app, &admin, true, zone, day, holidays, "take_message").await,
            422,
            "validation",
        )
        .await;
        assert_eq!(e["field"], field, "{zone} {day:?} {holidays}");
    }
    let ada = app.agent("ada@example.com", "Ada", false).await;
    expect_error(
        save_hours(&app, &ada, true, "UTC", ("", ""), "", "take_message").await,
        403,
        "forbidden",
    )
    .await;

    // Every day closed: outside business hours now.
    ok(save_hours(
        &app,
        &admin,
        true,
        "Europe/Berlin",
        ("", ""),
        "",
        "take_message",
    )
    .await)
    .await;
    let closed = availability(&app).await;
    assert_eq!(closed["open"], false);
    let refused = expect_error(
        visitor::start_raw(
            &app,
            &json!({ "name": "Vi", "message": "Hello?", "client_id": "c1" }),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    assert!(refused["message"]
        .as_str()
        .unwrap()
        .contains("Leave a message"));

    let no_email = expect_error(
        leave(
            &app,
            json!({ "name": "Vi", "email": " ", "message": "Call me" }),
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(no_email["field"], "email");
    let bad = leave(
        &app,
        json!({ "name": "Vi", "email": "vi@example.com", "message": "" }),
    )
    .await;
    assert_eq!(bad.status(), 422);
    let res = leave(
        &app,
        json!({ "name": "Vi <b>", "email": "Vi@Example.com", "message": "My order #77 is late.\nPlease call." }),
    )
    .await;
    assert_eq!(res.status(), 201);
    let receipt: Value = res.json().await.unwrap();
    let number = receipt["ticket_number"].as_i64().unwrap();

    // On the Tickets page at once, from the contact, marked as an offline message.
    let detail = ticket_by_number(&app, &admin, number).await;
    assert_eq!(detail["channel"], "Offline message");
    assert_eq!(detail["requester_name"], "Vi <b>");
    assert_eq!(detail["requester_email"], "vi@example.com");
    assert_eq!(detail["description"], "My order #77 is late.\nPlease call.");
    assert_eq!(detail["requester_email_unverified"], true);
    assert!(detail["contact_id"].is_i64(), "a contact for the email");

    // Hide the widget instead.
    ok(save_hours(&app, &admin, true, "Europe/Berlin", ("", ""), "", "hide").await).await;
    assert_eq!(availability(&app).await["outside_hours"], "hide");

    // Open around the clock, except a holiday today (in the schedule's zone).
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    ok(save_hours(
        &app,
        &admin,
        true,
        "UTC",
        ("00:00", "24:00"),
        "",
        "take_message",
    )
    .await)
    .await;
    assert_eq!(availability(&app).await["open"], true);
    ok(save_hours(
        &app,
        &admin,
        true,
        "UTC",
        ("00:00", "24:00"),
        &today,
        "take_message",
    )
    .await)
    .await;
    assert_eq!(availability(&app).await["open"], false, "a holiday");
    // Off again: always open, and chats start.
    ok(save_hours(&app, &admin, false, "", ("", ""), "", "take_message").await).await;
    assert_eq!(availability(&app).await["open"], true);
    visitor::start(&app, "Vi", "Open again").await;
    let settings = ok(app.call(&admin.client, "get_live_chat_settings", &[]).await).await;
    assert_eq!(settings["business_hours"], Value::Null);
}

#[tokio::test]
async fn a_visitor_who_waited_past_max_wait_leaves_an_email_and_the_chat_becomes_a_ticket() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = spawn_configured(|c| c.new_chat_burst = 20).await;
    let admin = app.admin().await;
    let started = visitor::start(&app, "Vi", "Is anyone there?").await;
    let token = visitor::token(&started);
    let offer = started["session"]["offer_email_at"].as_i64().unwrap();
    let created = started["session"]["created_at"].as_i64().unwrap();
    assert_eq!(
        offer - created,
        5 * 60_000,
        "Max wait defaults to 5 minutes"
    );
    let leave = |email: &'static str| {
        let token = token.clone();
        let url = app.url("/v1/visitor/leave-email");
        async move {
            reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .json(&json!({ "email": email }))
                .send()
                .await
                .unwrap()
        }
    };
    let early = expect_error(leave("vi@example.com").await, 409, "conflict").await;
    assert!(early["message"].as_str().unwrap().contains("shortly"));

    // Ten minutes later (the clock moved by rewriting when the chat started).
    let backend = app.db.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            "UPDATE chat_sessions SET created_at = created_at - INTERVAL '10 minutes'"
        }
        _ => "UPDATE chat_sessions SET created_at = datetime(created_at, '-10 minutes')",
    };
    app.db
        .execute_raw(Statement::from_string(backend, sql))
        .await
        .unwrap();
    expect_error(leave("not an email").await, 422, "validation").await;
    let res = leave("Vi@Example.com").await;
    assert_eq!(res.status(), 200);
    let number = res.json::<Value>().await.unwrap()["ticket_number"]
        .as_i64()
        .unwrap();
    // Once: the chat is closed now.
    expect_error(leave("vi@example.com").await, 409, "conflict").await;

    let state = ok(visitor::get(&app, &token).await).await;
    assert_eq!(state["session"]["status"], "closed");
    let last = state["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        last["text"],
        format!("Vi left their email: this chat is now ticket #{number}, answered by email.")
    );
    let detail = ticket_by_number(&app, &admin, number).await;
    assert_eq!(detail["channel"], "Chat not answered within Max wait");
    assert_eq!(detail["requester_email"], "vi@example.com");
    assert!(detail["description"]
        .as_str()
        .unwrap()
        .contains("Is anyone there?"));
    assert!(detail["chat_session_id"].is_i64());
}
