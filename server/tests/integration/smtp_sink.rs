//! A real SMTP server on loopback for the tests: it speaks enough of RFC 5321 for a real
//! client (lettre) to deliver to it, keeps what it accepted, and can refuse the next
//! deliveries with a temporary error (451) to make the sender retry.
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    /// The message as sent (headers and MIME body).
    pub data: String,
}

#[derive(Clone, Default)]
struct Shared {
    mails: Arc<Mutex<Vec<Received>>>,
    refuse: Arc<AtomicU32>,
    attempts: Arc<AtomicU32>,
}

pub struct SmtpSink {
    pub addr: SocketAddr,
    shared: Shared,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Shared::default();
        let s = shared.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, s.clone()));
            }
        });
        SmtpSink { addr, shared }
    }

    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// The next `n` messages are refused with 451 (try again later).
    pub fn refuse_next(&self, n: u32) {
        self.shared.refuse.store(n, Ordering::SeqCst);
    }

    /// Messages offered (accepted or refused).
    pub fn attempts(&self) -> u32 {
        self.shared.attempts.load(Ordering::SeqCst)
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.mails.lock().unwrap().clone()
    }

    /// Waits until `n` messages were accepted (panics after 20 s).
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..400 {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the SMTP sink got {} mails, not {n}", self.received().len());
    }
}

async fn session(stream: tokio::net::TcpStream, shared: Shared) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    let mut to = Vec::new();
    if write.write_all(b"220 sink.test ESMTP\r\n").await.is_err() {
        return;
    }
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let command = line.trim_end().to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") {
            b"250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if command.starts_with("HELO") || command.starts_with("MAIL FROM") {
            to.clear();
            b"250 OK\r\n"
        } else if command.starts_with("RCPT TO") {
            let addr = line.trim_end()[8..].trim().trim_start_matches('<');
            to.push(addr.trim_end_matches('>').to_string());
            b"250 OK\r\n"
        } else if command == "DATA" {
            if write.write_all(b"354 go on\r\n").await.is_err() {
                return;
            }
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                    return;
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                // Dot-stuffing: a line starting with '.' was sent with one more.
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            shared.attempts.fetch_add(1, Ordering::SeqCst);
            let refused = shared
                .refuse
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok();
            if refused {
                b"451 4.3.0 try again later\r\n"
            } else {
                shared.mails.lock().unwrap().push(Received {
                    to: std::mem::take(&mut to),
                    data,
                });
                b"250 2.0.0 queued\r\n"
            }
        } else if command == "QUIT" {
            let _ = write.write_all(b"221 bye\r\n").await;
            return;
        } else if command == "RSET" || command == "NOOP" {
            b"250 OK\r\n"
        } else {
            b"502 not here\r\n"
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}

/// The text of every MIME part of `data`, decoded (base64, quoted-printable or as is), so
/// a test can look for what a reader would see.
pub fn decoded_parts(data: &str) -> Vec<(String, String)> {
    let boundary = data
        .split("boundary=")
        .nth(1)
        .map(|b| {
            b.trim_start_matches('"')
                .split(['"', '\r', '\n', ';'])
                .next()
                .unwrap_or("")
                .to_string()
        })
        .unwrap_or_default();
    assert!(!boundary.is_empty(), "a multipart mail: {data}");
    let mut parts = Vec::new();
    for chunk in data.split(&format!("--{boundary}")).skip(1) {
        let Some((headers, body)) = chunk.split_once("\r\n\r\n") else {
            continue;
        };
        let lower = headers.to_ascii_lowercase();
        let kind = lower
            .split("content-type:")
            .nth(1)
            .map(|t| t.trim().split(';').next().unwrap_or("").to_string())
            .unwrap_or_default();
        let text = if lower.contains("content-transfer-encoding: base64") {
            use base64::Engine;
            let joined: String = body.split_whitespace().collect();
            String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(joined)
                    .unwrap(),
            )
            .unwrap()
        } else if lower.contains("content-transfer-encoding: quoted-printable") {
            quoted_printable(body)
        } else {
            body.to_string()
        };
        parts.push((kind, text));
    }
    parts
}

fn quoted_printable(body: &str) -> String {
    let joined = body.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}
