//! Tickets, contacts, and Create Ticket from a chat session, on a real database.
use futures::future::join_all;
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};

use crate::support::{expect_error, json, ok, spawn_app, visitor, Agent, TestApp};

async fn waiting_chat(
    app: &TestApp,
    admin: &Agent,
    name: &str,
    email: Option<&str>,
) -> (i64, String) {
    let mut body = json!({ "name": name, "message": "Hello, my teapot arrived broken and the lid is missing", "client_id": "c1" });
    if let Some(e) = email {
        body["email"] = json!(e);
    }
    let res = visitor::start_raw(app, &body).await;
    assert_eq!(res.status(), 201);
    let token = json(res).await["token"].as_str().unwrap().to_string();
    let q = json(
        app.call(&admin.client, "list_queue", &[("tab", "waiting")])
            .await,
    )
    .await;
    let id = q["rows"].as_array().unwrap().last().unwrap()["id"]
        .as_i64()
        .unwrap();
    (id, token)
}

async fn active_chat(
    app: &TestApp,
    admin: &Agent,
    name: &str,
    email: Option<&str>,
) -> (i64, String) {
    let (id, token) = waiting_chat(app, admin, name, email).await;
    assert_eq!(
        app.call(&admin.client, "accept_chat", &[("id", &id.to_string())])
            .await
            .status(),
        200
    );
    (id, token)
}

#[must_use = "check the response"]
async fn create_from_chat(
    app: &TestApp,
    agent: &Agent,
    id: i64,
    subject: &str,
) -> reqwest::Response {
    app.call(
        &agent.client,
        "create_ticket_from_chat",
        &[("id", &id.to_string()), ("subject", subject)],
    )
    .await
}

#[tokio::test]
async fn create_ticket_puts_the_whole_transcript_in_order_and_links_both_ways() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let (id, token) = active_chat(
        &app,
        &ada,
        "<img src=x onerror=alert(1)>",
        Some("Vi@Example.com"),
    )
    .await;
    ok(app
        .call(
            &ada.client,
            "send_chat_message",
            &[
                ("id", &id.to_string()),
                ("client_id", "a1"),
                ("text", "Sorry! Photo?"),
            ],
        )
        .await)
    .await;
    ok(visitor::send(
        &app,
        &token,
        "v2",
        "Here: https://img.example/teapot.jpg\nsecond line",
    )
    .await)
    .await;

    let detail = json(
        app.call(&ada.client, "get_chat_session", &[("id", &id.to_string())])
            .await,
    )
    .await;
    assert_eq!(
        detail["suggested_subject"],
        "Hello, my teapot arrived broken and the lid is missing"
    );

    let res = create_from_chat(&app, &ada, id, "Broken teapot").await;
    assert_eq!(res.status(), 200);
    let t = json(res).await;
    assert_eq!(t["number"], 1);
    let ticket = json(
        app.call(&ada.client, "get_ticket", &[("id", &t["id"].to_string())])
            .await,
    )
    .await;
    assert_eq!(ticket["subject"], "Broken teapot");
    assert_eq!(ticket["requester_name"], "<img src=x onerror=alert(1)>");
    assert_eq!(ticket["requester_email"], "vi@example.com");
    assert_eq!(ticket["chat_session_id"], id);
    assert_eq!(ticket["status"], "open");
    let description = ticket["description"].as_str().unwrap();
    let lines: Vec<&str> = description.lines().collect();
    assert_eq!(lines[0], "Chat transcript");
    assert_eq!(
        lines[1],
        "Visitor: <img src=x onerror=alert(1)> <vi@example.com> (unverified)"
    );
    let body: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with('[') || l.starts_with("    "))
        .collect();
    assert_eq!(body.len(), 5, "{description}");
    assert!(body[0].ends_with(
        "] <img src=x onerror=alert(1)>: Hello, my teapot arrived broken and the lid is missing"
    ));
    assert!(body[1].ends_with("] Ada Admin joined"));
    assert!(body[2].ends_with("] Ada Admin: Sorry! Photo?"));
    assert!(
        body[3].ends_with("] <img src=x onerror=alert(1)>: Here: https://img.example/teapot.jpg")
    );
    assert_eq!(body[4], "    second line");
    assert!(
        !description.contains("a1") && !description.contains("v2"),
        "no internal ids"
    );

    // Linked both ways.
    let detail = json(
        app.call(&ada.client, "get_chat_session", &[("id", &id.to_string())])
            .await,
    )
    .await;
    assert_eq!(detail["ticket"]["number"], 1);
    // The contact (found case-insensitively) lists the ticket and the chat.
    let contact_id = ticket["contact_id"].to_string();
    let contact = json(
        app.call(&ada.client, "get_contact", &[("id", &contact_id)])
            .await,
    )
    .await;
    assert_eq!(contact["email"], "vi@example.com");
    assert_eq!(contact["tickets"][0]["number"], 1);
    assert_eq!(contact["chats"][0]["id"], id);
}

