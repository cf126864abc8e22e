//! Settings → Widget: saved by admins, written into `widget.js` as the server serves it.
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::support::{expect_error, ok, spawn_app};

const TEMPLATE: &str = "(function(){var look = {/*look*/};window.__look = look;})();\n";

/// A built widget: just the loader template.
fn widget_root() -> std::path::PathBuf {
    let n: u64 = rand::random();
    let dir = std::env::temp_dir().join(format!("chat_test_widget_{n:016x}"));
    std::fs::create_dir_all(dir.join("widget")).unwrap();
    std::fs::write(dir.join("widget.js"), TEMPLATE).unwrap();
    dir
}

async fn get_loader(
    router: &axum::Router,
    etag: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut req = Request::get("/widget.js");
    if let Some(tag) = etag {
        req = req.header(header::IF_NONE_MATCH, tag);
    }
    let res = router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (
        parts.status,
        parts.headers,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

/// The look object the served loader carries.
fn look_in(body: &str) -> Value {
    let start = body.find("var look = ").unwrap() + "var look = ".len();
    let end = body[start..].find(";window").unwrap() + start;
    serde_json::from_str(&body[start..end]).unwrap()
}

#[tokio::test]
async fn the_loader_carries_the_saved_look_and_a_new_etag_when_it_changes() {
    let app = spawn_app().await;
    let root = widget_root();
    let router =
        server::widget_assets::routes(root.to_str().unwrap()).with_state(app.server_state.clone());

    let (status, headers, body) = get_loader(&router, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=300");
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    let look = look_in(&body);
    assert_eq!(look["color"], "#2f5bea");
    assert_eq!(look["title"], "Chat with us");
    assert_eq!(look["position"], "right");
    let etag = headers[header::ETAG].to_str().unwrap().to_string();
    let (status, _, body) = get_loader(&router, Some(&etag)).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());

    // An admin saves; this instance serves it on the next request.
    let admin = app.admin_client().await;
    let hostile = "</script><script>alert(1)</script>";
    let saved = ok(app
        .call(
            &admin,
            "save_widget_settings",
            &[
                ("color", "#0F766E"),
                ("title", hostile),
                ("greeting", "Hello & <b>welcome</b>"),
                ("position", "left"),
            ],
        )
        .await)
    .await;
    assert_eq!(saved["color"], "#0f766e");
    let (status, headers, body) = get_loader(&router, Some(&etag)).await;
    assert_eq!(status, StatusCode::OK, "the old ETag no longer matches");
    assert_ne!(headers[header::ETAG].to_str().unwrap(), etag);
    assert!(!body.contains("</script>") && !body.contains("<b>"));
    let look = look_in(&body);
    assert_eq!(look["color"], "#0f766e");
    assert_eq!(look["title"], hostile);
    assert_eq!(look["greeting"], "Hello & <b>welcome</b>");
    assert_eq!(look["position"], "left");

    // What Settings → Widget shows: the same look and a snippet for this server.
    let shown = ok(app.call(&admin, "get_widget_settings", &[]).await).await;
    assert_eq!(shown["look"]["title"], hostile);
    let snippet = shown["snippet"].as_str().unwrap();
    assert_eq!(
        snippet,
        format!("<script src=\"{}/widget.js\" async></script>", app.origin())
    );
    let _ = std::fs::remove_dir_all(root);
}

#[tokio::test]
async fn only_admins_save_and_each_refusal_names_its_field() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    let args = |color: &'static str, title: &'static str, position: &'static str| {
        vec![
            ("color", color),
            ("title", title),
            ("greeting", "Hi"),
            ("position", position),
        ]
    };
    for (a, field) in [
        (args("red", "Chat", "right"), "color"),
        (args("#fff;x", "Chat", "right"), "color"),
        (args("#ffffff", " ", "right"), "title"),
        (args("#ffffff", "Chat", "middle"), "position"),
    ] {
        let body = expect_error(
            app.call(&admin, "save_widget_settings", &a).await,
            422,
            "validation",
        )
        .await;
        assert_eq!(body["field"], field, "{a:?}");
    }
    let long = "g".repeat(301);
    let body = expect_error(
        app.call(
            &admin,
            "save_widget_settings",
            &[
                ("color", "#fff"),
                ("title", "Chat"),
                ("greeting", &long),
                ("position", "left"),
            ],
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(body["field"], "greeting");

    let agent = app
        .agent_client("widget-agent@example.com", "Wanda Agent")
        .await;
    expect_error(
        app.call(
            &agent,
            "save_widget_settings",
            &args("#ffffff", "Chat", "left"),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    // Agents may read it (the snippet is what they hand to a site's developer).
    let shown = ok(app.call(&agent, "get_widget_settings", &[]).await).await;
    assert_eq!(shown["look"]["title"], "Chat with us");
}

#[tokio::test]
async fn another_instance_serves_a_save_at_once() {
    let app = spawn_app().await;
    let beside = app.spawn_beside().await;
    let root = widget_root();
    let there = server::widget_assets::routes(root.to_str().unwrap())
        .with_state(beside.server_state.clone());
    let (_, _, before) = get_loader(&there, None).await;
    assert_eq!(look_in(&before)["title"], "Chat with us");

    let admin = app.admin_client().await;
    ok(app
        .call(
            &admin,
            "save_widget_settings",
            &[
                ("color", "#112233"),
                ("title", "Saved here"),
                ("greeting", "Hi"),
                ("position", "right"),
            ],
        )
        .await)
    .await;
    let (_, _, after) = get_loader(&there, None).await;
    assert_eq!(
        look_in(&after)["title"],
        "Saved here",
        "the other instance's next answer"
    );
    let _ = std::fs::remove_dir_all(root);
}
