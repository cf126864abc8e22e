//! What a support team uses every hour: internal notes, canned responses, and the
//! visitor's place in line.
use serde_json::{json, Value};

use crate::support::{expect_error, ok, spawn_app, visitor, ws, Agent, TestApp};

const SECRET: &str = "VIP: refund approved by finance, do not mention the audit";

#[must_use = "check the response"]
async fn add_note(
    app: &TestApp,
    agent: &Agent,
    id: i64,
    client_id: &str,
    text: &str,
) -> reqwest::Response {
    app.call(
        &agent.client,
        "add_chat_note",
        &[
            ("id", &id.to_string()),
            ("client_id", client_id),
            ("text", text),
        ],
    )
    .await
}

async fn accept(app: &TestApp, agent: &Agent, id: i64) {
    ok(app
        .call(&agent.client, "accept_chat", &[("id", &id.to_string())])
        .await)
    .await;
}

fn texts(frames: &[Value]) -> String {
    frames
        .iter()
        .map(Value::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn internal_notes_reach_agents_and_never_the_visitor() {
    let app = spawn_app().await;
    let ada = app.agent("ada@example.com", "Ada", false).await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let started = visitor::start(&app, "Vi", "Where is my refund?").await;
    let token = visitor::token(&started);
    let id = app.newest_waiting_id(&ada).await;
    accept(&app, &ada, id).await;

    let (mut vsock, _) = ws::visitor(&app, &token, 0).await;
    let mut asock = app.agent_socket(&ada).await;
    asock
        .send(json!({ "type": "watch", "session_id": id, "after": 0 }))
        .await;
    asock.next_of("session").await;

    // A colleague who does not have the chat may leave a note too.
    let note = ok(add_note(&app, &bob, id, "n1", SECRET).await).await;
    assert_eq!(note["author"], "Bob");
    assert_eq!(
        note["after_seq"], 2,
        "after the visitor's line and 'Ada joined'"
    );
    // A retry stores it once.
    let again = ok(add_note(&app, &bob, id, "n1", SECRET).await).await;
    assert_eq!(again["id"], note["id"]);

    let pushed = asock.next_of("notes").await;
    assert_eq!(pushed["session_id"], id);
    assert_eq!(pushed["notes"].as_array().unwrap().len(), 1);
    assert_eq!(pushed["notes"][0]["text"], SECRET);

    // Ada replies; the visitor's transcript goes on without a gap and without the note.
    ok(app
        .call(
            &ada.client,
            "send_chat_message",
            &[
                ("id", &id.to_string()),
                ("client_id", "a1"),
                ("text", "On its way"),
            ],
        )
        .await)
    .await;
    let frames = vsock.until_pong(&["message", "session", "typing"]).await;
    let seen = texts(&frames);
    assert!(!seen.contains("VIP"), "a note reached the visitor: {seen}");
    let seqs: Vec<i64> = frames
        .iter()
        .filter(|f| f["type"] == "message")
        .map(|f| f["message"]["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, [1, 2, 3], "gapless: {seen}");

    let state = ok(visitor::get(&app, &token).await).await;
    assert!(!state.to_string().contains("VIP"), "{state}");
    assert_eq!(state["messages"].as_array().unwrap().len(), 3);

    // A visitor socket that connects now replays everything but the note.
    let (mut late, ready) = ws::visitor(&app, &token, 0).await;
    let replay = late.until_pong(&["message", "session"]).await;
    assert!(!texts(&replay).contains("VIP") && !ready.to_string().contains("VIP"));

    // Agents see it on the session page and in the ticket, marked internal.
    let detail = ok(app
        .call(&ada.client, "get_chat_session", &[("id", &id.to_string())])
        .await)
    .await;
    assert_eq!(detail["notes"][0]["text"], SECRET);
    let ticket = ok(app
        .call(
            &ada.client,
            "create_ticket_from_chat",
            &[("id", &id.to_string()), ("subject", "Refund")],
        )
        .await)
    .await;
    let full = ok(app
        .call(
            &ada.client,
            "get_ticket",
            &[("id", &ticket["id"].to_string())],
        )
        .await)
    .await;
    let description = full["description"].as_str().unwrap();
    assert!(
        description.contains(&format!(
            "Internal note by Bob (not seen by the visitor): {SECRET}"
        )),
        "{description}"
    );
}

#[tokio::test]
async fn notes_are_for_agents_only_and_checked() {
    let app = spawn_app().await;
    let ada = app.agent("ada@example.com", "Ada", false).await;
    visitor::start(&app, "Vi", "Hello").await;
    let id = app.newest_waiting_id(&ada).await;

    // Signed out: refused, nothing stored.
    let anon = app.client();
    let res = app
        .call(
            &anon,
            "add_chat_note",
            &[("id", &id.to_string()), ("client_id", "x"), ("text", "hi")],
        )
        .await;
    assert_eq!(res.status(), 401);
    expect_error(
        add_note(&app, &ada, id, "n1", "   ").await,
        422,
        "validation",
    )
    .await;
    expect_error(
        add_note(&app, &ada, 999_999, "n1", "hi").await,
        404,
        "not_found",
    )
    .await;
    // A waiting chat takes notes (a colleague's heads-up before anyone accepts).
    ok(add_note(&app, &ada, id, "n2", "Known customer, see ticket #12").await).await;
    let detail = ok(app
        .call(&ada.client, "get_chat_session", &[("id", &id.to_string())])
        .await)
    .await;
    assert_eq!(detail["notes"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn canned_responses_are_shared_or_personal() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let ada = app.agent("ada@example.com", "Ada", false).await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let create = |agent: &Agent, shortcut: &str, text: &str, shared: bool| {
        let mut args = vec![
            ("shortcut", shortcut.to_string()),
            ("text", text.to_string()),
        ];
        if shared {
            args.push(("shared", "on".to_string()));
        }
        let client = agent.client.clone();
        let app = &app;
        async move {
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(&client, "create_canned_response", &args).await
        }
    };

    let shared = ok(create(
        &admin,
        "!Refund",
        "Hi {{visitor.name}}, your refund is on its way.",
        true,
    )
    .await)
    .await;
    assert_eq!(shared["shortcut"], "refund");
    assert_eq!(shared["owner"], Value::Null);
    let mine = ok(create(&ada, "hello", "Hello, {{agent.name}} here.", false).await).await;
    // The same shortcut may exist once per scope.
    ok(create(&ada, "refund", "My own refund text", false).await).await;

    // Refusals: agents cannot add shared ones; duplicates and bad shortcuts name the field.
    expect_error(create(&ada, "promo", "x", true).await, 403, "forbidden").await;
    let dup = expect_error(
        create(&admin, "refund", "again", true).await,
        422,
        "validation",
    )
    .await;
    assert_eq!(dup["field"], "shortcut");
    let bad = expect_error(
        create(&ada, "two words", "x", false).await,
        422,
        "validation",
    )
    .await;
    assert_eq!(bad["field"], "shortcut");
    expect_error(create(&ada, "<b>", "x", false).await, 422, "validation").await;

    let list = |agent: &Agent| {
        let client = agent.client.clone();
        let app = &app;
        async move { ok(app.call(&client, "list_canned_responses", &[]).await).await }
    };
    let shortcuts = |v: Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["shortcut"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(shortcuts(list(&ada).await), ["hello", "refund", "refund"]);
    assert_eq!(
        shortcuts(list(&bob).await),
        ["refund"],
        "Ada's own stay hers"
    );

    // Only the owner changes a personal one; only admins change shared ones.
    let mine_id = mine["id"].to_string();
    let shared_id = shared["id"].to_string();
    let res = app
        .call(&bob.client, "delete_canned_response", &[("id", &mine_id)])
        .await;
    expect_error(res, 404, "not_found").await;
    let res = app
        .call(&ada.client, "delete_canned_response", &[("id", &shared_id)])
        .await;
    expect_error(res, 403, "forbidden").await;
    let updated = ok(app
        .call(
            &ada.client,
            "update_canned_response",
            &[("id", &mine_id), ("shortcut", "hi"), ("text", "Hi there")],
        )
        .await)
    .await;
    assert_eq!(updated["shortcut"], "hi");
    ok(app
        .call(
            &admin.client,
            "delete_canned_response",
            &[("id", &shared_id)],
        )
        .await)
    .await;
    assert_eq!(shortcuts(list(&bob).await), Vec::<String>::new());
}

#[tokio::test]
async fn a_waiting_visitor_sees_their_place_in_line_go_down() {
    let app = spawn_app().await;
    let ada = app.agent("ada@example.com", "Ada", false).await;
    let first = visitor::token(&visitor::start(&app, "One", "first").await);
    let first_id = app.newest_waiting_id(&ada).await;
    let second = visitor::token(&visitor::start(&app, "Two", "second").await);
    let third_started = visitor::start(&app, "Three", "third").await;
    assert_eq!(third_started["session"]["queue_position"], 3);
    let third = visitor::token(&third_started);
    let third_id = app.newest_waiting_id(&ada).await;
    assert_eq!(
        ok(visitor::get(&app, &first).await).await["session"]["queue_position"],
        1
    );

    let (mut sock, ready) = ws::visitor(&app, &third, 0).await;
    assert_eq!(ready["session"]["queue_position"], 3);
    sock.until_pong(&["message"]).await;

    // A chat behind this one changes nothing.
    visitor::start(&app, "Four", "fourth").await;
    let quiet = sock.until_pong(&["message", "session"]).await;
    assert!(quiet.iter().all(|f| f["type"] != "session"), "{quiet:?}");

    accept(&app, &ada, first_id).await;
    assert_eq!(
        sock.next_of("session").await["session"]["queue_position"],
        2
    );
    ok(visitor::end(&app, &second).await).await;
    assert_eq!(
        sock.next_of("session").await["session"]["queue_position"],
        1
    );

    accept(&app, &ada, third_id).await;
    let accepted = loop {
        let f = sock.next_of("session").await;
        if f["session"]["status"] == "active" {
            break f;
        }
    };
    assert!(
        accepted["session"].get("queue_position").is_none(),
        "{accepted}"
    );
    let state = ok(visitor::get(&app, &third).await).await;
    assert!(state["session"].get("queue_position").is_none());
}

#[must_use = "check the response"]
async fn transfer(
    app: &TestApp,
    agent: &Agent,
    id: i64,
    to: i64,
    note: Option<&str>,
) -> reqwest::Response {
    let id = id.to_string();
    let to = to.to_string();
    let mut args = vec![("id", id.as_str()), ("to", to.as_str())];
    if let Some(n) = note {
        args.push(("note", n));
    }
    app.call(&agent.client, "transfer_chat", &args).await
}

async fn agent_id(app: &TestApp, agent: &Agent) -> i64 {
    ok(app.call(&agent.client, "get_current_agent", &[]).await).await["id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn a_chat_is_transferred_with_a_note_and_can_go_back_to_the_queue() {
    let app = spawn_app().await;
    let ada = app.agent("ada@example.com", "Ada", false).await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let cy = app.agent("cy@example.com", "Cy", false).await;
    let (bob_id, ada_id) = (agent_id(&app, &bob).await, agent_id(&app, &ada).await);
    let token = visitor::token(&visitor::start(&app, "Vi", "Billing question").await);
    let id = app.newest_waiting_id(&ada).await;
    accept(&app, &ada, id).await;
    let (mut vsock, _) = ws::visitor(&app, &token, 0).await;
    vsock.until_pong(&["message"]).await;
    let mut bob_sock = app.agent_socket(&bob).await;
    bob_sock.until_pong(&["badge"]).await;

    // Targets: everyone but the agent who has it.
    let targets = ok(app
        .call(
            &ada.client,
            "list_transfer_targets",
            &[("id", &id.to_string())],
        )
        .await)
    .await;
    let names: Vec<&str> = targets
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Bob") && !names.contains(&"Ada"),
        "{names:?}"
    );
    let bob_target = targets
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Bob")
        .unwrap();
    assert_eq!(
        (&bob_target["active_chats"], &bob_target["capacity"]),
        (&json!(0), &json!(3)),
        "the chooser can warn of a full agent"
    );

    // Refused: to the agent who has it; by someone who does not.
    let same = expect_error(
        transfer(&app, &ada, id, ada_id, None).await,
        422,
        "validation",
    )
    .await;
    assert_eq!(same["field"], "to");
    expect_error(
        transfer(&app, &cy, id, bob_id, None).await,
        403,
        "forbidden",
    )
    .await;

    ok(transfer(&app, &ada, id, bob_id, Some("Wants the March invoice")).await).await;
    let assigned = bob_sock.next_of("assigned").await;
    assert_eq!(assigned["session_id"], id);
    assert_eq!(assigned["by"], "Ada");

    // The visitor sees the handover and Bob's name, never the note.
    let frames = vsock.until_pong(&["message", "session"]).await;
    let lines: Vec<&str> = frames
        .iter()
        .filter(|f| f["type"] == "message")
        .map(|f| f["message"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(lines, ["Ada transferred the chat to Bob", "Bob joined"]);
    assert!(frames
        .iter()
        .any(|f| f["type"] == "session" && f["session"]["agent_name"] == "Bob"));
    assert!(!texts(&frames).contains("March invoice"));
    let detail = ok(app
        .call(&bob.client, "get_chat_session", &[("id", &id.to_string())])
        .await)
    .await;
    assert_eq!(detail["agent_name"], "Bob");
    assert_eq!(detail["notes"][0]["text"], "Wants the March invoice");
    assert_eq!(detail["notes"][0]["author"], "Ada");

    // Bob talks now; Ada no longer can.
    let send = |agent: &Agent, cid: &str| {
        let client = agent.client.clone();
        let (app, cid) = (&app, cid.to_string());
        async move {
            app.call(
                &client,
                "send_chat_message",
                &[
                    ("id", &id.to_string()),
                    ("client_id", &cid),
                    ("text", "hello"),
                ],
            )
            .await
        }
    };
    ok(send(&bob, "b1").await).await;
    expect_error(send(&ada, "a1").await, 409, "conflict").await;

    // Back to the queue: waiting again, with a place in line, for anyone.
    ok(app
        .call(&bob.client, "requeue_chat", &[("id", &id.to_string())])
        .await)
    .await;
    let state = ok(visitor::get(&app, &token).await).await;
    assert_eq!(state["session"]["status"], "waiting");
    assert_eq!(state["session"]["agent_name"], Value::Null);
    assert_eq!(state["session"]["queue_position"], 1);
    accept(&app, &cy, id).await;
}

#[tokio::test]
async fn two_transfers_at_once_one_wins() {
    let app = spawn_app().await;
    let ada = app.agent("ada@example.com", "Ada", false).await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let cy = app.agent("cy@example.com", "Cy", false).await;
    let (bob_id, cy_id) = (agent_id(&app, &bob).await, agent_id(&app, &cy).await);
    for round in 0..5 {
        visitor::start(&app, "Vi", &format!("round {round}")).await;
        let id = app.newest_waiting_id(&ada).await;
        accept(&app, &ada, id).await;
        let (a, b) = tokio::join!(
            transfer(&app, &ada, id, bob_id, None),
            transfer(&app, &ada, id, cy_id, None)
        );
        let wins = [a.status().is_success(), b.status().is_success()];
        assert_eq!(
            wins.iter().filter(|w| **w).count(),
            1,
            "round {round}: {wins:?}"
        );
        let detail = ok(app
            .call(&ada.client, "get_chat_session", &[("id", &id.to_string())])
            .await)
        .await;
        let joined = detail["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| {
                m["text"]
                    .as_str()
                    .unwrap()
                    .ends_with("transferred the chat to Bob")
                    || m["text"]
                        .as_str()
                        .unwrap()
                        .ends_with("transferred the chat to Cy")
            })
            .count();
        assert_eq!(joined, 1, "one handover line");
    }
}
