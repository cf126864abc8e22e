//! Internal messaging: channels, folders, members, posts, slash commands, live delivery.
use serde_json::{json, Value};

use crate::support::{expect_error, json, ok, spawn_app, Agent, TestApp};

async fn agent_id(app: &TestApp, a: &Agent) -> String {
    json(app.call(&a.client, "get_current_agent", &[]).await).await["id"].to_string()
}

#[must_use = "check the response"]
async fn create_channel(
    app: &TestApp,
    a: &Agent,
    name: &str,
    private: bool,
    members: &str,
    folder: &str,
) -> reqwest::Response {
    let private = if private { "true" } else { "false" };
    app.call(
        &a.client,
        "create_channel",
        &[
            ("name", name),
            ("description", "what it is for"),
            ("folder", folder),
            ("private", private),
            ("members", members),
        ],
    )
    .await
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

#[must_use = "check the response"]
async fn command(app: &TestApp, a: &Agent, channel: &str, text: &str) -> reqwest::Response {
    app.call(
        &a.client,
        "run_command",
        &[("channel", channel), ("text", text)],
    )
    .await
}

fn names(groups: &Value) -> Vec<String> {
    groups
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| {
            g["channels"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["name"].as_str().unwrap().to_string())
        })
        .collect()
}

#[tokio::test]
async fn channel_names_are_validated_and_unique() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let res = create_channel(&app, &ada, "#Infrastructure-Team", false, "", "").await;
    assert_eq!(res.status(), 200);
    let list = json(app.call(&ada.client, "list_channels", &[]).await).await;
    assert_eq!(names(&list), ["infrastructure-team"]);
    let e = expect_error(
        create_channel(&app, &ada, "infrastructure-team", false, "", "").await,
        422,
        "validation",
    )
    .await;
    assert_eq!(e["message"], "A channel with this name already exists.");
    let e = expect_error(
        create_channel(&app, &ada, "bad name!", false, "", "").await,
        422,
        "validation",
    )
    .await;
    assert_eq!(e["field"], "name");
    expect_error(
        create_channel(&app, &ada, "", false, "", "").await,
        422,
        "validation",
    )
    .await;
    let e = expect_error(
        create_channel(&app, &ada, "ok-name", false, "", "999").await,
        422,
        "validation",
    )
    .await;
    assert_eq!(e["field"], "folder");
    let e = expect_error(
        create_channel(&app, &ada, "ok-name", false, "12345", "").await,
        422,
        "validation",
    )
    .await;
    assert_eq!(e["field"], "members");
    assert_eq!(
        names(&json(app.call(&ada.client, "list_channels", &[]).await).await).len(),
        1,
        "nothing else created"
    );
}

#[tokio::test]
async fn a_private_channel_gives_non_members_nothing() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let cy = app.agent("cy@example.com", "Cy", false).await;
    let bob_id = agent_id(&app, &bob).await;
    let id = json(create_channel(&app, &ada, "secret", true, &bob_id, "").await)
        .await
        .to_string();
    let first = json(post(&app, &ada, &id, "m1", "the plan").await).await;
    let msg = first["id"].to_string();

    // Bob is a member: he sees it.
    assert_eq!(
        names(&json(app.call(&bob.client, "list_channels", &[]).await).await),
        ["secret"]
    );
    let detail = json(app.call(&bob.client, "get_channel", &[("id", &id)]).await).await;
    assert_eq!(detail["posts"][0]["body"], "the plan");

    // Cy is not: the channel does not exist for her, on every path.
    assert!(names(&json(app.call(&cy.client, "list_channels", &[]).await).await).is_empty());
    expect_error(
        app.call(&cy.client, "get_channel", &[("id", &id)]).await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        app.call(
            &cy.client,
            "load_older_posts",
            &[("id", &id), ("before_seq", "99")],
        )
        .await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        post(&app, &cy, &id, "c1", "let me in").await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        app.call(&cy.client, "join_channel", &[("id", &id)]).await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        app.call(
            &cy.client,
            "edit_channel_message",
            &[("message_id", &msg), ("text", "x")],
        )
        .await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        app.call(
            &cy.client,
            "delete_channel_message",
            &[("message_id", &msg)],
        )
        .await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        app.call(
            &cy.client,
            "invite_member",
            &[("id", &id), ("agent", &bob_id)],
        )
        .await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        command(&app, &cy, &id, "/topic mine now").await,
        404,
        "not_found",
    )
    .await;
    expect_error(command(&app, &cy, &id, "/help").await, 404, "not_found").await;

    // Nor over the live connection.
    let mut sock = app.agent_socket(&cy).await;
    sock.send(
        json!({ "type": "watch_channel", "channel_id": id.parse::<i64>().unwrap(), "after": 0 }),
    )
    .await;
    let err = sock.next_of("error").await;
    assert_eq!(err["code"], "not_found");
    assert_eq!(
        post(&app, &ada, &id, "m2", "still secret").await.status(),
        200
    );
    sock.until_pong(&["badge", "channels_changed", "queue"])
        .await;
}

