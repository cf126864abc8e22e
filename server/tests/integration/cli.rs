use std::process::Command;

use crate::support::{spawn_app_on, temp_db_path, ADMIN_EMAIL, ADMIN_PASSWORD};

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
    let path = temp_db_path();
    let url = format!("sqlite://{}?mode=rwc", path.display());
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

    let app = spawn_app_on(path).await;
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
    let app = crate::support::spawn_app().await;
    let c = app.client();
    assert_eq!(
        app.sign_in(&c, ADMIN_EMAIL, ADMIN_PASSWORD).await.status(),
        200
    );
    // A restart with the same settings keeps the one admin (and their sessions).
    let app = app.restart().await;
    let admin = app.admin_client().await;
    let list = crate::support::json(app.call(&admin, "list_agents", &[]).await).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
}
