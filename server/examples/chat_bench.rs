//! Live chat load generator (a benchmark, not a test). It starts the release server on a
//! fresh SQLite database, sets up N chats, each accepted by its own agent who watches it over
//! `/ws/agent`, connects every visitor's live socket, then for each rate sends visitor
//! messages on an open-loop schedule (message k is due at k/rate seconds, whether or not
//! earlier ones were answered) and prints, per rate:
//!   acknowledged, delivered, lost, duplicates, p50/p99/max visitor→agent latency,
//!   server CPU per delivered message (from /proc/<pid>/stat).
//! Then it measures the idle cost (CPU and database writes with every socket connected and
//! no traffic) and memory per idle visitor connection.
//!
//!   scripts/bench --chats 2000 --rates 500,2000,4000 --seconds 10
//!   flags: --chats N  --rates R1,R2  --seconds S  --idle-seconds S  --idle N  --via http|ws
//!          --instances N (2 or more: that many on PostgreSQL behind nginx, with
//!          deploy/nginx/chat.conf; CPU is summed over the instances, and nginx's and
//!          PostgreSQL's are printed beside it)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::stream::SplitSink;
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

#[path = "common/cluster.rs"]
mod cluster;
use cluster::{cpu_of_named, cpu_secs, fresh_pg_database, Nginx};

struct Args {
    chats: usize,
    rates: Vec<f64>,
    seconds: f64,
    idle_seconds: u64,
    idle: usize,
    via_ws: bool,
    server: String,
    port: u16,
    /// 1: one instance on SQLite. More: that many on PostgreSQL behind nginx.
    instances: usize,
    pg_url: String,
}

