use crate::support::{expect_error, json, ok, spawn_app, ADMIN_EMAIL};

#[tokio::test]
async fn admin_creates_an_agent_who_can_then_sign_in() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    let res = app
        .call(
            &admin,
            "create_agent",
            &[
                ("name", "Bea Agent"),
                ("email", "Bea@Example.com"),
                ("password", "bea-password"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let created = json(res).await;
    assert_eq!(created["email"], "bea@example.com");
    assert_eq!(created["role"], "agent");
    assert_eq!(created["active"], true);

    let bea = app.client();
    assert_eq!(
        app.sign_in(&bea, "bea@example.com", "bea-password")
            .await
            .status(),
        200
    );

    let list = json(app.call(&admin, "list_agents", &[]).await).await;
    let emails: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, vec![ADMIN_EMAIL, "bea@example.com"]);
}

#[tokio::test]
async fn agent_input_is_validated_and_nothing_is_written() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    let cases: [(&[(&str, &str)], &str); 4] = [
        (
            &[
                ("name", ""),
                ("email", "x@example.com"),
                ("password", "long-enough"),
            ],
            "name",
        ),
        (
            &[
                ("name", "X"),
                ("email", "not-an-email"),
                ("password", "long-enough"),
            ],
            "email",
        ),
        (
            &[
                ("name", "X"),
                ("email", "x@example.com"),
                ("password", "short"),
            ],
            "password",
        ),
        (
            &[
                ("name", "X"),
                ("email", "ADMIN@example.com"),
                ("password", "long-enough"),
            ],
            "email",
        ),
    ];
    for (args, field) in cases {
        let body = expect_error(
            app.call(&admin, "create_agent", args).await,
            422,
            "validation",
        )
        .await;
        assert_eq!(body["field"], field, "{body}");
    }
    let list = json(app.call(&admin, "list_agents", &[]).await).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "only the admin exists");
}

#[tokio::test]
async fn agents_cannot_manage_agents() {
    let app = spawn_app().await;
    let agent = app.agent_client("cy@example.com", "Cy").await;
    expect_error(
        app.call(
            &agent,
            "create_agent",
            &[
                ("name", "Eve"),
                ("email", "eve@example.com"),
                ("password", "long-enough"),
            ],
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        app.call(
            &agent,
            "set_agent_active",
            &[("id", "1"), ("active", "false")],
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    // They can see the list.
    assert_eq!(app.call(&agent, "list_agents", &[]).await.status(), 200);
}

#[tokio::test]
async fn deactivating_an_agent_ends_their_sessions() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    let dee = app.agent_client("dee@example.com", "Dee").await;
    let me = json(app.call(&dee, "get_current_agent", &[]).await).await;
    let id = me["id"].to_string();

    let res = app
        .call(
            &admin,
            "set_agent_active",
            &[("id", &id), ("active", "false")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(json(res).await["active"], false);

    expect_error(
        app.call(&dee, "get_current_agent", &[]).await,
        401,
        "unauthorized",
    )
    .await;
    let again = app.client();
    expect_error(
        app.sign_in(&again, "dee@example.com", "agent-password-1")
            .await,
        401,
        "unauthorized",
    )
    .await;

    // Reactivated, they can sign in again.
    ok(app
        .call(
            &admin,
            "set_agent_active",
            &[("id", &id), ("active", "true")],
        )
        .await)
    .await;
    assert_eq!(
        app.sign_in(&again, "dee@example.com", "agent-password-1")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn admins_cannot_lock_themselves_out() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    let me = json(app.call(&admin, "get_current_agent", &[]).await).await;
    let id = me["id"].to_string();
    expect_error(
        app.call(
            &admin,
            "set_agent_active",
            &[("id", &id), ("active", "false")],
        )
        .await,
        409,
        "conflict",
    )
    .await;
    expect_error(
        app.call(
            &admin,
            "set_agent_active",
            &[("id", "999"), ("active", "false")],
        )
        .await,
        404,
        "not_found",
    )
    .await;
}