#[tokio::test]
async fn contacts_are_matched_by_email_case_insensitively() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let res = app
        .call(
            &ada.client,
            "create_contact",
            &[
                ("name", "Vi Original"),
                ("email", "vi@example.com"),
                ("company", "Teapots Ltd"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let contact_id = json(res).await.to_string();
    let (first, _) = active_chat(&app, &ada, "Vi", Some("VI@EXAMPLE.COM")).await;
    let (second, _) = active_chat(&app, &ada, "Vi again", Some("vi@Example.com")).await;
    let (anon, _) = active_chat(&app, &ada, "No Email", None).await;
    for id in [first, second] {
        let t = json(create_from_chat(&app, &ada, id, "Teapot").await).await;
        let ticket = json(
            app.call(&ada.client, "get_ticket", &[("id", &t["id"].to_string())])
                .await,
        )
        .await;
        assert_eq!(ticket["contact_id"].to_string(), contact_id);
    }
    let t = json(create_from_chat(&app, &ada, anon, "No email").await).await;
    let ticket = json(
        app.call(&ada.client, "get_ticket", &[("id", &t["id"].to_string())])
            .await,
    )
    .await;
    assert_eq!(ticket["contact_id"], Value::Null);
    assert_eq!(ticket["requester_name"], "No Email");

    let contact = json(
        app.call(&ada.client, "get_contact", &[("id", &contact_id)])
            .await,
    )
    .await;
    assert_eq!(
        contact["name"], "Vi Original",
        "an existing contact keeps its name"
    );
    assert_eq!(contact["tickets"].as_array().unwrap().len(), 2);
    assert_eq!(contact["chats"].as_array().unwrap().len(), 2);
    let all = json(app.call(&ada.client, "list_contacts", &[]).await).await;
    assert_eq!(all["total"], 1, "no duplicate contact");
}

#[tokio::test]
async fn concurrent_create_ticket_makes_one_ticket() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let (id, _) = active_chat(&app, &ada, "Vi", Some("vi@example.com")).await;
    let results = join_all((0..8).map(|_| create_from_chat(&app, &ada, id, "Twice"))).await;
    let mut numbers = Vec::new();
    for r in results {
        assert_eq!(r.status(), 200);
        numbers.push(json(r).await["number"].as_i64().unwrap());
    }
    numbers.dedup();
    assert_eq!(numbers, vec![1]);
    let list = json(app.call(&ada.client, "list_tickets", &[]).await).await;
    assert_eq!(list["total"], 1);
}

#[tokio::test]
async fn create_ticket_refuses_bad_input_and_writes_nothing() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let (waiting, _) = waiting_chat(&app, &ada, "Wanda", Some("w@example.com")).await;
    let (active, _) = active_chat(&app, &ada, "Vi", Some("vi@example.com")).await;
    expect_error(
        create_from_chat(&app, &ada, 999, "x").await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        create_from_chat(&app, &ada, waiting, "x").await,
        409,
        "conflict",
    )
    .await;
    expect_error(
        create_from_chat(&app, &bob, active, "x").await,
        403,
        "forbidden",
    )
    .await;
    let e = expect_error(
        create_from_chat(&app, &ada, active, "   ").await,
        422,
        "validation",
    )
    .await;
    assert_eq!(e["field"], "subject");
    expect_error(
        create_from_chat(&app, &ada, active, &"s".repeat(201)).await,
        422,
        "validation",
    )
    .await;
    let list = json(app.call(&ada.client, "list_tickets", &[]).await).await;
    assert_eq!(list["total"], 0);
    // The first real ticket is still #1: nothing consumed a number.
    let t = json(create_from_chat(&app, &ada, active, "Fine").await).await;
    assert_eq!(t["number"], 1);
}

