//! Hostile text in server-rendered pages, the security headers, and what `/api/*` accepts
//! (its origin, content type and size).
use reqwest::header::{CONTENT_TYPE, ORIGIN, SET_COOKIE};
use serde_json::json;

use crate::support::{expect_error, json, spawn_app, spawn_configured, visitor, TestApp};

const HOSTILE: &str = "</title><script>alert(1)</script><img src=x onerror=alert(2)>";

/// Every `<script` in the page is one of Leptos' own, carrying this response's nonce, and
/// the hostile markup appears only escaped.
fn assert_no_injected_script(html: &str, nonce: &str) {
    assert!(!html.contains("<script>alert"), "unescaped script: {html}");
    assert!(!html.contains("<img src=x"), "unescaped markup: {html}");
    let mut rest = html;
    while let Some(i) = rest.find("<script") {
        let tag_end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
        let tag = &rest[i..tag_end];
        assert!(
            tag.contains(&format!("nonce=\"{nonce}\"")),
            "a script without the nonce: {tag}"
        );
        rest = &rest[tag_end..];
    }
}

fn nonce_of(res: &reqwest::Response) -> String {
    let csp = res.headers()["content-security-policy"].to_str().unwrap();
    let start = csp.find("'nonce-").expect("a nonce in the CSP") + "'nonce-".len();
    csp[start..].split('\'').next().unwrap().to_string()
}

async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> (String, String) {
    let res = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    let nonce = nonce_of(&res);
    (res.text().await.unwrap(), nonce)
}

#[tokio::test]
async fn hostile_names_are_escaped_in_every_server_rendered_title() {
    let app = spawn_app().await;
    let ada = app.admin().await;

    // A visitor's name (the reported hole) and message, on the chat session page.
    visitor::start(&app, HOSTILE, &format!("hello {HOSTILE}")).await;
    let session = app.newest_waiting_id(&ada).await;
    let (html, nonce) = page(&app, &ada.client, &format!("/chat/sessions/{session}")).await;
    assert_no_injected_script(&html, &nonce);
    assert!(
        html.contains("<title>&lt;/title&gt;&lt;script&gt;alert(1)"),
        "the title shows the name as text: {html}"
    );

    // A contact's name.
    let contact = json(
        app.call(&ada.client, "create_contact", &[("name", HOSTILE)])
            .await,
    )
    .await;
    let (html, nonce) = page(&app, &ada.client, &format!("/contacts/{contact}")).await;
    assert_no_injected_script(&html, &nonce);
    assert!(html.contains("<title>&lt;/title&gt;"), "{html}");

    // A ticket's subject and requester.
    let ticket = json(
        app.call(
            &ada.client,
            "create_ticket",
            &[("subject", HOSTILE), ("requester_name", HOSTILE)],
        )
        .await,
    )
    .await;
    let (html, nonce) = page(&app, &ada.client, &format!("/tickets/{}", ticket["id"])).await;
    assert_no_injected_script(&html, &nonce);
    assert!(
        html.contains("<title>#1 &lt;/title&gt;&lt;script&gt;"),
        "{html}"
    );

    // A channel (its name is restricted; its topic is free text).
    let channel = json(
        app.call(
            &ada.client,
            "create_channel",
            &[
                ("name", "general"),
                ("description", HOSTILE),
                ("folder", ""),
                ("private", "false"),
                ("members", ""),
            ],
        )
        .await,
    )
    .await;
    let (html, nonce) = page(&app, &ada.client, &format!("/chat/channels/{channel}")).await;
    assert_no_injected_script(&html, &nonce);

    // The lists that show the same text.
    for path in ["/chat/queue", "/contacts", "/tickets", "/chat/channels"] {
        let (html, nonce) = page(&app, &ada.client, path).await;
        assert_no_injected_script(&html, &nonce);
    }
}

#[tokio::test]
async fn agent_pages_carry_a_nonce_csp_and_the_security_headers() {
    let app = spawn_app().await;
    let res = app.client().get(app.url("/sign-in")).send().await.unwrap();
    let h = res.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap().to_string();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'nonce-"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "same-origin");
    assert_eq!(h["x-frame-options"], "DENY");
    let nonce = nonce_of(&res);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the header's nonce"
    );
    assert_no_injected_script(&html, &nonce);

    // A new nonce per response.
    let again = app.client().get(app.url("/sign-in")).send().await.unwrap();
    assert_ne!(nonce_of(&again), nonce);

    // JSON and the visitor side: nosniff everywhere, and the visitor API still answers
    // any site (CORS).
    let res = reqwest::Client::new()
        .get(app.url("/v1/visitor/availability"))
        .header(ORIGIN, "https://shop.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    let health = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(health.headers()["x-content-type-options"], "nosniff");
}

