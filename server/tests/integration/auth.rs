use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION, REFERER, RETRY_AFTER, SET_COOKIE};

use crate::support::{expect_error, json, spawn_app, ADMIN_EMAIL, ADMIN_PASSWORD};

#[tokio::test]
async fn signed_out_page_visit_redirects_to_sign_in() {
    let app = spawn_app().await;
    let res = app
        .client()
        .get(app.url("/chat/queue"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()[LOCATION].to_str().unwrap(),
        "/sign-in?next=/chat/queue"
    );
    let res = app
        .client()
        .get(app.url("/settings/agents?x=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()[LOCATION].to_str().unwrap(),
        "/sign-in?next=/settings/agents%3Fx%3D1"
    );
}

#[tokio::test]
async fn sign_in_page_renders_the_form() {
    let app = spawn_app().await;
    let res = app.client().get(app.url("/sign-in")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(r#"<label for="email">Email</label>"#),
        "{html}"
    );
    assert!(html.contains(r#"<label for="password">Password</label>"#));
    assert!(html.contains("Sign in"));
}

#[tokio::test]
async fn server_functions_refuse_signed_out_callers() {
    let app = spawn_app().await;
    let c = app.client();
    for name in ["get_current_agent", "list_agents"] {
        let res = app.call(&c, name, &[]).await;
        expect_error(res, 401, "unauthorized").await;
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_generic_error() {
    let app = spawn_app().await;
    let c = app.client();
    let wrong = expect_error(
        app.sign_in(&c, ADMIN_EMAIL, "nope-nope-nope").await,
        401,
        "unauthorized",
    )
    .await;
    let unknown = expect_error(
        app.sign_in(&c, "ghost@example.com", "nope-nope-nope").await,
        401,
        "unauthorized",
    )
    .await;
    assert_eq!(wrong["message"], "Invalid email or password");
    assert_eq!(wrong, unknown);
}

#[tokio::test]
async fn sign_in_sets_a_safe_cookie_and_opens_the_shell() {
    let app = spawn_app().await;
    let c = app.client();
    // Email matching is case-insensitive.
    let res = app.sign_in(&c, "ADMIN@Example.com", ADMIN_PASSWORD).await;
    assert_eq!(res.status(), 200);
    let cookie = res.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.starts_with("chat_session="));
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Lax"));
    assert!(!cookie.contains("Secure"), "plain http: no Secure flag");
    assert_eq!(json(res).await, "/chat/queue");

    let me = json(app.call(&c, "get_current_agent", &[]).await).await;
    assert_eq!(me["email"], ADMIN_EMAIL);
    assert_eq!(me["role"], "admin");

    let page = c.get(app.url("/chat/queue")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    for link in [
        "Chat", "Queue", "Channels", "Folders", "Tickets", "Contacts", "Settings",
    ] {
        assert!(html.contains(&format!(">{link}<")), "sidebar link {link}");
    }

    // Signed in, the sign-in page and / lead to the app.
    let res = c.get(app.url("/sign-in")).send().await.unwrap();
    assert_eq!(res.headers()[LOCATION], "/chat/queue");
    let res = c.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.headers()[LOCATION], "/chat/queue");
}

#[tokio::test]
async fn cookie_is_secure_behind_an_https_proxy() {
    let app = spawn_app().await;
    let res = app
        .client()
        .post(app.url("/api/sign_in"))
        .header(ACCEPT, "application/json")
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-proto", "https")
        .body(format!("email={ADMIN_EMAIL}&password={ADMIN_PASSWORD}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()[SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("; Secure"));
}

#[tokio::test]
async fn next_parameter_is_followed_only_within_the_site() {
    let app = spawn_app().await;
    let c = app.client();
    let res = app
        .call(
            &c,
            "sign_in",
            &[
                ("email", ADMIN_EMAIL),
                ("password", ADMIN_PASSWORD),
                ("next", "/tickets"),
            ],
        )
        .await;
    assert_eq!(json(res).await, "/tickets");
    let res = app
        .call(
            &c,
            "sign_in",
            &[
                ("email", ADMIN_EMAIL),
                ("password", ADMIN_PASSWORD),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(json(res).await, "/chat/queue");
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let c = app.admin_client().await;
    let res = app.call(&c, "sign_out", &[]).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()[SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    expect_error(
        app.call(&c, "get_current_agent", &[]).await,
        401,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn stolen_cookie_is_useless_after_sign_out() {
    let app = spawn_app().await;
    let c = app.client();
    let res = app.sign_in(&c, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let cookie = res.headers()[SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let with_stolen_cookie = || {
        app.client()
            .get(app.url("/chat/queue"))
            .header("cookie", cookie.clone())
            .send()
    };
    // The copied cookie opens the app while the session lasts…
    assert_eq!(with_stolen_cookie().await.unwrap().status(), 200);
    assert_eq!(app.call(&c, "sign_out", &[]).await.status(), 200);
    // …and nothing once it is signed out.
    let res = with_stolen_cookie().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()[LOCATION], "/sign-in?next=/chat/queue");
}

#[tokio::test]
async fn sessions_survive_a_server_restart() {
    let app = spawn_app().await;
    let c = app.client();
    let res = app.sign_in(&c, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let cookie = res.headers()[SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let app = app.restart().await;
    let res = app
        .client()
        .get(app.url("/chat/queue"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn repeated_failures_lock_this_address_out_of_the_account() {
    let app = spawn_app().await;
    let c = app.client();
    for _ in 0..5 {
        expect_error(
            app.sign_in(&c, ADMIN_EMAIL, "wrong-password").await,
            401,
            "unauthorized",
        )
        .await;
    }
    // Now even the right password is refused until the window passes.
    let res = app.sign_in(&c, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let retry: u64 = res.headers()[RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 15 * 60);
    let body = expect_error(res, 429, "rate_limited").await;
    assert!(body["message"]
        .as_str()
        .unwrap()
        .starts_with("Too many attempts"));
    // Another account from the same address is not locked by this one.
    let other = app.client();
    expect_error(
        app.sign_in(&other, "someone@example.com", "wrong-password")
            .await,
        401,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn over_long_fields_are_rejected_clearly() {
    let app = spawn_app().await;
    let c = app.client();
    let long_email = format!("{}@example.com", "a".repeat(300));
    let body = expect_error(app.sign_in(&c, &long_email, "pw").await, 422, "validation").await;
    assert_eq!(body["field"], "email");
    assert_eq!(body["message"], "Email must be at most 254 characters.");
    let body = expect_error(
        app.sign_in(&c, ADMIN_EMAIL, &"p".repeat(300)).await,
        422,
        "validation",
    )
    .await;
    assert_eq!(body["field"], "password");
}

#[tokio::test]
async fn sign_in_works_as_a_plain_html_form() {
    let app = spawn_app().await;
    let c = app.client();
    let post = |body: String| {
        c.post(app.url("/api/sign_in"))
            .header(ACCEPT, "text/html,application/xhtml+xml")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(REFERER, app.url("/sign-in"))
            .body(body)
            .send()
    };
    let res = post(format!(
        "email={ADMIN_EMAIL}&password=wrong-password&next=%2Ftickets"
    ))
    .await
    .unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(
        res.headers()[LOCATION],
        "/sign-in?error=unauthorized&next=/tickets"
    );
    let page = c
        .get(app.url("/sign-in?error=unauthorized&next=/tickets"))
        .send()
        .await
        .unwrap();
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("Invalid email or password"));

    let res = post(format!(
        "email={ADMIN_EMAIL}&password={ADMIN_PASSWORD}&next=%2Ftickets"
    ))
    .await
    .unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(res.headers()[LOCATION], "/tickets");
    assert!(res.headers().get(SET_COOKIE).is_some());
}