#[tokio::test]
async fn public_channels_can_be_viewed_and_joined() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let cy = app.agent("cy@example.com", "Cy", false).await;
    let id = json(create_channel(&app, &ada, "general", false, "", "").await)
        .await
        .to_string();
    ok(post(&app, &ada, &id, "m1", "hello all").await).await;
    let list = json(app.call(&cy.client, "list_channels", &[]).await).await;
    let general = &list[0]["channels"][0];
    assert_eq!(general["member"], false);
    assert_eq!(general["unread"], 0, "non-members have no unread");
    let detail = json(app.call(&cy.client, "get_channel", &[("id", &id)]).await).await;
    assert_eq!(detail["posts"][0]["body"], "hello all");
    let e = expect_error(post(&app, &cy, &id, "c1", "hi").await, 403, "forbidden").await;
    assert_eq!(e["message"], "Join the channel first.");
    assert_eq!(
        app.call(&cy.client, "join_channel", &[("id", &id)])
            .await
            .status(),
        200
    );
    assert_eq!(post(&app, &cy, &id, "c1", "hi").await.status(), 200);
    let detail = json(app.call(&cy.client, "get_channel", &[("id", &id)]).await).await;
    let bodies: Vec<&str> = detail["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["hello all", "Cy joined", "hi"]);
}

#[tokio::test]
async fn unread_counts_and_mentions() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let bob_id = agent_id(&app, &bob).await;
    let id = json(create_channel(&app, &ada, "ops", true, &bob_id, "").await)
        .await
        .to_string();
    ok(post(&app, &ada, &id, "m1", "one").await).await;
    ok(post(&app, &ada, &id, "m2", "two, @bob please look").await).await;
    let m3 = json(post(&app, &ada, &id, "m3", "three").await).await;
    let list = json(app.call(&bob.client, "list_channels", &[]).await).await;
    let ops = &list[0]["channels"][0];
    assert_eq!(
        (ops["unread"].as_u64(), ops["mentions"].as_u64()),
        (Some(3), Some(1))
    );
    let badge = json(app.call(&bob.client, "get_badge", &[]).await).await;
    assert_eq!(
        (badge["channel_unread"].as_u64(), badge["mentions"].as_u64()),
        (Some(3), Some(1))
    );
    // Ada's own messages are not unread for her.
    let list = json(app.call(&ada.client, "list_channels", &[]).await).await;
    assert_eq!(list[0]["channels"][0]["unread"], 0);

    // Deleting a message takes it out of the count.
    ok(app
        .call(
            &ada.client,
            "delete_channel_message",
            &[("message_id", &m3["id"].to_string())],
        )
        .await)
    .await;
    let list = json(app.call(&bob.client, "list_channels", &[]).await).await;
    assert_eq!(list[0]["channels"][0]["unread"], 2);

    // Reading clears both.
    let mut sock = app.agent_socket(&bob).await;
    sock.send(
        json!({ "type": "read_channel", "channel_id": id.parse::<i64>().unwrap(), "seq": 10 }),
    )
    .await;
    // Frames are handled in order: once the pong is back, the read was recorded.
    sock.until_pong(&["badge", "channels_changed"]).await;
    let l = json(app.call(&bob.client, "list_channels", &[]).await).await;
    assert_eq!(l[0]["channels"][0]["unread"], 0, "{l}");
    assert_eq!(l[0]["channels"][0]["mentions"], 0, "{l}");
}