/// `create_agent` as the admin, with the given headers on top of the session cookie.
async fn create_agent_with(
    app: &TestApp,
    cookie: &str,
    headers: &[(&str, &str)],
    email: &str,
) -> reqwest::Response {
    let mut req = reqwest::Client::new()
        .post(app.url("/api/create_agent"))
        .header("cookie", cookie)
        .body(format!(
            "email={email}&name=Mallory&password=long-password-1&admin=true"
        ));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn server_functions_run_only_for_the_app_itself() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let form = ("content-type", "application/x-www-form-urlencoded");
    let own = app.origin();
    let port = app.addr.port();
    let other_port = format!("http://127.0.0.1:{}", port.wrapping_add(1));

    // Another origin on the same site (another port), a sibling subdomain's fetch, no
    // browser signal at all, and a text/plain body from the app's own origin: refused.
    let refused = [
        vec![form, ("origin", other_port.as_str())],
        vec![form, ("origin", "null")],
        vec![form, ("sec-fetch-site", "same-site")],
        vec![form],
        vec![("content-type", "text/plain"), ("origin", own.as_str())],
        vec![("origin", own.as_str())],
    ];
    for (i, headers) in refused.iter().enumerate() {
        let res = create_agent_with(&app, &ada.cookie, headers, &format!("m{i}@example.com")).await;
        let body = expect_error(res, 403, "forbidden").await;
        assert!(body["message"].as_str().unwrap().len() > 10, "{body}");
    }
    let agents = json(app.call(&ada.client, "list_agents", &[]).await).await;
    assert_eq!(agents.as_array().unwrap().len(), 1, "nothing was created");

    // The app's own origin, or a same-origin fetch that sends no Origin: accepted.
    let res = create_agent_with(
        &app,
        &ada.cookie,
        &[form, ("origin", &own)],
        "ok1@example.com",
    )
    .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let res = create_agent_with(
        &app,
        &ada.cookie,
        &[form, ("sec-fetch-site", "same-origin")],
        "ok2@example.com",
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = reqwest::Client::new()
        .post(app.url("/api/list_agents"))
        .header("cookie", &ada.cookie)
        .header("origin", &own)
        .header(CONTENT_TYPE, "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "JSON bodies are fine");
}

#[tokio::test]
async fn sign_in_from_another_origin_is_refused() {
    let app = spawn_app().await;
    let res = reqwest::Client::new()
        .post(app.url("/api/sign_in"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header(ORIGIN, "http://marketing.example")
        .body("email=admin%40example.com&password=admin-password-1")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get(SET_COOKIE).is_none(), "no session");
    expect_error(res, 403, "forbidden").await;
}

#[tokio::test]
async fn configured_agent_origins_may_call_server_functions() {
    let app = spawn_configured(|c| {
        c.agent_origins =
            server::config::OriginPolicy::SameHost(vec!["https://admin.example".into()]);
    })
    .await;
    let res = reqwest::Client::new()
        .post(app.url("/api/sign_in"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(ORIGIN, "https://admin.example")
        .body("email=admin%40example.com&password=admin-password-1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Its socket too; other origins are still refused.
    let ada = app.admin().await;
    let with_origin = |origin: &'static str| {
        let cookie = ada.cookie.clone();
        let app = &app;
        async move {
            crate::support::ws::connect(
                app,
                "/ws/agent",
                &[("cookie", cookie.as_str()), ("origin", origin)],
            )
            .await
            .map(|_| ())
        }
    };
    assert_eq!(with_origin("https://admin.example").await, Ok(()));
    assert_eq!(with_origin("https://evil.example").await, Err(403));
}

#[tokio::test]
async fn oversized_server_function_bodies_get_413() {
    let app = spawn_app().await;
    let ada = app.admin().await;
    let big = "x".repeat(100 * 1024);
    let res = app
        .call(
            &ada.client,
            "create_contact",
            &[("name", "Big"), ("notes", &big)],
        )
        .await;
    let body = expect_error(res, 413, "payload_too_large").await;
    assert!(body["message"].as_str().unwrap().contains("64 KB"));

    // Without a Content-Length (chunked), the limit holds while reading.
    let chunks = futures::stream::iter((0..100).map(|_| Ok::<_, std::io::Error>(vec![b'a'; 1024])));
    let res = reqwest::Client::new()
        .post(app.url("/api/create_contact"))
        .header("cookie", &ada.cookie)
        .header(ORIGIN, app.origin())
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .unwrap();
    expect_error(res, 413, "payload_too_large").await;
    let contacts = json(app.call(&ada.client, "list_contacts", &[]).await).await;
    assert_eq!(contacts["total"], 0, "nothing stored: {contacts}");

    // A visitor body over its 32 KiB limit.
    let token = visitor::token(&visitor::start(&app, "Vi", "hi").await);
    let res = reqwest::Client::new()
        .post(app.url("/v1/visitor/messages"))
        .bearer_auth(&token)
        .json(&json!({ "client_id": "big", "text": "y".repeat(40 * 1024) }))
        .send()
        .await
        .unwrap();
    expect_error(res, 413, "payload_too_large").await;
}
