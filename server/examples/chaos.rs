//! Fault tests (`scripts/chaos`): steady visitor traffic while something breaks, then a
//! count of what every sender saw acknowledged against what every reader received.
//!
//! Each chat has one sender (HTTP `POST /v1/visitor/messages`, one message after another,
//! every failure retried with the same `client_id` until it is acknowledged) and one reader
//! (the visitor's live socket, reconnecting from its last position whenever it drops).
//! Scenarios, each bounded in time, loopback only:
//!   kill       two instances on PostgreSQL behind nginx; one is `kill -9`ed every few
//!              seconds and started again
//!   cut        one instance behind a TCP proxy that cuts every connection every ~2 s
//!   postgres   two instances behind nginx; PostgreSQL is restarted (`pg_ctlcluster`)
//!   sqlite     one instance on SQLite, `kill -9`ed every few seconds and started again
//! It prints, per scenario: acknowledged, delivered, lost, duplicated, out of order (and
//! the sends and reconnects it took). Every scenario must end with 0 lost, 0 duplicated,
//! 0 out of order; the exit code says whether it did.
//!
//!   scripts/chaos [--scenarios kill,cut,postgres,sqlite] [--seconds 12] [--chats 20]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Message;

#[path = "common/cluster.rs"]
mod cluster;
use cluster::{fresh_pg_database, Nginx};

struct Args {
    scenarios: Vec<String>,
    seconds: u64,
    chats: usize,
    server: PathBuf,
    pg_url: String,
    nginx_conf: PathBuf,
}

fn args() -> Args {
    let mut a = Args {
        scenarios: ["kill", "cut", "postgres", "sqlite"]
            .map(String::from)
            .to_vec(),
        seconds: 12,
        chats: 20,
        server: std::env::var("SERVER_BIN")
            .unwrap_or_else(|_| "target/release/server".into())
            .into(),
        pg_url: std::env::var("TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into()),
        nginx_conf: "deploy/nginx/chat.conf".into(),
    };
    let raw: Vec<String> = std::env::args().skip(1).collect();
    for pair in raw.chunks(2) {
        let v = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--scenarios" => a.scenarios = v.split(',').map(|s| s.trim().to_string()).collect(),
            "--seconds" => a.seconds = v.parse().unwrap(),
            "--chats" => a.chats = v.parse().unwrap(),
            other => panic!("unknown flag {other}"),
        }
    }
    a
}

/// One server process, started again on the same port and database after a kill.
struct Instance {
    port: u16,
    env: Vec<(String, String)>,
    server: PathBuf,
    log: PathBuf,
    child: Option<Child>,
}

impl Instance {
    fn new(server: &Path, dir: &Path, port: u16, database_url: &str, hub: &str) -> Self {
        let env = vec![
            ("LEPTOS_SITE_ADDR".into(), format!("127.0.0.1:{port}")),
            ("DATABASE_URL".into(), database_url.into()),
            ("CHAT_HUB".into(), hub.into()),
            ("CHAT_TRUST_PROXY".into(), "1".into()),
            // The load comes from one address and sends faster than a person.
            ("CHAT_NEW_CHAT_BURST".into(), "100000".into()),
            ("CHAT_VISITOR_MESSAGE_RATE".into(), "1000".into()),
            ("RUST_LOG".into(), "warn".into()),
        ];
        Self {
            port,
            env,
            server: server.into(),
            log: dir.join(format!("instance-{port}.log")),
            child: None,
        }
    }

    async fn start(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        let child = Command::new(&self.server)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start the server");
        self.child = Some(child);
        let url = format!("http://127.0.0.1:{}/healthz", self.port);
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(r) = reqwest::get(&url).await {
                if r.status().is_success() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "instance on :{} never became healthy (log: {:?})",
            self.port, self.log
        );
    }

    fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill(); // SIGKILL
            let _ = c.wait();
        }
    }

    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &c.id().to_string()])
                .status();
            let _ = c.wait();
        }
    }
}

/// A TCP proxy that cuts every open connection whenever `cut` ticks.
async fn cutting_proxy(listen: u16, upstream: u16, cut: watch::Receiver<u64>) {
    let listener = TcpListener::bind(("127.0.0.1", listen)).await.unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut inbound, _)) = listener.accept().await else {
                continue;
            };
            let mut cut = cut.clone();
            cut.borrow_and_update();
            tokio::spawn(async move {
                let Ok(mut outbound) = TcpStream::connect(("127.0.0.1", upstream)).await else {
                    return;
                };
                tokio::select! {
                    _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                    // Both sockets drop: the connection is cut. (A sender gone: no more cuts.)
                    Ok(()) = cut.changed() => {}
                }
            });
        }
    });
}

