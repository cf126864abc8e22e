//! Live chat load generator: N visitors and N agent connections on a real server, visitors
//! sending M messages per second in total; prints visitor→agent delivery latency (p50, p99),
//! messages per second delivered, and server memory per idle visitor connection.
//!
//! `scripts/bench` runs it against a release build:
//!   cargo run --release -p server --example chat_bench -- --visitors 100 --rate 200 --seconds 20
//! It starts `target/release/server` itself on a temporary SQLite database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message;

struct Args {
    visitors: usize,
    rate: f64,
    seconds: u64,
    idle: usize,
    server: String,
    port: u16,
}

fn args() -> Args {
    let mut a = Args {
        visitors: 50,
        rate: 100.0,
        seconds: 15,
        idle: 1000,
        server: std::env::var("SERVER_BIN").unwrap_or_else(|_| "target/release/server".into()),
        port: 3900,
    };
    let raw: Vec<String> = std::env::args().skip(1).collect();
    for pair in raw.chunks(2) {
        let v = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--visitors" => a.visitors = v.parse().unwrap(),
            "--rate" => a.rate = v.parse().unwrap(),
            "--seconds" => a.seconds = v.parse().unwrap(),
            "--idle" => a.idle = v.parse().unwrap(),
            "--server" => a.server = v,
            "--port" => a.port = v.parse().unwrap(),
            other => panic!("unknown flag {other}"),
        }
    }
    a
}

