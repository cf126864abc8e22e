//! Settings → Agents → Edit: an admin renames an agent, changes their role, sets a new
//! password (their sessions end) and unlocks an account the sign-in throttle holds.
use serde_json::Value;

use crate::support::{expect_error, ok, spawn_app, TestApp};

async fn id_of(app: &TestApp, admin: &reqwest::Client, email: &str) -> String {
    let list = ok(app.call(admin, "list_agents", &[]).await).await;
    list.as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == email)
        .map(|a| a["id"].to_string())
        .unwrap()
}

async fn listed(app: &TestApp, admin: &reqwest::Client, email: &str) -> Value {
    let list = ok(app.call(admin, "list_agents", &[]).await).await;
    list.as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == email)
        .cloned()
        .unwrap()
}

#[tokio::test]
async fn an_admin_renames_and_promotes_but_never_demotes_themselves() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    let bea = app.agent("bea@example.com", "Bea", false).await;
    let id = id_of(&app, &admin, "bea@example.com").await;

    let saved = ok(app
        .call(
            &admin,
            "update_agent",
            &[("id", &id), ("name", " Bea Boss "), ("role", "admin")],
        )
        .await)
    .await;
    assert_eq!(
        (saved["name"].as_str(), saved["role"].as_str()),
        (Some("Bea Boss"), Some("admin"))
    );
    // Bea's own session now has an admin's rights.
    ok(app.call(&bea.client, "get_widget_settings", &[]).await).await;
    ok(app
        .call(
            &bea.client,
            "save_widget_settings",
            &[
                ("color", "#123456"),
                ("title", "Hi"),
                ("greeting", "Hello"),
                ("position", "left"),
            ],
        )
        .await)
    .await;

    for (args, field) in [
        (
            vec![("id", id.as_str()), ("name", ""), ("role", "agent")],
            "name",
        ),
        (
            vec![("id", id.as_str()), ("name", "Bea"), ("role", "owner")],
            "role",
        ),
    ] {
        let body = expect_error(
            app.call(&admin, "update_agent", &args).await,
            422,
            "validation",
        )
        .await;
        assert_eq!(body["field"], field);
    }
    assert_eq!(
        listed(&app, &admin, "bea@example.com").await["name"],
        "Bea Boss",
        "nothing half-written"
    );

    let me = id_of(&app, &admin, crate::support::ADMIN_EMAIL).await;
    let body = expect_error(
        app.call(
            &admin,
            "update_agent",
            &[("id", &me), ("name", "Ada"), ("role", "agent")],
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(body["field"], "role");
    // Another admin may demote Bea, and Bea (now an agent) may not edit anyone.
    ok(app
        .call(
            &admin,
            "update_agent",
            &[("id", &id), ("name", "Bea"), ("role", "agent")],
        )
        .await)
    .await;
    expect_error(
        app.call(
            &bea.client,
            "update_agent",
            &[("id", &me), ("name", "X"), ("role", "agent")],
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        app.call(
            &admin,
            "update_agent",
            &[("id", "999999"), ("name", "X"), ("role", "agent")],
        )
        .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn a_new_password_ends_every_session_of_theirs() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    let bea = app.agent("bea@example.com", "Bea", false).await;
    let laptop = app
        .agent_signed_in_as("bea@example.com", "agent-password-1")
        .await;
    let id = id_of(&app, &admin, "bea@example.com").await;

    let short = expect_error(
        app.call(
            &admin,
            "reset_agent_password",
            &[("id", &id), ("password", "short")],
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(short["field"], "password");
    ok(app.call(&bea.client, "get_current_agent", &[]).await).await;

    let ended = ok(app
        .call(
            &admin,
            "reset_agent_password",
            &[("id", &id), ("password", "fresh-password-9")],
        )
        .await)
    .await;
    assert_eq!(ended, 2);
    for client in [&bea.client, &laptop.client] {
        assert_eq!(
            app.call(client, "get_current_agent", &[]).await.status(),
            401
        );
    }
    assert_ne!(
        app.sign_in(&app.client(), "bea@example.com", "agent-password-1")
            .await
            .status(),
        200
    );
    assert_eq!(
        app.sign_in(&app.client(), "bea@example.com", "fresh-password-9")
            .await
            .status(),
        200
    );

    // Not one's own (My profile asks for the current password), not as an agent.
    let me = id_of(&app, &admin, crate::support::ADMIN_EMAIL).await;
    let own = expect_error(
        app.call(
            &admin,
            "reset_agent_password",
            &[("id", &me), ("password", "fresh-password-9")],
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(own["field"], "password");
    let bea = app
        .agent_signed_in_as("bea@example.com", "fresh-password-9")
        .await;
    expect_error(
        app.call(
            &bea.client,
            "reset_agent_password",
            &[("id", &me), ("password", "hijacked-password")],
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn a_throttled_account_shows_locked_until_an_admin_unlocks_it() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    // Signed in before the guessing (every test client has the same address).
    let bea = app.agent("bea@example.com", "Bea", false).await;
    let id = id_of(&app, &admin, "bea@example.com").await;
    assert_eq!(
        listed(&app, &admin, "bea@example.com").await["locked"],
        false
    );

    let guesser = app.client();
    for _ in 0..5 {
        expect_error(
            app.sign_in(&guesser, "Bea@example.com", "wrong-guess")
                .await,
            401,
            "unauthorized",
        )
        .await;
    }
    expect_error(
        app.sign_in(&guesser, "bea@example.com", "agent-password-1")
            .await,
        429,
        "rate_limited",
    )
    .await;
    assert_eq!(
        listed(&app, &admin, "bea@example.com").await["locked"],
        true
    );
    assert_eq!(
        listed(&app, &admin, crate::support::ADMIN_EMAIL).await["locked"],
        false
    );

    expect_error(
        app.call(&bea.client, "unlock_agent", &[("id", &id)]).await,
        403,
        "forbidden",
    )
    .await;

    let unlocked = ok(app.call(&admin, "unlock_agent", &[("id", &id)]).await).await;
    assert_eq!(unlocked["email"], "bea@example.com");
    assert_eq!(
        listed(&app, &admin, "bea@example.com").await["locked"],
        false
    );
    // The address that was held out signs in at once.
    assert_eq!(
        app.sign_in(&guesser, "bea@example.com", "agent-password-1")
            .await
            .status(),
        200
    );
}