#[derive(Default)]
struct Tally {
    /// Per chat: the positions acknowledged to its sender, in order.
    acked: Vec<Vec<i64>>,
    /// Per chat: the positions its reader received, in arrival order (first chat message
    /// included).
    received: Vec<Vec<i64>>,
    sends: u64,
    failed_sends: u64,
    reconnects: u64,
}

struct Row {
    name: String,
    acked: usize,
    delivered: usize,
    lost: usize,
    duplicated: usize,
    out_of_order: usize,
    sends: u64,
    failed_sends: u64,
    reconnects: u64,
}

fn count(name: &str, t: &Tally) -> Row {
    let mut lost = 0;
    let mut duplicated = 0;
    let mut out_of_order = 0;
    let mut delivered = 0;
    for (acked, received) in t.acked.iter().zip(&t.received) {
        let mut seen: HashMap<i64, usize> = HashMap::new();
        let mut last = 0;
        for &seq in received {
            *seen.entry(seq).or_default() += 1;
            if seq < last {
                out_of_order += 1;
            }
            last = last.max(seq);
        }
        duplicated += seen
            .values()
            .filter(|n| **n > 1)
            .map(|n| n - 1)
            .sum::<usize>();
        for seq in acked {
            if seen.contains_key(seq) {
                delivered += 1;
            } else {
                lost += 1;
            }
        }
    }
    Row {
        name: name.into(),
        acked: t.acked.iter().map(Vec::len).sum(),
        delivered,
        lost,
        duplicated,
        out_of_order,
        sends: t.sends,
        failed_sends: t.failed_sends,
        reconnects: t.reconnects,
    }
}