#[tokio::test]
async fn a_failure_mid_way_rolls_everything_back() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let (id, _) = active_chat(&app, &ada, "Rita Rollback", Some("rita@example.com")).await;
    // Forget the contact the chat made, so Create Ticket has one to create (and undo).
    app.db
        .execute_unprepared("UPDATE chat_sessions SET contact_id = NULL")
        .await
        .unwrap();
    app.db
        .execute_unprepared("DELETE FROM contacts")
        .await
        .unwrap();
    // Make the ticket insert itself fail, after the contact, the number and the lock.
    let (make, unmake) = if crate::support::on_postgres(&app) {
        (
            "CREATE FUNCTION fail_tickets() RETURNS trigger AS 'BEGIN RAISE EXCEPTION ''injected failure''; END' LANGUAGE plpgsql; \
             CREATE TRIGGER fail_tickets BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION fail_tickets();",
            "DROP TRIGGER fail_tickets ON tickets",
        )
    } else {
        (
            "CREATE TRIGGER fail_tickets BEFORE INSERT ON tickets BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
            "DROP TRIGGER fail_tickets",
        )
    };
    app.db.execute_unprepared(make).await.unwrap();
    expect_error(
        create_from_chat(&app, &ada, id, "Doomed").await,
        500,
        "internal",
    )
    .await;
    app.db.execute_unprepared(unmake).await.unwrap();

    let detail = json(
        app.call(&ada.client, "get_chat_session", &[("id", &id.to_string())])
            .await,
    )
    .await;
    assert_eq!(detail["ticket"], Value::Null, "session not linked");
    let contacts = json(app.call(&ada.client, "list_contacts", &[]).await).await;
    assert_eq!(
        contacts["total"], 0,
        "the contact created in the transaction is gone"
    );
    let t = json(create_from_chat(&app, &ada, id, "Second try").await).await;
    assert_eq!(t["number"], 1, "the number was not consumed");
}

