//! `spawn_app()`: a fresh database, a server on port 0, and typed request helpers.
//!
//! Every test gets its own database: an SQLite file, or with `TEST_POSTGRES_URL` (e.g.
//! `postgres://postgres@127.0.0.1:5432`) a new PostgreSQL database. A `TestDb` guard owns
//! it from the moment it exists, so it is removed when the test ends, passes or panics,
//! even when the server never started.
use std::net::SocketAddr;
use std::path::PathBuf;

use rand::Rng;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use reqwest::{redirect, Client, Response, StatusCode};
use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use app::ssr::agents::{self, NewAgent};
use server::config::{AdminSeed, Config, OriginPolicy};
use server::startup::Server;

pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const ADMIN_PASSWORD: &str = "admin-password-1";

/// Names of test databases and files start with this (leftovers of killed runs are
/// removed by `scripts/test`).
pub const TEST_DB_PREFIX: &str = "chat_test_";

/// A test's database, removed when dropped.
pub struct TestDb {
    pub url: String,
    kind: DbKind,
}

enum DbKind {
    Sqlite(PathBuf),
    Postgres { base: String, name: String },
}

impl TestDb {
    /// A fresh, empty database on the backend this run tests.
    pub async fn new() -> TestDb {
        match std::env::var("TEST_POSTGRES_URL") {
            Ok(base) if !base.is_empty() => Self::postgres(&base).await,
            _ => Self::sqlite(),
        }
    }

    pub fn sqlite() -> TestDb {
        let n: u64 = rand::rng().random();
        let path = std::env::temp_dir().join(format!("{TEST_DB_PREFIX}{n:016x}.db"));
        TestDb {
            url: format!("sqlite://{}?mode=rwc", path.display()),
            kind: DbKind::Sqlite(path),
        }
    }