/// Starts a chat through `base`, retrying until the service answers.
async fn start_chat(http: &reqwest::Client, base: &str, i: usize) -> String {
    loop {
        let res = http
            .post(format!("{base}/v1/visitor/sessions"))
            .json(
                &json!({ "name": format!("Chaos {i}"), "message": "start", "client_id": "start" }),
            )
            .send()
            .await;
        if let Ok(r) = res {
            if r.status().as_u16() == 201 {
                let v: Value = r.json().await.unwrap();
                return v["token"].as_str().unwrap().to_string();
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Sends message after message until `stop`; each is retried with its `client_id` until
/// acknowledged (the process behind may be dead, cut off or without its database).
async fn sender(
    base: String,
    token: String,
    stop: Arc<AtomicBool>,
    sends: Arc<AtomicU64>,
    failed: Arc<AtomicU64>,
) -> Vec<i64> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let mut acked = Vec::new();
    let mut k = 0u64;
    while !stop.load(Ordering::Relaxed) {
        k += 1;
        loop {
            sends.fetch_add(1, Ordering::Relaxed);
            let res = http
                .post(format!("{base}/v1/visitor/messages"))
                .bearer_auth(&token)
                .json(&json!({ "client_id": format!("m{k}"), "text": format!("message {k}") }))
                .send()
                .await;
            match res {
                Ok(r) if r.status().is_success() => {
                    let v: Value = r.json().await.unwrap_or_default();
                    if let Some(seq) = v["seq"].as_i64() {
                        acked.push(seq);
                        break;
                    }
                }
                _ => {}
            }
            failed.fetch_add(1, Ordering::Relaxed);
            // Past the end, a message still unacknowledged is given up (not counted).
            if stop.load(Ordering::Relaxed) {
                return acked;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    acked
}

/// The visitor's live socket, reconnecting from its last position until `done`.
async fn reader(
    ws_base: String,
    token: String,
    received: Arc<Mutex<Vec<i64>>>,
    done: watch::Receiver<bool>,
    reconnects: Arc<AtomicU64>,
) {
    let mut last = 0i64;
    let mut first = true;
    while !*done.borrow() {
        if !first {
            reconnects.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        first = false;
        let Ok(Ok((mut sock, _))) = tokio::time::timeout(
            Duration::from_secs(3),
            tokio_tungstenite::connect_async(format!("{ws_base}/v1/visitor/live")),
        )
        .await
        else {
            continue;
        };
        let hello = json!({ "type": "hello", "token": token, "after": last });
        if sock
            .send(Message::Text(hello.to_string().into()))
            .await
            .is_err()
        {
            continue;
        }
        let mut done = done.clone();
        loop {
            let frame = tokio::select! {
                _ = done.changed() => return,
                f = sock.next() => f,
            };
            let text = match frame {
                Some(Ok(Message::Text(text))) => text,
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                other => {
                    if std::env::var_os("CHAOS_DEBUG").is_some() {
                        eprintln!("reader: {other:?} after {last}");
                    }
                    break; // closed, cut or failed: reconnect
                }
            };
            let v: Value = serde_json::from_str(&text).unwrap_or_default();
            if v["type"] == "message" {
                let seq = v["message"]["seq"].as_i64().unwrap_or(0);
                received.lock().unwrap().push(seq);
                last = last.max(seq);
            }
        }
    }
}

/// Runs traffic through `base` for `seconds` while `fault` breaks things, then lets the
/// readers drain and tallies.
async fn traffic<F, Fut>(base: &str, chats: usize, seconds: u64, fault: F) -> Tally
where
    F: FnOnce(Arc<AtomicBool>) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let http = reqwest::Client::new();
    let ws_base = base.replacen("http://", "ws://", 1);
    let mut tokens = Vec::new();
    for i in 0..chats {
        tokens.push(start_chat(&http, base, i).await);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let sends = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let reconnects = Arc::new(AtomicU64::new(0));
    let (done_tx, done_rx) = watch::channel(false);
    let mut readers = Vec::new();
    let mut received = Vec::new();
    for token in &tokens {
        let r = Arc::new(Mutex::new(Vec::new()));
        received.push(r.clone());
        readers.push(tokio::spawn(reader(
            ws_base.clone(),
            token.clone(),
            r,
            done_rx.clone(),
            reconnects.clone(),
        )));
    }
    let senders: Vec<_> = tokens
        .iter()
        .map(|t| {
            tokio::spawn(sender(
                base.to_string(),
                t.clone(),
                stop.clone(),
                sends.clone(),
                failed.clone(),
            ))
        })
        .collect();
    let faults_stop = Arc::new(AtomicBool::new(false));
    let faults = fault(faults_stop.clone());
    tokio::select! {
        _ = faults => {}
        _ = tokio::time::sleep(Duration::from_secs(seconds)) => {}
    }
    faults_stop.store(true, Ordering::Relaxed);
    // The faults are over; senders finish what they have in hand (retrying), then stop.
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop.store(true, Ordering::Relaxed);
    let mut acked = Vec::new();
    for s in senders {
        acked.push(s.await.unwrap());
    }
    // Readers get until every acknowledged position arrived, or 20 s.
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let all = acked.iter().zip(&received).all(|(a, r)| {
            let r = r.lock().unwrap();
            a.iter().all(|seq| r.contains(seq))
        });
        if all {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A last moment for duplicates to show up, then stop reading.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _ = done_tx.send(true);
    for r in readers {
        let _ = r.await;
    }
    Tally {
        acked,
        received: received.iter().map(|r| r.lock().unwrap().clone()).collect(),
        sends: sends.load(Ordering::Relaxed),
        failed_sends: failed.load(Ordering::Relaxed),
        reconnects: reconnects.load(Ordering::Relaxed),
    }
}

async fn pause_unless(stop: &AtomicBool, d: Duration) -> bool {
    let until = Instant::now() + d;
    while Instant::now() < until {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    true
}

async fn scenario(name: &str, a: &Args, dir: &Path) -> Row {
    let dir = dir.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let tally = match name {
        "kill" | "postgres" => {
            let url = fresh_pg_database(&a.pg_url, &format!("chat_chaos_{name}"));
            let mut instances = vec![
                Instance::new(&a.server, &dir, 3711, &url, "postgres"),
                Instance::new(&a.server, &dir, 3712, &url, "postgres"),
            ];
            for i in &mut instances {
                i.start().await;
            }
            let _nginx = Nginx::start(&a.nginx_conf, &dir, 3710, &[3711, 3712]).await;
            let instances = Arc::new(tokio::sync::Mutex::new(instances));
            let inst = instances.clone();
            let kill = name == "kill";
            let tally = traffic(
                "http://127.0.0.1:3710",
                a.chats,
                a.seconds,
                |stop| async move {
                    if kill {
                        // Every 3 s one instance dies (alternating) and comes back 1 s later.
                        let mut n = 0;
                        while pause_unless(&stop, Duration::from_secs(2)).await {
                            let mut all = inst.lock().await;
                            let i = &mut all[n % 2];
                            i.kill9();
                            drop(all);
                            pause_unless(&stop, Duration::from_secs(1)).await;
                            inst.lock().await[n % 2].start().await;
                            n += 1;
                        }
                    } else {
                        // PostgreSQL restarts twice during traffic.
                        for _ in 0..2 {
                            if !pause_unless(&stop, Duration::from_secs(3)).await {
                                return;
                            }
                            restart_postgres();
                        }
                        pause_unless(&stop, Duration::from_secs(60)).await;
                    }
                },
            )
            .await;
            for i in instances.lock().await.iter_mut() {
                i.stop();
            }
            tally
        }
        "cut" => {
            let url = format!("sqlite://{}/chat.db?mode=rwc", dir.display());
            let mut instance = Instance::new(&a.server, &dir, 3721, &url, "local");
            instance.start().await;
            let (cut_tx, cut_rx) = watch::channel(0u64);
            cutting_proxy(3720, 3721, cut_rx).await;
            let cut_tx = &cut_tx;
            let tally = traffic(
                "http://127.0.0.1:3720",
                a.chats,
                a.seconds,
                |stop| async move {
                    let mut n = 0;
                    while pause_unless(&stop, Duration::from_millis(1500)).await {
                        n += 1;
                        let _ = cut_tx.send(n);
                    }
                },
            )
            .await;
            instance.stop();
            tally
        }
        "sqlite" => {
            let url = format!("sqlite://{}/chat.db?mode=rwc", dir.display());
            let instance = Arc::new(tokio::sync::Mutex::new(Instance::new(
                &a.server, &dir, 3731, &url, "local",
            )));
            instance.lock().await.start().await;
            let inst = instance.clone();
            let tally = traffic(
                "http://127.0.0.1:3731",
                a.chats,
                a.seconds,
                |stop| async move {
                    while pause_unless(&stop, Duration::from_secs(3)).await {
                        inst.lock().await.kill9();
                        pause_unless(&stop, Duration::from_millis(500)).await;
                        inst.lock().await.start().await;
                    }
                },
            )
            .await;
            instance.lock().await.stop();
            tally
        }
        other => panic!("unknown scenario {other} (kill, cut, postgres, sqlite)"),
    };
    count(name, &tally)
}

fn restart_postgres() {
    let version = std::fs::read_dir("/etc/postgresql")
        .ok()
        .and_then(|mut d| d.next())
        .and_then(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .expect("a Debian PostgreSQL cluster under /etc/postgresql");
    let ok = Command::new("pg_ctlcluster")
        .args(["--skip-systemctl-redirect", &version, "main", "restart"])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(ok, "pg_ctlcluster restart failed");
}

#[tokio::main]
async fn main() {
    let a = args();
    let dir = std::env::temp_dir().join(format!("chat-chaos-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    println!(
        "{} chats, one sender and one reader each, {} s of faults per scenario (logs: {})",
        a.chats,
        a.seconds,
        dir.display()
    );
    let mut rows = Vec::new();
    for name in &a.scenarios {
        let started = Instant::now();
        let row = scenario(name, &a, &dir).await;
        println!("  {name}: done in {:.0} s", started.elapsed().as_secs_f64());
        rows.push(row);
    }
    println!();
    println!(
        "| scenario | acknowledged | delivered | lost | duplicated | out of order | sends (failed) | reader reconnects |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    let mut clean = true;
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} ({}) | {} |",
            r.name,
            r.acked,
            r.delivered,
            r.lost,
            r.duplicated,
            r.out_of_order,
            r.sends,
            r.failed_sends,
            r.reconnects
        );
        clean &= r.lost == 0 && r.duplicated == 0 && r.out_of_order == 0 && r.acked > 0;
    }
    if clean {
        let _ = std::fs::remove_dir_all(&dir);
    } else {
        println!(
            "\nSOMETHING WAS LOST, DUPLICATED OR REORDERED (logs: {})",
            dir.display()
        );
        std::process::exit(1);
    }
}