#[tokio::test]
async fn tickets_by_hand_with_filters_and_search() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let bob = app.agent("bob@example.com", "Bob Builder", false).await;
    let bob_id =
        json(app.call(&bob.client, "get_current_agent", &[]).await).await["id"].to_string();
    let mk =
        |subject: &'static str, requester: &'static str, email: &'static str, assignee: String| {
            let app = &app;
            let ada = &ada;
            async move {
                let res = app
                    .call(
                        &ada.client,
                        "create_ticket",
                        &[
                            ("subject", subject),
                            ("description", "details"),
                            ("requester_name", requester),
                            ("requester_email", email),
                            ("priority", "high"),
                            ("assignee", &assignee),
                        ],
                    )
                    .await;
                assert_eq!(res.status(), 200, "{subject}");
                json(res).await
            }
        };
    mk(
        "Printer on fire",
        "Carl",
        "carl@acme.example",
        bob_id.clone(),
    )
    .await;
    mk("VPN is down", "Dana", "", String::new()).await;
    let third = mk("Printer jammed", "Erin", "erin@acme.example", String::new()).await;
    assert_eq!(third["number"], 3);

    let search = |args: Vec<(&'static str, String)>| {
        let app = &app;
        let ada = &ada;
        async move {
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let l = json(app.call(&ada.client, "list_tickets", &args).await).await;
            l["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["subject"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    let mut printers = search(vec![("q", "printer".into())]).await;
    printers.sort();
    assert_eq!(printers, ["Printer jammed", "Printer on fire"]);
    assert_eq!(search(vec![("q", "#2".into())]).await, ["VPN is down"]);
    assert_eq!(
        search(vec![("q", "acme fire".into())]).await,
        ["Printer on fire"]
    );
    assert_eq!(search(vec![("q", "DANA".into())]).await, ["VPN is down"]);
    assert_eq!(
        search(vec![("assignee", bob_id.clone())]).await,
        ["Printer on fire"]
    );
    assert_eq!(
        search(vec![("assignee", "none".into()), ("q", "printer".into())]).await,
        ["Printer jammed"]
    );

    // Status changes and the filter.
    let res = app
        .call(
            &ada.client,
            "update_ticket",
            &[
                ("id", &third["id"].to_string()),
                ("status", "resolved"),
                ("priority", "low"),
                ("assignee", &bob_id),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        search(vec![("status", "resolved".into())]).await,
        ["Printer jammed"]
    );
    expect_error(
        app.call(&ada.client, "list_tickets", &[("status", "bogus")])
            .await,
        422,
        "validation",
    )
    .await;

    // Bad input.
    let e = expect_error(
        app.call(
            &ada.client,
            "create_ticket",
            &[("subject", ""), ("requester_name", "X")],
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(e["field"], "subject");
    let e = expect_error(
        app.call(
            &ada.client,
            "create_ticket",
            &[
                ("subject", "S"),
                ("requester_name", "X"),
                ("requester_email", "nope"),
            ],
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(e["field"], "requester_email");
    let e = expect_error(
        app.call(
            &ada.client,
            "create_ticket",
            &[
                ("subject", "S"),
                ("requester_name", "X"),
                ("assignee", "999"),
            ],
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(e["field"], "assignee");
}

#[tokio::test]
async fn contacts_search_and_validation() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    for (name, email, company) in [
        ("Ann Archer", "ann@acme.example", "Acme"),
        ("Ben Baker", "", "Bakery"),
        ("Cy Cooper", "cy@coop.example", ""),
    ] {
        let res = app
            .call(
                &ada.client,
                "create_contact",
                &[("name", name), ("email", email), ("company", company)],
            )
            .await;
        assert_eq!(res.status(), 200, "{name}");
    }
    let names = |q: &'static str| {
        let app = &app;
        let ada = &ada;
        async move {
            let l = json(app.call(&ada.client, "list_contacts", &[("q", q)]).await).await;
            l["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["name"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(names("").await, ["Ann Archer", "Ben Baker", "Cy Cooper"]);
    assert_eq!(names("ak").await, ["Ben Baker"], "partial words");
    assert_eq!(names("ACME").await, ["Ann Archer"], "company, any case");
    assert_eq!(names("coop.example").await, ["Cy Cooper"], "email");
    assert_eq!(
        names("ann bakery").await,
        Vec::<String>::new(),
        "every word must match"
    );
    assert_eq!(
        names("50%").await,
        Vec::<String>::new(),
        "wildcards are literal"
    );

    let e = expect_error(
        app.call(
            &ada.client,
            "create_contact",
            &[("name", "Dup"), ("email", "ANN@acme.example")],
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(e["field"], "email");
    let e = expect_error(
        app.call(&ada.client, "create_contact", &[("name", "")])
            .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(e["field"], "name");

    let ann = json(
        app.call(&ada.client, "list_contacts", &[("q", "ann")])
            .await,
    )
    .await["rows"][0]["id"]
        .to_string();
    let res = app
        .call(
            &ada.client,
            "update_contact",
            &[
                ("id", &ann),
                ("name", "Ann A. Archer"),
                ("email", "ann@acme.example"),
                ("phone", "+1 555 0100"),
                ("notes", "VIP"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let c = json(app.call(&ada.client, "get_contact", &[("id", &ann)]).await).await;
    assert_eq!(c["name"], "Ann A. Archer");
    assert_eq!(c["phone"], "+1 555 0100");
    assert_eq!(c["company"], Value::Null, "emptied");
    expect_error(
        app.call(&ada.client, "get_contact", &[("id", "999")]).await,
        404,
        "not_found",
    )
    .await;
}
