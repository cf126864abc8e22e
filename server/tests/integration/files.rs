//! Files in chats: visitors and agents send images, PDF and plain text; the type is read
//! from the bytes; each reader fetches with their own credentials; a refused upload
//! leaves nothing behind.
use reqwest::{header, Client, Response};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::Value;

use crate::support::{expect_error, json, ok, spawn_configured, visitor, Agent, TestApp};

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

async fn visitor_upload(
    app: &TestApp,
    token: &str,
    client_id: &str,
    name: &str,
    kind: &str,
    body: Vec<u8>,
) -> Response {
    Client::new()
        .post(app.url("/v1/visitor/files"))
        .query(&[("client_id", client_id), ("name", name)])
        .bearer_auth(token)
        .header(header::CONTENT_TYPE, kind)
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn visitor_fetch(app: &TestApp, token: Option<&str>, id: &str) -> Response {
    let mut req = Client::new().get(app.url(&format!("/v1/visitor/files/{id}")));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

async fn agent_upload(
    app: &TestApp,
    agent: &Agent,
    chat: i64,
    name: &str,
    kind: &str,
    body: &[u8],
) -> Response {
    agent
        .client
        .post(app.url(&format!("/files/chat/{chat}")))
        .query(&[("client_id", "ag-1"), ("name", name)])
        .header(header::CONTENT_TYPE, kind)
        .body(body.to_vec())
        .send()
        .await
        .unwrap()
}

async fn active_chat(app: &TestApp, agent: &Agent, name: &str) -> (i64, String) {
    let token = visitor::token(&visitor::start(app, name, "Hello").await);
    let id = app.newest_waiting_id(agent).await;
    ok(app
        .call(&agent.client, "accept_chat", &[("id", &id.to_string())])
        .await)
    .await;
    (id, token)
}

async fn stored_files(app: &TestApp) -> u64 {
    app::ssr::entities::chat_file::Entity::find()
        .count(&app.db)
        .await
        .unwrap()
}

async fn transcript_len(app: &TestApp, token: &str) -> usize {
    json(visitor::get(app, token).await).await["messages"]
        .as_array()
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_visitors_image_reaches_the_agent_and_no_one_else() {
    let app = spawn_configured(|c| c.new_chat_burst = 20).await;
    let ada = app.agent("ada@example.com", "Ada", false).await;
    let (id, token) = active_chat(&app, &ada, "Vi").await;
    let (_, other_token) = active_chat(&app, &ada, "Mallory").await;

    let sent = ok(visitor_upload(
        &app,
        &token,
        "img-1",
        "../../etc/photo.png",
        "image/png",
        PNG.to_vec(),
    )
    .await)
    .await;
    let file = &sent["file"];
    assert_eq!(
        file["name"], "photo.png",
        "the path is dropped from the name"
    );
    assert_eq!(file["content_type"], "image/png");
    assert_eq!(file["size"], PNG.len());
    assert_eq!(sent["text"], "photo.png");
    let file_id = file["id"].as_str().unwrap().to_string();
    assert!(file_id.len() >= 20, "unguessable: {file_id}");

    // A retried upload (same client id) is the same message; one file is stored.
    let again = ok(visitor_upload(
        &app,
        &token,
        "img-1",
        "photo.png",
        "image/png",
        PNG.to_vec(),
    )
    .await)
    .await;
    assert_eq!(again["seq"], sent["seq"]);
    assert_eq!(again["file"]["id"], file["id"]);
    assert_eq!(stored_files(&app).await, 1);

    // The visitor reads it back with their token, inline (an image), never sniffed.
    let own = visitor_fetch(&app, Some(&token), &file_id).await;
    assert_eq!(own.status(), 200);
    assert_eq!(own.headers()[header::CONTENT_TYPE], "image/png");
    assert_eq!(own.headers()["x-content-type-options"], "nosniff");
    assert!(own.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("inline;"));
    assert!(own.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    assert_eq!(own.bytes().await.unwrap().as_ref(), PNG);

    // Another chat's token, no token, a stranger's browser: nothing.
    let stranger = expect_error(
        visitor_fetch(&app, Some(&other_token), &file_id).await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(stranger["message"], "No such file.");
    assert_eq!(visitor_fetch(&app, None, &file_id).await.status(), 401);
    let signed_out = app
        .client()
        .get(app.url(&format!("/files/{file_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), 303, "to sign-in, not the bytes");

    // Agents read it; the session shows it as a file message.
    let by_agent = ada
        .client
        .get(app.url(&format!("/files/{file_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(by_agent.status(), 200);
    assert_eq!(by_agent.bytes().await.unwrap().as_ref(), PNG);
    let detail = ok(app
        .call(&ada.client, "get_chat_session", &[("id", &id.to_string())])
        .await)
    .await;
    let messages = detail["messages"].as_array().unwrap();
    assert_eq!(messages.last().unwrap()["file"]["id"], file_id.as_str());
}

#[tokio::test]
async fn bad_files_are_refused_and_nothing_is_half_stored() {
    let app = spawn_configured(|c| c.new_chat_burst = 20).await;
    let admin = app.admin().await;
    let (id, token) = active_chat(&app, &admin, "Vi").await;
    ok(app
        .call(
            &admin.client,
            "save_live_chat_settings",
            &[
                ("routing", "manual"),
                ("max_chats", "3"),
                ("max_file_mb", "1"),
            ],
        )
        .await)
    .await;
    let before = transcript_len(&app, &token).await;

    let mut big = PNG.to_vec();
    big.resize(1024 * 1024 + 1, 0);
    let too_big = expect_error(
        visitor_upload(&app, &token, "f1", "big.png", "image/png", big).await,
        413,
        "payload_too_large",
    )
    .await;
    assert_eq!(too_big["message"], "Files can be 1 MB at most.");

    let lie = expect_error(
        visitor_upload(&app, &token, "f2", "cat.png", "image/png", PDF.to_vec()).await,
        422,
        "validation",
    )
    .await;
    assert_eq!(lie["field"], "file");
    assert!(
        lie["message"].as_str().unwrap().contains("does not match"),
        "{lie}"
    );
    let exe = expect_error(
        visitor_upload(
            &app,
            &token,
            "f3",
            "setup.exe",
            "application/octet-stream",
            b"MZ\x90\0\x03\0\0\0".to_vec(),
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert!(
        exe["message"].as_str().unwrap().starts_with("Only images"),
        "{exe}"
    );
    expect_error(
        visitor_upload(
            &app,
            &token,
            "f4",
            "x.svg",
            "image/svg+xml",
            b"<svg onload=alert(1)>".to_vec(),
        )
        .await,
        422,
        "validation",
    )
    .await;
    expect_error(
        visitor_upload(
            &app,
            &token,
            "f5",
            "x.html",
            "text/html",
            b"<script>alert(1)</script>".to_vec(),
        )
        .await,
        422,
        "validation",
    )
    .await;
    expect_error(
        visitor_upload(&app, &token, "f6", "empty.txt", "text/plain", Vec::new()).await,
        422,
        "validation",
    )
    .await;
    expect_error(
        visitor_upload(
            &app,
            &token,
            "bad id!",
            "a.txt",
            "text/plain",
            b"hi".to_vec(),
        )
        .await,
        422,
        "validation",
    )
    .await;

    assert_eq!(
        stored_files(&app).await,
        0,
        "no file row from a refused upload"
    );
    assert_eq!(
        transcript_len(&app, &token).await,
        before,
        "no message either"
    );

    // A closed chat takes no file, and keeps nothing of one.
    ok(app
        .call(&admin.client, "close_chat", &[("id", &id.to_string())])
        .await)
    .await;
    expect_error(
        visitor_upload(
            &app,
            &token,
            "f7",
            "late.txt",
            "text/plain",
            b"late".to_vec(),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(stored_files(&app).await, 0);
}

#[tokio::test]
async fn an_agents_pdf_is_a_download_for_the_visitor_and_on_the_ticket() {
    let app = spawn_configured(|c| c.new_chat_burst = 20).await;
    let ada = app.agent("ada@example.com", "Ada", false).await;
    let bob = app.agent("bob@example.com", "Bob", false).await;
    let (id, token) = active_chat(&app, &ada, "Vi").await;

    // Only the assignee posts, and only from the app's own origin.
    expect_error(
        agent_upload(&app, &bob, id, "guide.pdf", "application/pdf", PDF).await,
        409,
        "conflict",
    )
    .await;
    let cross_site = Client::new()
        .post(app.url(&format!("/files/chat/{id}")))
        .query(&[("client_id", "x1"), ("name", "a.pdf")])
        .header(header::COOKIE, &ada.cookie)
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/pdf")
        .body(PDF.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    assert_eq!(stored_files(&app).await, 0);

    let sent =
        ok(agent_upload(&app, &ada, id, "Guide \"v2\".pdf", "application/pdf", PDF).await).await;
    assert_eq!(sent["sender"], "agent");
    assert_eq!(sent["author"], "Ada");
    let file_id = sent["file"]["id"].as_str().unwrap().to_string();

    let got = visitor_fetch(&app, Some(&token), &file_id).await;
    assert_eq!(got.status(), 200);
    assert_eq!(got.headers()[header::CONTENT_TYPE], "application/pdf");
    let disposition = got.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(
        disposition,
        "attachment; filename=\"Guide _v2_.pdf\"; filename*=UTF-8''Guide%20%22v2%22.pdf"
    );
    assert_eq!(got.bytes().await.unwrap().as_ref(), PDF);

    // The visitor's transcript names it too.
    let state = json(visitor::get(&app, &token).await).await;
    let last: &Value = state["messages"].as_array().unwrap().last().unwrap();
    assert_eq!(last["file"]["name"], "Guide \"v2\".pdf");

    // The ticket made from the chat links it.
    let ticket = ok(app
        .call(
            &ada.client,
            "create_ticket_from_chat",
            &[("id", &id.to_string()), ("subject", "Guide")],
        )
        .await)
    .await;
    let t = ok(app
        .call(
            &ada.client,
            "get_ticket",
            &[("id", &ticket["id"].to_string())],
        )
        .await)
    .await;
    assert_eq!(t["files"][0]["id"], file_id.as_str());
    let description = t["description"].as_str().unwrap();
    let line = format!(
        "Ada: sent a file: Guide \"v2\".pdf ({} B) /files/{file_id}",
        PDF.len()
    );
    assert!(description.contains(&line), "{description}");
}
