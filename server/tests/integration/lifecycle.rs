//! Connection lifecycles: heartbeats, the hello timeout, presence across tabs, frame limits,
//! and a real SIGTERM to a real server process.
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;

use server::live::socket::LiveTimings;

use crate::support::{
    json as body, ok, spawn_app, spawn_configured, visitor, ws, TestDb, ADMIN_EMAIL, ADMIN_PASSWORD,
};

fn quick_heartbeats() -> LiveTimings {
    LiveTimings {
        ping_every: Duration::from_millis(100),
        silence_limit: Duration::from_millis(350),
        hello_timeout: Duration::from_millis(300),
        absent_after: Duration::from_millis(200),
    }
}

/// Waits (at most 5 s) until `check` holds: for state the server changes after a socket
/// closes, which sends no frame to wait for.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(5);
    while !check().await {
        assert!(Instant::now() < deadline, "not within 5 s: {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn the_server_pings_and_keeps_a_peer_that_answers() {
    let app = spawn_configured(|c| c.live = quick_heartbeats()).await;
    let token = visitor::token(&visitor::start(&app, "Vi", "hi").await);
    let (mut sock, _) = ws::visitor(&app, &token, 0).await;
    // Reading answers pings (tungstenite replies with pongs): five pings span more than the
    // silence limit, and the socket stays open.
    let mut pings = 0;
    while pings < 5 {
        let msg = tokio::time::timeout(Duration::from_secs(5), sock.0.next())
            .await
            .expect("the server pings")
            .expect("still open")
            .expect("no error");
        match msg {
            Message::Ping(_) => pings += 1,
            Message::Close(f) => panic!("closed although it answered: {f:?}"),
            _ => {}
        }
    }
    sock.until_pong(&["message", "session"]).await;
}

/// A client that completes the WebSocket handshake, says `hello`, and then never answers a
/// ping (nor reads with a library that would). Returns the close code it is sent.
async fn silent_client(
    addr: SocketAddr,
    path: &str,
    cookie: Option<&str>,
    hello: Option<Value>,
) -> u16 {
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{cookie}\r\n"
    );
    tcp.write_all(request.as_bytes()).await.unwrap();
    if let Some(hello) = hello {
        // One masked text frame (a zero mask leaves the payload as is).
        let payload = hello.to_string().into_bytes();
        assert!(payload.len() < 126);
        let mut frame = vec![0x81, 0x80 | payload.len() as u8, 0, 0, 0, 0];
        frame.extend(payload);
        tcp.write_all(&frame).await.unwrap();
    }
    // Read everything until a close frame (opcode 8); its first two payload bytes are the code.
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let headers_end = loop {
        let n = tokio::time::timeout(Duration::from_secs(5), tcp.read(&mut buf))
            .await
            .expect("the server answers")
            .unwrap();
        assert!(n > 0, "connection closed during the handshake");
        seen.extend_from_slice(&buf[..n]);
        if let Some(i) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    assert!(
        seen.starts_with(b"HTTP/1.1 101"),
        "{}",
        String::from_utf8_lossy(&seen)
    );
    let mut frames = seen.split_off(headers_end);
    loop {
        // Parse whole server frames (never masked) from the front.
        while frames.len() >= 2 {
            let opcode = frames[0] & 0x0f;
            let (len, start) = match frames[1] & 0x7f {
                126 if frames.len() >= 4 => {
                    (u16::from_be_bytes([frames[2], frames[3]]) as usize, 4)
                }
                126 => break,
                127 => panic!("no frame this large in this test"),
                n => (n as usize, 2),
            };
            if frames.len() < start + len {
                break;
            }
            if opcode == 0x8 {
                return u16::from_be_bytes([frames[start], frames[start + 1]]);
            }
            frames.drain(..start + len);
        }
        let n = tokio::time::timeout(Duration::from_secs(5), tcp.read(&mut buf))
            .await
            .expect("the server closes a silent peer within 5 s")
            .unwrap();
        assert!(n > 0, "the connection ended without a close frame");
        frames.extend_from_slice(&buf[..n]);
    }
}

#[tokio::test]
async fn a_silent_peer_is_dropped_on_both_sockets() {
    let app = spawn_configured(|c| c.live = quick_heartbeats()).await;
    let token = visitor::token(&visitor::start(&app, "Vi", "hi").await);
    let hello = json!({ "type": "hello", "token": token, "after": 0 });
    assert_eq!(
        silent_client(app.addr, "/v1/visitor/live", None, Some(hello)).await,
        4408
    );
    let ada = app.admin().await;
    assert_eq!(
        silent_client(app.addr, "/ws/agent", Some(&ada.cookie), None).await,
        4408
    );
}

#[tokio::test]
async fn a_visitor_socket_must_say_hello_in_time() {
    let app = spawn_configured(|c| c.live = quick_heartbeats()).await;
    let mut sock = ws::connect(&app, "/v1/visitor/live", &[]).await.unwrap();
    let err = sock.next().await;
    assert_eq!(err["type"], "error");
    assert_eq!(err["code"], "validation");
    assert_eq!(sock.closed_with().await, 4400);
}

#[tokio::test]
async fn visitor_ping_gets_pong() {
    let app = spawn_app().await;
    let token = visitor::token(&visitor::start(&app, "Vi", "hi").await);
    let (mut sock, _) = ws::visitor(&app, &token, 1).await;
    sock.send(json!({ "type": "ping" })).await;
    assert_eq!(sock.next().await["type"], "pong");
}

#[tokio::test]
async fn frames_over_32_kib_close_both_sockets() {
    let app = spawn_app().await;
    let big = json!({ "type": "ping", "pad": "x".repeat(40 * 1024) }).to_string();
    let ada = app.admin().await;
    let mut sock = app.agent_socket(&ada).await;
    // The connection's greeting read whole (the badge, then My chats): the server is
    // reading frames when the big one arrives.
    sock.next_of("badge").await;
    sock.next_of("my_chats").await;
    let _ = sock.0.send(Message::Text(big.clone().into())).await;
    assert_eq!(sock.closed_with().await, 1009);

    let token = visitor::token(&visitor::start(&app, "Vi", "hi").await);
    let (mut v, _) = ws::visitor(&app, &token, 1).await;
    let _ = v.0.send(Message::Text(big.into())).await;
    assert_eq!(v.closed_with().await, 1009);
}

#[tokio::test]
async fn an_agent_stays_available_until_their_last_tab_closes() {
    let app = spawn_configured(|c| c.live.absent_after = Duration::from_millis(200)).await;
    let ada = app.admin().await;
    assert!(!app.agents_available().await, "no tab open yet");
    let mut one = app.agent_socket(&ada).await;
    let mut two = app.agent_socket(&ada).await;
    one.next_of("badge").await;
    two.next_of("badge").await;
    assert!(app.agents_available().await);

    one.close().await;
    eventually("the first tab's close is handled", || async {
        app.agent_connections.total() == 1
    })
    .await;
    assert!(app.agents_available().await, "one tab is still open");
    two.until_pong(&["badge"]).await;

    two.close().await;
    eventually("unavailable once the last tab closed", || async {
        !app.agents_available().await
    })
    .await;
}

/// The server binary, started as a separate process on a test database.
struct ServerProcess {
    child: Child,
    addr: SocketAddr,
}

impl ServerProcess {
    fn start(db: &TestDb) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
            .env("DATABASE_URL", &db.url)
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .env("LEPTOS_SITE_ROOT", "target/site")
            .env("CHAT_WIDGET_ROOT", "target/widget")
            .env("CHAT_ADMIN_EMAIL", ADMIN_EMAIL)
            .env("CHAT_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("LOG_FORMAT", "json")
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let addr = loop {
            let line = lines
                .next()
                .expect("the server says where it listens")
                .unwrap();
            let v: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
            if let Some(addr) = v["fields"]["addr"].as_str() {
                break addr.parse().unwrap();
            }
        };
        // Keep draining its logs so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Self { child, addr }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn wait(mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn sigterm_closes_sockets_with_1012_and_finishes_requests_in_flight() {
    let db = TestDb::new().await;
    let server = ServerProcess::start(&db);
    let started = body(
        reqwest::Client::new()
            .post(server.url("/v1/visitor/sessions"))
            .json(&json!({ "name": "Vi", "message": "hi", "client_id": "c1" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let token = started["token"].as_str().unwrap().to_string();
    let signed_in = reqwest::Client::new()
        .post(server.url("/api/sign_in"))
        .header("origin", format!("http://{}", server.addr))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "email={}&password={ADMIN_PASSWORD}",
            ADMIN_EMAIL.replace('@', "%40")
        ))
        .send()
        .await
        .unwrap();
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    ok(signed_in).await;

    let mut vsock = ws::connect_to(server.addr, "/v1/visitor/live", &[])
        .await
        .unwrap();
    vsock
        .send(json!({ "type": "hello", "token": token, "after": 1 }))
        .await;
    assert_eq!(vsock.next().await["type"], "ready");
    let mut asock = ws::connect_to(server.addr, "/ws/agent", &[("cookie", &cookie)])
        .await
        .unwrap();
    asock.next_of("badge").await;

    // A request in flight: its head and half its body are sent…
    let text = r#"{"client_id":"in-flight","text":"sent while the server stops"}"#;
    let (first, rest) = text.split_at(20);
    let mut tcp = TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "POST /v1/visitor/messages HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}",
        server.addr,
        text.len()
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    // …and the server is handling it (it answered a request sent after it).
    ok(reqwest::get(server.url("/healthz")).await.unwrap()).await;

    server.terminate();
    assert_eq!(vsock.closed_with().await, 1012, "visitor socket");
    assert_eq!(asock.closed_with().await, 1012, "agent socket");

    tcp.write_all(rest.as_bytes()).await.unwrap();
    let mut response = String::new();
    tcp.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(
        response.contains("sent while the server stops"),
        "{response}"
    );
    assert!(server.wait().success(), "a clean exit");

    // It was stored: a new server has it.
    let server = ServerProcess::start(&db);
    let state = body(
        reqwest::Client::new()
            .get(server.url("/v1/visitor/session"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(state["messages"][1]["text"], "sent while the server stops");
}

#[tokio::test]
async fn a_page_load_does_not_make_an_agent_absent() {
    // Links in the agent app load whole pages: the socket closes and the next page opens a
    // new one. Meanwhile the agent stays available.
    let app = spawn_configured(|c| c.live.absent_after = Duration::from_secs(2)).await;
    let ada = app.admin().await;
    let mut page = app.agent_socket(&ada).await;
    page.next_of("badge").await;
    page.close().await;
    eventually("the close is handled", || async {
        app.agent_connections.total() == 0
    })
    .await;
    assert!(app.agents_available().await, "still within the grace");
    let mut next_page = app.agent_socket(&ada).await;
    next_page.next_of("badge").await;
    // Past the grace of the first close: the new page keeps the agent present.
    tokio::time::sleep(Duration::from_millis(2300)).await;
    assert!(app.agents_available().await, "the next page is connected");

    next_page.close().await;
    eventually("absent once no page came back", || async {
        !app.agents_available().await
    })
    .await;
}