struct ServerProcess(Child);

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::main]
async fn main() {
    let a = args();
    let db = std::env::temp_dir().join(format!("chat-bench-{}.db", std::process::id()));
    let base = format!("http://127.0.0.1:{}", a.port);
    let child = Command::new(&a.server)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", db.display()),
        )
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{}", a.port))
        .env("CHAT_ADMIN_EMAIL", "bench@example.com")
        .env("CHAT_ADMIN_PASSWORD", "bench-password")
        // Each simulated visitor gets its own client address (X-Forwarded-For).
        .env("CHAT_TRUST_PROXY", "1")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("start the server (build it with scripts/run or cargo leptos build --release)");
    let pid = child.id();
    let _server = ServerProcess(child);
    let http = reqwest::Client::new();
    for _ in 0..100 {
        if http.get(format!("{base}/healthz")).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // The admin creates one agent per visitor; each agent accepts and watches one chat.
    let sign_in = |email: String| {
        let http = http.clone();
        let base = base.clone();
        async move {
            let res = http
                .post(format!("{base}/api/sign_in"))
                .header("accept", "application/json")
                .form(&[("email", email.as_str()), ("password", "bench-password")])
                .send()
                .await
                .unwrap();
            res.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .to_string()
        }
    };
    let cookie = sign_in("bench@example.com".into()).await;
    println!("memory: server RSS {} KiB at start", rss_kib(pid));
    let mut agent_cookies = Vec::new();
    for i in 0..a.visitors {
        let email = format!("agent{i}@bench.example");
        http.post(format!("{base}/api/create_agent"))
            .header("cookie", &cookie)
            .header("accept", "application/json")
            .form(&[
                ("name", format!("Agent {i}")),
                ("email", email.clone()),
                ("password", "bench-password".into()),
            ])
            .send()
            .await
            .unwrap();
        agent_cookies.push(sign_in(email).await);
    }

    println!(
        "server: {} (pid {pid}), {} visitors and {} agents, each agent in one chat",
        a.server, a.visitors, a.visitors
    );
    let mut sessions = Vec::new();
    for i in 0..a.visitors {
        let started: Value = http
            .post(format!("{base}/v1/visitor/sessions"))
            .header(
                "x-forwarded-for",
                format!("10.{}.{}.{}", i / 65536, (i / 256) % 256, i % 256),
            )
            .json(&json!({ "name": format!("Visitor {i}"), "message": "hello", "client_id": "c0" }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        sessions.push(started["token"].as_str().unwrap().to_string());
    }
    // Accept every chat, one agent each (the Waiting list shows at most 500 at a time).
    let mut ids: Vec<i64> = Vec::new();
    while ids.len() < a.visitors {
        let queue: Value = http
            .post(format!("{base}/api/list_queue"))
            .header("cookie", &cookie)
            .header("accept", "application/json")
            .form(&[("tab", "waiting")])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let batch: Vec<i64> = queue["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        if batch.is_empty() {
            break;
        }
        for id in batch {
            let agent_cookie = &agent_cookies[ids.len()];
            http.post(format!("{base}/api/accept_chat"))
                .header("cookie", agent_cookie)
                .header("accept", "application/json")
                .form(&[("id", id.to_string())])
                .send()
                .await
                .unwrap();
            ids.push(id);
        }
    }

    // Agent sockets, each watching one session, recording delivery latency.
    let latencies = Arc::new(Mutex::new(Vec::<f64>::new()));
    let epoch = Instant::now();
    let ws_base = format!("ws://127.0.0.1:{}", a.port);
    for (id, agent_cookie) in ids.iter().zip(&agent_cookies) {
        let mut req =
            tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(
                format!("{ws_base}/ws/agent"),
            )
            .unwrap();
        req.headers_mut()
            .insert("cookie", agent_cookie.parse().unwrap());
        let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
        ws.send(Message::Text(
            json!({ "type": "watch", "session_id": id, "after": 0 })
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
        let latencies = latencies.clone();
        tokio::spawn(async move {
            while let Some(Ok(msg)) = ws.next().await {
                if let Message::Text(t) = msg {
                    let v: Value = serde_json::from_str(t.as_str()).unwrap_or_default();
                    if v["type"] == "message" && v["message"]["sender"] == "visitor" {
                        if let Some(sent) = v["message"]["text"]
                            .as_str()
                            .and_then(|t| t.strip_prefix("t="))
                            .and_then(|t| t.parse::<f64>().ok())
                        {
                            let ms = epoch.elapsed().as_secs_f64() * 1000.0 - sent;
                            latencies.lock().await.push(ms);
                        }
                    }
                }
            }
        });
    }
    // Visitor sockets (they receive the echo of their own messages, like the widget).
    let mut visitor_sockets = Vec::new();
    for token in &sessions {
        let (mut ws, _) = tokio_tungstenite::connect_async(format!("{ws_base}/v1/visitor/live"))
            .await
            .unwrap();
        ws.send(Message::Text(
            json!({ "type": "hello", "token": token, "after": 0 })
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
        visitor_sockets.push(tokio::spawn(async move {
            while let Some(Ok(_)) = ws.next().await {}
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    println!("memory: server RSS {} KiB after setup", rss_kib(pid));
    // Load: `rate` messages per second spread over the visitors.
    let total = (a.rate * a.seconds as f64) as usize;
    let interval = Duration::from_secs_f64(1.0 / a.rate);
    let start = Instant::now();
    let mut sends = Vec::with_capacity(total);
    for n in 0..total {
        let due = start + interval * n as u32;
        tokio::time::sleep_until(due.into()).await;
        let token = sessions[n % sessions.len()].clone();
        let http = http.clone();
        let base = base.clone();
        let text = format!("t={:.3}", epoch.elapsed().as_secs_f64() * 1000.0);
        sends.push(tokio::spawn(async move {
            http.post(format!("{base}/v1/visitor/messages"))
                .bearer_auth(token)
                .json(&json!({ "client_id": format!("m{n}"), "text": text }))
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        }));
    }
    let mut ok = 0;
    let mut limited = 0;
    for s in sends {
        match s.await.unwrap_or(0) {
            200 => ok += 1,
            429 => limited += 1,
            _ => {}
        }
    }
    let send_secs = start.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut lat = latencies.lock().await.clone();
    lat.sort_by(|x, y| x.partial_cmp(y).unwrap());
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or(f64::NAN)
    };
    println!("messages: {total} sent in {send_secs:.1} s, {ok} acknowledged, {limited} rate-limited, {} delivered to agents", lat.len());
    println!(
        "throughput: {:.0} messages/s acknowledged",
        ok as f64 / send_secs
    );
    println!(
        "visitor→agent latency: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        pct(0.5),
        pct(0.99),
        lat.last().copied().unwrap_or(f64::NAN)
    );

    // Memory per idle visitor connection: RSS before and after opening `idle` more sockets.
    let token = sessions[0].clone();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = rss_kib(pid);
    let mut idle = Vec::new();
    for _ in 0..a.idle {
        let (mut ws, _) = tokio_tungstenite::connect_async(format!("{ws_base}/v1/visitor/live"))
            .await
            .unwrap();
        ws.send(Message::Text(
            json!({ "type": "hello", "token": token, "after": 0 })
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
        let _ = ws.next().await; // ready
        idle.push(ws);
    }
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let after = rss_kib(pid);
    println!(
        "memory: server RSS {before} KiB → {after} KiB with {} more idle visitor connections: {:.1} KiB per connection",
        a.idle,
        (after.saturating_sub(before)) as f64 / a.idle as f64
    );
    drop(idle);
    for v in visitor_sockets {
        v.abort();
    }
    let _ = std::fs::remove_file(&db);
}