#[tokio::test]
async fn edits_and_deletes_reach_watchers_and_replay_after_reconnect() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let bob_id = agent_id(&app, &bob).await;
    let id = json(create_channel(&app, &ada, "eng", true, &bob_id, "").await)
        .await
        .to_string();
    let cid: i64 = id.parse().unwrap();
    let mut sock = app.agent_socket(&bob).await;
    sock.send(json!({ "type": "watch_channel", "channel_id": cid, "after": 0 }))
        .await;

    let m1 = json(post(&app, &ada, &id, "m1", "first").await).await;
    assert_eq!(sock.next_of("channel_post").await["post"]["body"], "first");
    // Same client id again: stored once.
    let again = json(post(&app, &ada, &id, "m1", "first").await).await;
    assert_eq!(again["id"], m1["id"]);

    // Only the author edits or deletes.
    let mid = m1["id"].to_string();
    expect_error(
        app.call(
            &bob.client,
            "edit_channel_message",
            &[("message_id", &mid), ("text", "hijack")],
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    let edited = json(
        app.call(
            &ada.client,
            "edit_channel_message",
            &[("message_id", &mid), ("text", "first (fixed)")],
        )
        .await,
    )
    .await;
    assert_eq!(edited["edited"], true);
    let live = sock.next_of("channel_post").await;
    assert_eq!(live["post"]["body"], "first (fixed)");
    assert_eq!(live["post"]["edited"], true);
    let last_seen = live["post"]["rev"].as_i64().unwrap();
    sock.close().await;

    // While Bob is away: a new message, a delete.
    assert_eq!(post(&app, &ada, &id, "m2", "second").await.status(), 200);
    let res = app
        .call(
            &ada.client,
            "delete_channel_message",
            &[("message_id", &mid)],
        )
        .await;
    assert_eq!(res.status(), 200);

    let mut sock = app.agent_socket(&bob).await;
    sock.send(json!({ "type": "watch_channel", "channel_id": cid, "after": last_seen }))
        .await;
    let a = sock.next_of("channel_post").await;
    let b = sock.next_of("channel_post").await;
    assert_eq!(a["post"]["body"], "second");
    assert_eq!(b["post"]["id"], m1["id"]);
    assert_eq!(b["post"]["deleted"], true);
    assert_eq!(b["post"]["body"], "");
    // Nothing more: each change once.
    sock.until_pong(&["badge", "channels_changed"]).await;
    expect_error(
        app.call(
            &ada.client,
            "edit_channel_message",
            &[("message_id", &mid), ("text", "again")],
        )
        .await,
        409,
        "conflict",
    )
    .await;
}

#[tokio::test]
async fn leaving_a_private_channel_stops_its_live_events() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let bob_id = agent_id(&app, &bob).await;
    let id = json(create_channel(&app, &ada, "hush", true, &bob_id, "").await)
        .await
        .to_string();
    let cid: i64 = id.parse().unwrap();
    let mut sock = app.agent_socket(&bob).await;
    sock.send(json!({ "type": "watch_channel", "channel_id": cid, "after": 0 }))
        .await;
    // Watching before leaving (frames are handled in order: the pong says it is done).
    sock.until_pong(&["badge", "channels_changed", "channel_post"])
        .await;
    let out = json(command(&app, &bob, &id, "/leave").await).await;
    assert_eq!(out["left"], true);
    assert_eq!(sock.next_of("channel_closed").await["channel_id"], cid);
    let res = post(&app, &ada, &id, "after", "you cannot see this").await;
    assert_eq!(res.status(), 200);
    // Not a single post reaches Bob any more (his own "left" notice came before the close).
    sock.until_pong(&["badge", "channels_changed"]).await;
    expect_error(
        app.call(&bob.client, "get_channel", &[("id", &id)]).await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn deleting_a_folder_keeps_its_channels() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let eng = json(
        app.call(&ada.client, "create_folder", &[("name", "Engineering")])
            .await,
    )
    .await;
    let mgmt = json(
        app.call(&ada.client, "create_folder", &[("name", "Management")])
            .await,
    )
    .await;
    let e = expect_error(
        app.call(&ada.client, "create_folder", &[("name", "engineering")])
            .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(e["message"], "A folder with this name already exists.");
    expect_error(
        app.call(&ada.client, "create_folder", &[("name", &"f".repeat(61))])
            .await,
        422,
        "validation",
    )
    .await;
    expect_error(
        app.call(&bob.client, "create_folder", &[("name", "Mine")])
            .await,
        403,
        "forbidden",
    )
    .await;

    let eng_id = eng["id"].to_string();
    ok(create_channel(&app, &ada, "backend", false, "", &eng_id).await).await;
    ok(create_channel(&app, &ada, "frontend", false, "", &eng_id).await).await;
    ok(create_channel(&app, &ada, "random", false, "", "").await).await;
    let groups = json(app.call(&bob.client, "list_channels", &[]).await).await;
    let headings: Vec<Value> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["folder"]["name"].clone())
        .collect();
    assert_eq!(
        headings,
        [json!("Engineering"), json!("Management"), Value::Null]
    );

    // Reorder: Management first.
    ok(app
        .call(
            &ada.client,
            "reorder_folder",
            &[("id", &mgmt["id"].to_string()), ("direction", "-1")],
        )
        .await)
    .await;
    let folders = json(app.call(&bob.client, "list_folders", &[]).await).await;
    let order: Vec<&str> = folders
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["Management", "Engineering"]);
    assert_eq!(folders[1]["channel_count"], 2);

    let res = app
        .call(
            &ada.client,
            "rename_folder",
            &[("id", &eng_id), ("name", "Eng")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let folders = json(app.call(&bob.client, "list_folders", &[]).await).await;
    let renamed: Vec<&str> = folders
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"].to_string().as_str() == eng_id.as_str())
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(renamed, ["Eng"], "{folders}");
    assert_eq!(
        app.call(&ada.client, "delete_folder", &[("id", &eng_id)])
            .await
            .status(),
        200
    );
    let groups = json(app.call(&bob.client, "list_channels", &[]).await).await;
    let mut all = names(&groups);
    all.sort();
    assert_eq!(
        all,
        ["backend", "frontend", "random"],
        "no channel was deleted"
    );
    let no_folder = groups.as_array().unwrap().last().unwrap();
    assert_eq!(no_folder["folder"], Value::Null);
    assert_eq!(no_folder["channels"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn slash_commands() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let id = json(create_channel(&app, &ada, "support", true, "", "").await)
        .await
        .to_string();
    ok(app
        .call(
            &ada.client,
            "create_contact",
            &[
                ("name", "Ann Archer"),
                ("email", "ann@acme.example"),
                ("company", "Acme"),
            ],
        )
        .await)
    .await;

    // /ticket: a ticket, and a notice linking to it; the ticket links back.
    let out = json(command(&app, &ada, &id, "/ticket Printer on fire").await).await;
    let number = out["ticket"]["number"].as_i64().unwrap();
    assert_eq!(
        out["posted"]["body"],
        format!("Ada Admin created ticket #{number}: Printer on fire")
    );
    assert_eq!(
        out["posted"]["link_url"],
        format!("/tickets/{}", out["ticket"]["id"])
    );
    let ticket = json(
        app.call(
            &ada.client,
            "get_ticket",
            &[("id", &out["ticket"]["id"].to_string())],
        )
        .await,
    )
    .await;
    assert_eq!(ticket["subject"], "Printer on fire");
    // The link back names the channel to those who may read it (see security_data.rs).
    assert_eq!(
        ticket["description"],
        "Created by Ada Admin from a team channel message."
    );
    assert_eq!(ticket["source_channel"]["name"], "support");
    assert_eq!(ticket["source_channel"]["id"].to_string(), id);
    assert_eq!(ticket["source_channel"]["seq"], out["posted"]["seq"]);

    // /contact: for the caller only; nothing posted.
    let before = json(app.call(&ada.client, "get_channel", &[("id", &id)]).await).await["posts"]
        .as_array()
        .unwrap()
        .len();
    let out = json(command(&app, &ada, &id, "/contact acme").await).await;
    assert_eq!(out["contacts"][0]["name"], "Ann Archer");
    assert_eq!(out["posted"], Value::Null);
    // /help lists the commands.
    let out = json(command(&app, &ada, &id, "/help").await).await;
    assert!(out["note"]
        .as_str()
        .unwrap()
        .contains("/invite @agent — Add an agent to this channel"));
    // Errors are for the caller; nothing is posted.
    let e = expect_error(command(&app, &ada, &id, "/shrug").await, 422, "validation").await;
    assert_eq!(
        e["message"],
        "Unknown command /shrug. Type /help to see the commands."
    );
    expect_error(command(&app, &ada, &id, "/ticket").await, 422, "validation").await;
    expect_error(
        command(&app, &ada, &id, "/invite @nobody").await,
        422,
        "validation",
    )
    .await;
    let after = json(app.call(&ada.client, "get_channel", &[("id", &id)]).await).await["posts"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(before, after);

    // /invite @handle, /topic.
    let out = json(command(&app, &ada, &id, "/invite @bob").await).await;
    assert_eq!(out["posted"]["body"], "Ada Admin added Bob");
    assert_eq!(
        app.call(&bob.client, "get_channel", &[("id", &id)])
            .await
            .status(),
        200
    );
    expect_error(
        command(&app, &ada, &id, "/invite @bob").await,
        409,
        "conflict",
    )
    .await;
    json(command(&app, &bob, &id, "/topic Printers and other fires").await).await;
    let detail = json(app.call(&ada.client, "get_channel", &[("id", &id)]).await).await;
    assert_eq!(detail["description"], "Printers and other fires");

    // In a chat session, /ticket is Create Ticket; channel-only commands are refused.
    let started = crate::support::visitor::start(&app, "Vi", "Teapot broken").await;
    let _ = started;
    let q = json(
        app.call(&ada.client, "list_queue", &[("tab", "waiting")])
            .await,
    )
    .await;
    let session = q["rows"][0]["id"].to_string();
    ok(app
        .call(&ada.client, "accept_chat", &[("id", &session)])
        .await)
    .await;
    let out = json(
        app.call(
            &ada.client,
            "run_command",
            &[("session", &session), ("text", "/ticket Broken teapot")],
        )
        .await,
    )
    .await;
    assert!(out["ticket"]["number"].as_i64().unwrap() > number);
    let detail = json(
        app.call(&ada.client, "get_chat_session", &[("id", &session)])
            .await,
    )
    .await;
    assert_eq!(detail["ticket"]["number"], out["ticket"]["number"]);
    let e = expect_error(
        app.call(
            &ada.client,
            "run_command",
            &[("session", &session), ("text", "/leave")],
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(e["message"], "/leave does not work here.");
}