fn args() -> Args {
    let mut a = Args {
        chats: 200,
        rates: vec![200.0],
        seconds: 10.0,
        idle_seconds: 10,
        idle: 2000,
        via_ws: false,
        server: std::env::var("SERVER_BIN").unwrap_or_else(|_| "target/release/server".into()),
        port: 3900,
        instances: 1,
        pg_url: std::env::var("TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into()),
    };
    let raw: Vec<String> = std::env::args().skip(1).collect();
    for pair in raw.chunks(2) {
        let v = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--chats" | "--visitors" => a.chats = v.parse().unwrap(),
            "--rates" | "--rate" => {
                a.rates = v.split(',').map(|r| r.trim().parse().unwrap()).collect()
            }
            "--seconds" => a.seconds = v.parse().unwrap(),
            "--idle-seconds" => a.idle_seconds = v.parse().unwrap(),
            "--idle" => a.idle = v.parse().unwrap(),
            "--via" => a.via_ws = v == "ws",
            "--server" => a.server = v,
            "--port" => a.port = v.parse().unwrap(),
            "--instances" => a.instances = v.parse::<usize>().unwrap().max(1),
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

/// Where the instance serving on `port` serves its metrics.
fn metrics_addr(port: u16) -> String {
    format!("127.0.0.1:{}", port + 1000)
}

/// Message batches the servers have committed (their `commit_batch_size` histograms' counts).
async fn batches(metrics_urls: &[String]) -> u64 {
    let mut total = 0;
    for url in metrics_urls {
        let Ok(res) = reqwest::get(url).await else {
            continue;
        };
        let text = res.text().await.unwrap_or_default();
        total += text
            .lines()
            .filter(|l| l.contains("commit_batch_size_count"))
            .filter_map(|l| l.split_whitespace().last()?.parse::<f64>().ok())
            .sum::<f64>() as u64;
    }
    total
}

/// PostgreSQL: transactions committed in the database so far. SQLite: a number that
/// changes whenever another connection commits (`PRAGMA data_version`), not a count.
async fn commits(watcher: &sea_orm::DatabaseConnection) -> u64 {
    use sea_orm::{ConnectionTrait, Statement};
    let backend = watcher.get_database_backend();
    // PostgreSQL: transactions committed in this database (the statistics lag by up to a
    // second; each of these reads is one of them).
    let sql = match backend {
        sea_orm::DbBackend::Sqlite => "PRAGMA data_version",
        _ => "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()",
    };
    let row = watcher
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .ok()
        .flatten();
    row.and_then(|r| r.try_get_by_index::<i64>(0).ok())
        .map_or(0, |v| v as u64)
}

/// Commits other connections made to an SQLite file during `window`: `PRAGMA data_version`
/// only tells whether the file changed since this connection last looked, so it is read
/// every 10 ms and each change counted (two commits within one interval count as one).
async fn sqlite_commits_during(watcher: &sea_orm::DatabaseConnection, window: Duration) -> u64 {
    let end = std::time::Instant::now() + window;
    let mut last = commits(watcher).await;
    let mut seen = 0;
    while std::time::Instant::now() < end {
        tokio::time::sleep(Duration::from_millis(10)).await;
        let now = commits(watcher).await;
        if now != last {
            seen += 1;
            last = now;
        }
    }
    seen
}

/// What the agent sockets saw.
#[derive(Default)]
struct Seen {
    latencies_ms: Vec<f64>,
    /// (session, seq) of visitor messages delivered.
    delivered: HashSet<(i64, i64)>,
    duplicates: u64,
}

type VisitorSink = SplitSink<WebSocketStream<MaybeTlsStream<TcpStream>>, Message>;

#[tokio::main]
async fn main() {
    let a = args();
    let db = std::env::temp_dir().join(format!("chat-bench-{}.db", std::process::id()));
    let cluster = a.instances > 1;
    let database_url = if cluster {
        fresh_pg_database(&a.pg_url, "chat_bench")
    } else {
        format!("sqlite://{}?mode=rwc", db.display())
    };
    let base = format!("http://127.0.0.1:{}", a.port);
    let origin = base.clone();
    let ports: Vec<u16> = if cluster {
        (1..=a.instances as u16).map(|i| a.port + i).collect()
    } else {
        vec![a.port]
    };
    let mut servers = Vec::new();
    for port in &ports {
        let child = Command::new(&a.server)
            .env("DATABASE_URL", &database_url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("CHAT_ADMIN_EMAIL", "bench@example.com")
            .env("CHAT_ADMIN_PASSWORD", "bench-password")
            // Each simulated visitor gets its own client address (X-Forwarded-For; nginx
            // appends one more).
            .env("CHAT_TRUST_PROXY", if cluster { "2" } else { "1" })
            // One admin creates thousands of agents; visitors send as fast as the schedule says.
            .env("CHAT_AGENT_REQUEST_RATE", "100000")
            .env("CHAT_SOCKET_FRAME_RATE", "100000")
            .env("CHAT_VISITOR_MESSAGE_RATE", "1000")
            .env("RUST_LOG", "warn")
            .env("CHAT_METRICS_ADDR", metrics_addr(*port))
            .stdout(Stdio::null())
            .spawn()
            .expect("start the server (build it with scripts/run or cargo leptos build --release)");
        servers.push(ServerProcess(child));
        // Instances start one after another (the first applies the migrations).
        let health = format!("http://127.0.0.1:{port}/healthz");
        for _ in 0..600 {
            if reqwest::get(&health)
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let metrics_urls: Vec<String> = ports
        .iter()
        .map(|p| format!("http://{}/metrics", metrics_addr(*p)))
        .collect();
    let pids: Vec<u32> = servers.iter().map(|s| s.0.id()).collect();
    let nginx_dir = std::env::temp_dir().join(format!("chat-bench-nginx-{}", std::process::id()));
    let _nginx = if cluster {
        std::fs::create_dir_all(&nginx_dir).unwrap();
        Some(
            Nginx::start(
                Path::new("deploy/nginx/chat.conf"),
                &nginx_dir,
                a.port,
                &ports,
            )
            .await,
        )
    } else {
        None
    };
    let cpu_now = || pids.iter().map(|p| cpu_secs(*p)).sum::<f64>();
    let rss_now = || pids.iter().map(|p| rss_kib(*p)).sum::<u64>();
    // With a cluster, the load balancer and the database server are processes of their own.
    let others_cpu_now = || {
        if cluster {
            cpu_of_named("nginx") + cpu_of_named("postgres")
        } else {
            0.0
        }
    };
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(512)
        .build()
        .unwrap();
    for _ in 0..100 {
        if http.get(format!("{base}/healthz")).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let api = |path: &str, cookie: &str| {
        http.post(format!("{base}/api/{path}"))
            .header("cookie", cookie)
            .header("origin", &origin)
            .header("accept", "application/json")
    };
    let sign_in = |email: String| {
        let req =
            api("sign_in", "").form(&[("email", email.as_str()), ("password", "bench-password")]);
        async move {
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 200, "sign in");
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
    println!(
        "machine: {} cores",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0)
    );
    println!("memory: server RSS {} KiB at start", rss_now());

    // One agent per chat: created by the admin, signed in, accepting one chat each.
    let setup = Instant::now();
    let mut agent_cookies = Vec::new();
    for i in 0..a.chats {
        let email = format!("agent{i}@bench.example");
        let res = api("create_agent", &cookie)
            .form(&[
                ("name", format!("Agent {i}")),
                ("email", email.clone()),
                ("password", "bench-password".into()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            200,
            "create agent: {}",
            res.text().await.unwrap()
        );
        agent_cookies.push(sign_in(email).await);
    }
    let mut tokens = Vec::new();
    for i in 0..a.chats {
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
        tokens.push(started["token"].as_str().unwrap().to_string());
    }
    let mut ids: Vec<i64> = Vec::new();
    while ids.len() < a.chats {
        let queue: Value = api("list_queue", &cookie)
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
            let res = api("accept_chat", &agent_cookies[ids.len()])
                .form(&[("id", id.to_string())])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "accept");
            ids.push(id);
        }
    }

    // Agent sockets, each watching its chat, recording delivery latency and duplicates.
    let seen = Arc::new(Mutex::new(Seen::default()));
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
        let seen = seen.clone();
        tokio::spawn(async move {
            while let Some(Ok(msg)) = ws.next().await {
                let Message::Text(t) = msg else { continue };
                let v: Value = serde_json::from_str(t.as_str()).unwrap_or_default();
                if v["type"] != "message" || v["message"]["sender"] != "visitor" {
                    continue;
                }
                let Some(sent) = v["message"]["text"]
                    .as_str()
                    .and_then(|t| t.strip_prefix("t="))
                    .and_then(|t| t.parse::<f64>().ok())
                else {
                    continue;
                };
                let ms = epoch.elapsed().as_secs_f64() * 1000.0 - sent;
                let key = (
                    v["session_id"].as_i64().unwrap_or(0),
                    v["message"]["seq"].as_i64().unwrap_or(0),
                );
                let mut s = seen.lock().unwrap();
                if s.delivered.insert(key) {
                    s.latencies_ms.push(ms);
                } else {
                    s.duplicates += 1;
                }
            }
        });
    }
    // Visitor sockets (they receive their own messages back, like the widget). With
    // `--via ws` messages are sent on them; their acknowledgements are counted here.
    let acked_ws = Arc::new(AtomicU64::new(0));
    let mut sinks: Vec<Arc<tokio::sync::Mutex<VisitorSink>>> = Vec::new();
    for token in &tokens {
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
        let (sink, mut stream) = ws.split();
        sinks.push(Arc::new(tokio::sync::Mutex::new(sink)));
        let acked = acked_ws.clone();
        tokio::spawn(async move {
            while let Some(Ok(msg)) = stream.next().await {
                if let Message::Text(t) = msg {
                    if t.as_str().starts_with("{\"type\":\"sent\"") {
                        acked.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        });
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut watch_options = sea_orm::ConnectOptions::new(if cluster {
        database_url.clone()
    } else {
        format!("sqlite://{}?mode=ro", db.display())
    });
    watch_options
        .max_connections(1)
        .min_connections(1)
        .sqlx_logging(false);
    let watcher = sea_orm::Database::connect(watch_options).await.unwrap();
    println!(
        "setup: {} chats (visitor + agent each) in {:.0} s; server RSS {} KiB",
        a.chats,
        setup.elapsed().as_secs_f64(),
        rss_now()
    );
    // Idle: every socket connected, nothing sent.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (cpu0, others0, commits0) = (cpu_now(), others_cpu_now(), commits(&watcher).await);
    let idle_commits = if cluster {
        tokio::time::sleep(Duration::from_secs(a.idle_seconds)).await;
        let commits1 = commits(&watcher).await;
        // The watcher's own two reads count on PostgreSQL.
        commits1.saturating_sub(commits0).saturating_sub(1)
    } else {
        sqlite_commits_during(&watcher, Duration::from_secs(a.idle_seconds)).await
    };
    let (cpu1, others1) = (cpu_now(), others_cpu_now());
    println!(
        "idle: {} agent + {} visitor sockets for {} s: server CPU {:.4} cores{}; {} database commits",
        ids.len(),
        tokens.len(),
        a.idle_seconds,
        (cpu1 - cpu0) / a.idle_seconds as f64,
        if cluster {
            format!(
                " (nginx + PostgreSQL: {:.4} cores)",
                (others1 - others0) / a.idle_seconds as f64
            )
        } else {
            String::new()
        },
        idle_commits
    );

    // Memory per idle visitor connection: RSS before and after opening `idle` more sockets.
    let token = tokens[0].clone();
    let before = rss_now();
    let mut idle = Vec::new();
    for _ in 0..a.idle {
        let (mut ws, _) = tokio_tungstenite::connect_async(format!("{ws_base}/v1/visitor/live"))
            .await
            .unwrap();
        ws.send(Message::Text(
            json!({ "type": "hello", "token": token, "after": 1_000_000 })
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
        let _ = ws.next().await; // ready
        idle.push(ws);
    }
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let after = rss_now();
    println!(
        "memory: server RSS {before} KiB → {after} KiB with {} more idle visitor connections: {:.1} KiB per connection",
        a.idle,
        (after.saturating_sub(before)) as f64 / a.idle as f64
    );
    drop(idle);
    // Let the server see them go before anything is timed.
    tokio::time::sleep(Duration::from_secs(2)).await;
    println!(
        "sending via {}",
        if a.via_ws {
            "the visitor WebSocket (send frame)"
        } else {
            "HTTP (POST /v1/visitor/messages)"
        }
    );
    println!("| rate/s | sent | acked | delivered | lost | dup | p50 ms | p99 ms | max ms | server CPU/msg | msgs/commit |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");

    let mut next_id = 0usize;
    for &rate in &a.rates {
        {
            let mut s = seen.lock().unwrap();
            *s = Seen::default();
        }
        acked_ws.store(0, Ordering::Relaxed);
        let total = (rate * a.seconds) as usize;
        let interval = Duration::from_secs_f64(1.0 / rate);
        let cpu0 = cpu_now();
        let others0 = others_cpu_now();
        let batches0 = batches(&metrics_urls).await;
        let start = Instant::now();
        let mut sends = Vec::with_capacity(total);
        for n in 0..total {
            let due = start + interval.mul_f64(n as f64);
            tokio::time::sleep_until(due.into()).await;
            let chat = next_id % tokens.len();
            next_id += 1;
            let text = format!("t={:.3}", epoch.elapsed().as_secs_f64() * 1000.0);
            let client_id = format!("m{next_id}");
            if a.via_ws {
                let sink = sinks[chat].clone();
                sends.push(tokio::spawn(async move {
                    let frame = json!({ "type": "send", "client_id": client_id, "text": text });
                    let ok = sink
                        .lock()
                        .await
                        .send(Message::Text(frame.to_string().into()))
                        .await
                        .is_ok();
                    if ok {
                        0
                    } else {
                        1
                    }
                }));
            } else {
                let (http, base, token) = (http.clone(), base.clone(), tokens[chat].clone());
                sends.push(tokio::spawn(async move {
                    http.post(format!("{base}/v1/visitor/messages"))
                        .bearer_auth(token)
                        .json(&json!({ "client_id": client_id, "text": text }))
                        .send()
                        .await
                        .map(|r| r.status().as_u16())
                        .unwrap_or(0)
                }));
            }
        }
        let mut acked = 0u64;
        let mut failed = 0u64;
        for s in sends {
            match s.await.unwrap_or(1) {
                200 => acked += 1,
                0 if a.via_ws => {}
                _ => failed += 1,
            }
        }
        if a.via_ws {
            // Acknowledgements arrive on the visitor sockets.
            let deadline = Instant::now() + Duration::from_secs(10);
            while acked_ws.load(Ordering::Relaxed) < total as u64 && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            acked = acked_ws.load(Ordering::Relaxed);
        }
        // Let the last deliveries arrive (up to 10 s), then read the CPU used.
        let deadline = Instant::now() + Duration::from_secs(10);
        while (seen.lock().unwrap().delivered.len() as u64) < acked && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let cpu = cpu_now() - cpu0;
        let others = others_cpu_now() - others0;
        // The writers' committed batches in the window, from the servers' own metrics.
        let committed = batches(&metrics_urls).await.saturating_sub(batches0);
        let (mut lat, delivered, duplicates) = {
            let s = seen.lock().unwrap();
            (
                s.latencies_ms.clone(),
                s.delivered.len() as u64,
                s.duplicates,
            )
        };
        lat.sort_by(|x, y| x.partial_cmp(y).unwrap());
        let pct = |p: f64| {
            lat.get(((lat.len() as f64 - 1.0) * p).round() as usize)
                .copied()
                .unwrap_or(f64::NAN)
        };
        println!(
            "| {rate:.0} | {total} | {acked} | {delivered} | {} | {} | {:.1} | {:.1} | {:.1} | {:.3} ms{} | {:.1} |{}",
            acked.saturating_sub(delivered),
            duplicates,
            pct(0.5),
            pct(0.99),
            lat.last().copied().unwrap_or(f64::NAN),
            cpu * 1000.0 / delivered.max(1) as f64,
            if cluster {
                format!(" + nginx and PostgreSQL {:.3} ms", others * 1000.0 / delivered.max(1) as f64)
            } else {
                String::new()
            },
            delivered as f64 / committed.max(1) as f64,
            if failed > 0 { format!(" ({failed} refused or failed)") } else { String::new() },
        );
        tokio::time::sleep(Duration::from_secs(2)).await;
    }

    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}
