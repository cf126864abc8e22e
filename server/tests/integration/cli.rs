use std::process::Command;

use crate::support::{config_for, spawn_app, spawn_on, TestDb, ADMIN_EMAIL, ADMIN_PASSWORD};

fn server_bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_server"))
}

#[test]
fn help_lists_commands_and_settings() {
    let out = server_bin().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "create-agent",
        "migrate",
        "DATABASE_URL",
        "LEPTOS_SITE_ADDR",
        "RUST_LOG",
    ] {
        assert!(text.contains(needle), "--help mentions {needle}");
    }
}

#[tokio::test]
async fn create_agent_command_makes_an_agent_who_can_sign_in() {
    // The test run's backend (SQLite, or PostgreSQL with TEST_POSTGRES_URL).
    let db = TestDb::new().await;
    let url = db.url.clone();
    let out = server_bin()
        .args([
            "create-agent",
            "--email",
            "Flo@Example.com",
            "--name",
            "Flo",
            "--password",
            "flo-password",
            "--admin",
        ])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("created admin Flo <flo@example.com>"));

    // Same email again: a clear error, non-zero exit.
    let out = server_bin()
        .args([
            "create-agent",
            "--email",
            "flo@example.com",
            "--name",
            "Flo",
            "--password",
            "flo-password",
        ])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));

    // Bad input: refused before touching the database.
    let out = server_bin()
        .args([
            "create-agent",
            "--email",
            "x@example.com",
            "--name",
            "X",
            "--password",
            "short",
        ])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 8"));

    let app = spawn_on(db, config_for(&url)).await;
    let c = app.client();
    assert_eq!(
        app.sign_in(&c, "flo@example.com", "flo-password")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn first_admin_is_created_once_and_never_overwritten() {
    let app = spawn_app().await;
    let c = app.client();
    assert_eq!(
        app.sign_in(&c, ADMIN_EMAIL, ADMIN_PASSWORD).await.status(),
        200
    );
    // Restarted with another password and name for the same email: the existing admin
    // is left exactly as they were.
    let app = app
        .restart_with(|config| {
            let seed = config.admin.as_mut().unwrap();
            seed.password = "a-different-password".into();
            seed.name = "Someone Else".into();
        })
        .await;
    let c = app.client();
    assert_eq!(
        app.sign_in(&c, ADMIN_EMAIL, "a-different-password")
            .await
            .status(),
        401,
        "the password was not overwritten"
    );
    let admin = app.admin_client().await;
    let list = crate::support::json(app.call(&admin, "list_agents", &[]).await).await;
    let agents = list.as_array().unwrap();
    assert_eq!(agents.len(), 1);
    assert_eq!(agents[0]["name"], "Ada Admin");
}
