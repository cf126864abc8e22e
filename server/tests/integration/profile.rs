//! My profile: my name, my password (the current one required; my other sessions end).
use crate::support::{expect_error, ok, spawn_app};

#[tokio::test]
async fn my_name_and_password_and_other_sessions_end() {
    let app = spawn_app().await;
    let here = app.agent("ada@example.com", "Ada", false).await;
    let laptop = app
        .agent_signed_in_as("ada@example.com", "agent-password-1")
        .await;

    let me = ok(app
        .call(
            &here.client,
            "update_my_name",
            &[("name", "  Ada Lovelace ")],
        )
        .await)
    .await;
    assert_eq!(me["name"], "Ada Lovelace");
    let bad = expect_error(
        app.call(&here.client, "update_my_name", &[("name", "")])
            .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(bad["field"], "name");

    let wrong = expect_error(
        app.call(
            &here.client,
            "change_my_password",
            &[
                ("current_password", "not-it"),
                ("new_password", "a-new-password-2"),
            ],
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(wrong["field"], "current_password");
    let short = expect_error(
        app.call(
            &here.client,
            "change_my_password",
            &[
                ("current_password", "agent-password-1"),
                ("new_password", "short"),
            ],
        )
        .await,
        422,
        "validation",
    )
    .await;
    assert_eq!(short["field"], "new_password");

    let ended = ok(app
        .call(
            &here.client,
            "change_my_password",
            &[
                ("current_password", "agent-password-1"),
                ("new_password", "a-new-password-2"),
            ],
        )
        .await)
    .await;
    assert_eq!(ended, 1, "the laptop's session");
    ok(app.call(&here.client, "get_current_agent", &[]).await).await;
    assert_eq!(
        app.call(&laptop.client, "get_current_agent", &[])
            .await
            .status(),
        401
    );
    let old = app
        .sign_in(&app.client(), "ada@example.com", "agent-password-1")
        .await;
    assert_ne!(old.status(), 200, "the old password no longer signs in");
    let new = app
        .sign_in(&app.client(), "ada@example.com", "a-new-password-2")
        .await;
    assert_eq!(new.status(), 200);
}
