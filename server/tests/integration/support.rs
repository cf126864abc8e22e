//! `spawn_app()`: a fresh database, a server on port 0, and typed request helpers.
use std::net::SocketAddr;
use std::path::PathBuf;

use rand::Rng;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use reqwest::{redirect, Client, Response, StatusCode};
use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use app::ssr::agents::{self, NewAgent};
use server::config::{AdminSeed, Config};
use server::startup::Server;

pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const ADMIN_PASSWORD: &str = "admin-password-1";

pub struct TestApp {
    pub addr: SocketAddr,
    pub db_path: PathBuf,
    pub db: sea_orm::DatabaseConnection,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

pub fn temp_db_path() -> PathBuf {
    let n: u64 = rand::rng().random();
    std::env::temp_dir().join(format!("chat-test-{n:016x}.db"))
}

pub fn config_for(db_path: &std::path::Path) -> Config {
    if std::env::var("TEST_LOG").is_ok() {
        server::telemetry::init();
    }
    Config {
        site_addr: "127.0.0.1:0".parse().unwrap(),
        site_root: "target/site".into(),
        database_url: format!("sqlite://{}?mode=rwc", db_path.display()),
        admin: Some(AdminSeed {
            email: ADMIN_EMAIL.into(),
            name: "Ada Admin".into(),
            password: ADMIN_PASSWORD.into(),
        }),
        secure_cookies: false,
        trust_proxy: false,
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_on(temp_db_path()).await
}

/// Starts a server on an existing database file (to test restarts).
pub async fn spawn_app_on(db_path: PathBuf) -> TestApp {
    let config = config_for(&db_path);
    let leptos = leptos_config::LeptosOptions::builder()
        .output_name("chat")
        .site_root("target/site")
        .build();
    let server = Server::build(&config, leptos).await.expect("server builds");
    let addr = server.local_addr().unwrap();
    let db = server.state.app.db.clone();
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        server
            .run(async {
                let _ = rx.await;
            })
            .await
            .unwrap();
    });
    TestApp {
        addr,
        db_path,
        db,
        stop: Some(tx),
        task: Some(task),
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
    pub fn client(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(redirect::Policy::none())
            .build()
            .unwrap()
    }

    /// Calls a server function with form-encoded arguments, as the browser does.
    pub async fn call(&self, client: &Client, name: &str, args: &[(&str, &str)]) -> Response {
        client
            .post(self.url(&format!("/api/{name}")))
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(serde_urlencoded(args))
            .send()
            .await
            .unwrap()
    }

    pub async fn sign_in(&self, client: &Client, email: &str, password: &str) -> Response {
        self.call(
            client,
            "sign_in",
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// A client signed in as the seeded admin.
    pub async fn admin_client(&self) -> Client {
        let c = self.client();
        let res = self.sign_in(&c, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK);
        c
    }

    /// Creates an agent straight in the database and returns a client signed in as them.
    pub async fn agent_client(&self, email: &str, name: &str) -> Client {
        let new = NewAgent::parse(email, name, "agent-password-1", false).unwrap();
        agents::create(&self.db, new).await.unwrap();
        let c = self.client();
        let res = self.sign_in(&c, email, "agent-password-1").await;
        assert_eq!(res.status(), StatusCode::OK);
        c
    }

    /// Stops the server (waiting for requests in flight) and keeps the database file.
    pub async fn stop(mut self) -> PathBuf {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        self.db.clone().close().await.ok();
        self.db_path.clone()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
            // The test is over: its database goes too.
            for suffix in ["", "-wal", "-shm"] {
                let mut p = self.db_path.clone().into_os_string();
                p.push(suffix);
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

fn serde_urlencoded(args: &[(&str, &str)]) -> String {
    args.iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn enc(s: &str) -> String {
    app::domain::navigation::encode_query_value(s).replace('/', "%2F")
}

pub async fn json(res: Response) -> Value {
    let text = res.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// Asserts an error response: status and the JSON `code`. Returns the body.
pub async fn expect_error(res: Response, status: u16, code: &str) -> Value {
    assert_eq!(res.status().as_u16(), status, "status");
    let body = json(res).await;
    assert_eq!(body["code"], code, "body: {body}");
    body
}