    async fn postgres(base: &str) -> TestDb {
        use sea_orm::ConnectionTrait;
        let name = format!("{TEST_DB_PREFIX}{:016x}", rand::rng().random::<u64>());
        let admin = sea_orm::Database::connect(format!("{base}/postgres"))
            .await
            .unwrap_or_else(|e| panic!("TEST_POSTGRES_URL={base} does not answer: {e}"));
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        admin.close().await.ok();
        TestDb {
            url: format!("{base}/{name}"),
            kind: DbKind::Postgres {
                base: base.to_string(),
                name,
            },
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.kind, DbKind::Postgres { .. })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.kind {
            DbKind::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    let _ = std::fs::remove_file(p);
                }
            }
            DbKind::Postgres { base, name } => {
                let (base, name) = (base.clone(), name.clone());
                // From another thread: this one may be inside the test's runtime.
                let _ = std::thread::spawn(move || {
                    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    rt.block_on(async {
                        use sea_orm::ConnectionTrait;
                        if let Ok(db) = sea_orm::Database::connect(format!("{base}/postgres")).await
                        {
                            let _ = db
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                ))
                                .await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

pub struct TestApp {
    pub addr: SocketAddr,
    /// Where `/metrics` is served (`metrics_addr` in the config), if anywhere.
    pub metrics_addr: Option<SocketAddr>,
    pub db: sea_orm::DatabaseConnection,
    /// The running server's state (database, hub), for seeding data below the HTTP layer.
    pub state: app::ssr::AppState,
    pub config: Config,
    /// Agent sockets open in this server, per agent.
    pub agent_connections: std::sync::Arc<server::live::connections::AgentConnections>,
    /// The router's state (to build parts of the router in a test).
    pub server_state: server::router::ServerState,
    /// Dropped last: the database goes once the server has stopped.
    test_db: Option<TestDb>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// The settings every test server starts with (on `database_url`).
pub fn config_for(database_url: &str) -> Config {
    if std::env::var("TEST_LOG").is_ok() {
        server::telemetry::init();
    }
    Config {
        site_addr: "127.0.0.1:0".parse().unwrap(),
        site_root: "target/site".into(),
        widget_root: "target/widget".into(),
        database_url: database_url.to_string(),
        admin: Some(AdminSeed {
            email: ADMIN_EMAIL.into(),
            name: "Ada Admin".into(),
            password: ADMIN_PASSWORD.into(),
        }),
        secure_cookies: false,
        trusted_proxy_hops: 0,
        new_chat_burst: 5,
        widget_origins: OriginPolicy::Any,
        agent_origins: OriginPolicy::SameHost(Vec::new()),
        agent_requests: app::ssr::state::agent_request_policy(20),
        socket_frame_rate: 20,
        visitor_messages: server::config::default_visitor_messages(),
        live: Default::default(),
        hub: server::config::HubChoice::Auto,
        hub_first_retry: std::time::Duration::from_millis(100),
        metrics_addr: None,
        smtp: None,
    }
}

/// A request that has no answer by then fails the test where it was made, instead of
/// hanging the run until CI's time limit.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// A server on a fresh database with the default test settings.
pub async fn spawn_app() -> TestApp {
    spawn_configured(|_| {}).await
}

/// A server on a fresh database, with settings changed by `configure`.
pub async fn spawn_configured(configure: impl FnOnce(&mut Config)) -> TestApp {
    let db = TestDb::new().await;
    let mut config = config_for(&db.url);
    configure(&mut config);
    spawn_on(db, config).await
}

/// A server on `db` (which it removes when the test ends).
pub async fn spawn_on(db: TestDb, config: Config) -> TestApp {
    let mut app = start(config).await;
    app.test_db = Some(db);
    app
}

impl TestApp {
    /// Another instance on this one's database (their hub: PostgreSQL LISTEN/NOTIFY).
    pub async fn spawn_beside(&self) -> TestApp {
        start(self.config.clone()).await
    }
}

/// Whether this test runs on PostgreSQL (for the few tests that inject backend SQL).
pub fn on_postgres(app: &TestApp) -> bool {
    app.test_db.as_ref().is_some_and(TestDb::is_postgres)
}

async fn start(config: Config) -> TestApp {
    let kept = config.clone();
    let leptos = leptos_config::LeptosOptions::builder()
        .output_name("chat")
        .site_root("target/site")
        .build();
    let server = Server::build(&config, leptos).await.expect("server builds");
    let addr = server.local_addr().unwrap();
    let metrics_addr = server.metrics_addr();
    let db = server.state.app.db.clone();
    let state = server.state.app.clone();
    let agent_connections = server.state.agent_connections.clone();
    let server_state = server.state.clone();
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
        metrics_addr,
        db,
        state,
        config: kept,
        agent_connections,
        server_state,
        test_db: None,
        stop: Some(tx),
        task: Some(task),
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// The app's own origin, as a browser names it in `Origin`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Headers a browser sends on the app's own requests.
    fn browser_headers(&self) -> reqwest::header::HeaderMap {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::ORIGIN, self.origin().parse().unwrap());
        headers
    }

    /// A browser-like client on the app's own pages: keeps cookies, names the app's origin
    /// in `Origin`, does not follow redirects (tests look at them).
    pub fn client(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .default_headers(self.browser_headers())
            .redirect(redirect::Policy::none())
            .timeout(REQUEST_TIMEOUT)
            .build()
            .unwrap()
    }

    /// Calls a server function with form-encoded arguments, as the browser does.
    #[must_use = "check the response"]
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

    #[must_use = "check the response"]
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

    /// Stops the server and starts a new one on the same database, with `change` applied
    /// to its settings.
    pub async fn restart_with(mut self, change: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = self.config.clone();
        change(&mut config);
        let db = self.test_db.take();
        self.stop_server().await;
        let mut app = start(config).await;
        app.test_db = db;
        app
    }

    /// Stops the server and starts a new one on the same database (SQLite or PostgreSQL).
    pub async fn restart(self) -> TestApp {
        self.restart_with(|_| {}).await
    }

    /// Stops the server as `SIGTERM` does (its sockets close with 1012), waiting for requests
    /// in flight; its database stays for the instances beside it.
    pub async fn stop_server(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        self.db.clone().close().await.ok();
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        // `test_db` drops after this: its database is removed.
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

/// Asserts a success (2xx) and returns the body as JSON (`Null` when empty).
pub async fn ok(res: Response) -> Value {
    let status = res.status();
    let text = res.text().await.unwrap();
    assert!(
        status.is_success(),
        "expected success, got {status}: {text}"
    );
    if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
    }
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

/// Visitor-side helpers (the widget's HTTP calls).
pub mod visitor {
    use reqwest::{Client, Response};
    use serde_json::{json, Value};

    use super::TestApp;

    pub async fn start(app: &TestApp, name: &str, message: &str) -> Value {
        let res = start_raw(
            app,
            &json!({ "name": name, "email": "vi@example.com", "message": message, "client_id": "first" }),
        )
        .await;
        assert_eq!(res.status(), 201, "start chat");
        res.json().await.unwrap()
    }

    #[must_use = "check the response"]
    pub async fn start_raw(app: &TestApp, body: &Value) -> Response {
        Client::new()
            .post(app.url("/v1/visitor/sessions"))
            .header("user-agent", "TestBrowser/1.0")
            .json(body)
            .send()
            .await
            .unwrap()
    }

    #[must_use = "check the response"]
    pub async fn get(app: &TestApp, token: &str) -> Response {
        Client::new()
            .get(app.url("/v1/visitor/session"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    #[must_use = "check the response"]
    pub async fn send(app: &TestApp, token: &str, client_id: &str, text: &str) -> Response {
        Client::new()
            .post(app.url("/v1/visitor/messages"))
            .bearer_auth(token)
            .json(&json!({ "client_id": client_id, "text": text }))
            .send()
            .await
            .unwrap()
    }

    #[must_use = "check the response"]
    pub async fn end(app: &TestApp, token: &str) -> Response {
        Client::new()
            .post(app.url("/v1/visitor/end"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub fn token(started: &Value) -> String {
        started["token"].as_str().unwrap().to_string()
    }
}

/// Live sockets from the test: JSON frames in, JSON frames out.
pub mod ws {
    use std::time::Duration;

    use futures::{SinkExt, StreamExt};
    use serde_json::Value;
    use tokio::net::TcpStream;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::{connect_async, MaybeTlsStream, WebSocketStream};

    use super::TestApp;

    pub struct Socket(pub WebSocketStream<MaybeTlsStream<TcpStream>>);

    pub async fn connect(
        app: &TestApp,
        path: &str,
        headers: &[(&str, &str)],
    ) -> Result<Socket, u16> {
        connect_to(app.addr, path, headers).await
    }

    /// A socket to any server (one started as a separate process, say).
    pub async fn connect_to(
        addr: std::net::SocketAddr,
        path: &str,
        headers: &[(&str, &str)],
    ) -> Result<Socket, u16> {
        let mut req = format!("ws://{addr}{path}").into_client_request().unwrap();
        for (k, v) in headers {
            req.headers_mut().insert(
                reqwest::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        match connect_async(req).await {
            Ok((s, _)) => Ok(Socket(s)),
            Err(tokio_tungstenite::tungstenite::Error::Http(res)) => Err(res.status().as_u16()),
            Err(e) => panic!("websocket connect: {e}"),
        }
    }

    /// A visitor socket after `hello`; returns it and the `ready` frame.
    pub async fn visitor(app: &TestApp, token: &str, after: i64) -> (Socket, Value) {
        let mut s = connect(app, "/v1/visitor/live", &[]).await.unwrap();
        s.send(serde_json::json!({ "type": "hello", "token": token, "after": after }))
            .await;
        let ready = s.next().await;
        assert_eq!(ready["type"], "ready", "{ready}");
        (s, ready)
    }

    impl Socket {
        pub async fn send(&mut self, v: Value) {
            self.0
                .send(Message::Text(v.to_string().into()))
                .await
                .unwrap();
        }

        /// The next JSON frame (pings are skipped). A close, a broken connection or 5 s of
        /// silence fail the test: each is a different outcome, and none is a frame.
        pub async fn next(&mut self) -> Value {
            loop {
                let msg = tokio::time::timeout(Duration::from_secs(5), self.0.next())
                    .await
                    .expect("a frame within 5 s, not silence")
                    .expect("a frame, not the end of the connection")
                    .expect("a frame, not a connection error");
                match msg {
                    Message::Text(t) => return serde_json::from_str(t.as_str()).unwrap(),
                    Message::Close(frame) => {
                        panic!("closed ({frame:?}) while a frame was expected")
                    }
                    _ => continue,
                }
            }
        }

        /// The next frame of `kind`, skipping others (badge updates and the like).
        pub async fn next_of(&mut self, kind: &str) -> Value {
            loop {
                let f = self.next().await;
                if f["type"] == kind {
                    return f;
                }
            }
        }

        /// Sends `ping` and reads up to the `pong`: the server handles frames in order and
        /// forwards events published before a frame ahead of its answer, so the frames
        /// before the pong are everything already due. Each must be of an allowed kind;
        /// returns them.
        pub async fn until_pong(&mut self, allowed: &[&str]) -> Vec<Value> {
            self.send(serde_json::json!({ "type": "ping" })).await;
            let mut seen = Vec::new();
            loop {
                let f = self.next().await;
                let kind = f["type"].as_str().unwrap_or_default().to_string();
                if kind == "pong" {
                    return seen;
                }
                // My chats' frames come with any agent socket (after connecting, after a
                // transition): checked only by tests that ask for them.
                if matches!(kind.as_str(), "my_chats" | "my_chat_line")
                    && !allowed.contains(&kind.as_str())
                {
                    continue;
                }
                assert!(allowed.contains(&kind.as_str()), "unexpected frame {f}");
                seen.push(f);
            }
        }

        /// Reads until the server closes the socket and returns the close code. Silence
        /// for 5 s, or the connection dropping without a close frame, fails the test.
        pub async fn closed_with(&mut self) -> u16 {
            loop {
                let msg = tokio::time::timeout(Duration::from_secs(5), self.0.next())
                    .await
                    .expect("the server closes the socket within 5 s")
                    .expect("a close frame before the connection ends")
                    .expect("a clean close");
                if let Message::Close(frame) = msg {
                    return frame.map(|f| u16::from(f.code)).expect("a close code");
                }
            }
        }

        pub async fn close(mut self) {
            let _ = self.0.close(None).await;
        }
    }
}

/// A signed-in agent: an HTTP client and the raw session cookie (for sockets).
pub struct Agent {
    pub client: Client,
    pub cookie: String,
}

impl TestApp {
    pub async fn agent(&self, email: &str, name: &str, admin: bool) -> Agent {
        let new = NewAgent::parse(email, name, "agent-password-1", admin).unwrap();
        agents::create(&self.db, new).await.unwrap();
        self.agent_signed_in(email, "agent-password-1").await
    }

    pub async fn admin(&self) -> Agent {
        self.agent_signed_in(ADMIN_EMAIL, ADMIN_PASSWORD).await
    }

    /// Another session of an existing agent (another browser).
    pub async fn agent_signed_in_as(&self, email: &str, password: &str) -> Agent {
        self.agent_signed_in(email, password).await
    }

    async fn agent_signed_in(&self, email: &str, password: &str) -> Agent {
        let res = self.sign_in(&self.client(), email, password).await;
        assert_eq!(res.status(), StatusCode::OK);
        let cookie = res.headers()[reqwest::header::SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        self.agent_with_cookie(cookie)
    }

    /// An agent's browser pointed at this server (another instance, say) with a session
    /// cookie it already has.
    pub fn agent_with_cookie(&self, cookie: String) -> Agent {
        let mut headers = self.browser_headers();
        headers.insert(reqwest::header::COOKIE, cookie.parse().unwrap());
        let client = Client::builder()
            .default_headers(headers)
            .redirect(redirect::Policy::none())
            .timeout(REQUEST_TIMEOUT)
            .build()
            .unwrap();
        Agent { client, cookie }
    }

    /// The id of the newest waiting chat, as the agent's queue lists it (the visitor side
    /// knows only the session's public id).
    pub async fn newest_waiting_id(&self, agent: &Agent) -> i64 {
        let q = json(
            self.call(&agent.client, "list_queue", &[("tab", "waiting")])
                .await,
        )
        .await;
        q["rows"].as_array().unwrap().last().unwrap()["id"]
            .as_i64()
            .unwrap()
    }

    /// What the widget is told: is any agent available now?
    pub async fn agents_available(&self) -> bool {
        let res = reqwest::get(self.url("/v1/visitor/availability"))
            .await
            .unwrap();
        json(res).await["agents_available"] == true
    }

    /// The agent's live socket.
    pub async fn agent_socket(&self, agent: &Agent) -> ws::Socket {
        ws::connect(self, "/ws/agent", &[("cookie", &agent.cookie)])
            .await
            .unwrap()
    }
}
