//! What both live sockets share: limits, origin checks, JSON frames, transcript replay.
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::http::{header, HeaderMap};
use serde::Serialize;

use app::error::AppError;
use app::ssr::chat::messages;
use app::ssr::AppState;
use protocol::Message;

use crate::config::OriginPolicy;

/// The server pings this often…
pub const PING_EVERY: Duration = Duration::from_secs(20);
/// …and drops a client it has not heard from (frame or pong) for this long.
pub const SILENCE_LIMIT: Duration = Duration::from_secs(45);
/// A client must say hello this quickly.
pub const HELLO_TIMEOUT: Duration = Duration::from_secs(10);
/// Replay reads the transcript in pages of this many messages.
const REPLAY_PAGE: u64 = 500;

/// Small buffers: an idle connection should cost little memory (axum's defaults reserve
/// 128 KiB for reads alone).
pub fn configure(ws: WebSocketUpgrade) -> WebSocketUpgrade {
    let max = protocol::limits::MAX_BODY_BYTES;
    ws.read_buffer_size(4 * 1024)
        .write_buffer_size(4 * 1024)
        .max_write_buffer_size(256 * 1024)
        .max_message_size(max)
        .max_frame_size(max)
}

/// Whether the request's `Origin` may open this socket. No `Origin` means no browser,
/// so no cross-site risk; `SameHost` compares it with the `Host` header.
pub fn origin_allowed(headers: &HeaderMap, policy: &OriginPolicy) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    policy.allows(origin, host)
}

pub async fn send_json<T: Serialize>(socket: &mut WebSocket, frame: &T) -> Result<(), ()> {
    let text = serde_json::to_string(frame).map_err(|_| ())?;
    socket
        .send(WsMessage::Text(text.into()))
        .await
        .map_err(|_| ())
}

pub async fn close(socket: &mut WebSocket, code: u16, reason: &str) {
    let _ = socket
        .send(WsMessage::Close(Some(CloseFrame {
            code,
            reason: reason.to_string().into(),
        })))
        .await;
}

/// Close codes the clients understand.
pub const CLOSE_BAD_FRAME: u16 = 4400;
pub const CLOSE_UNAUTHORIZED: u16 = 4401;
/// More frames than the connection's budget (`CHAT_SOCKET_FRAME_RATE`).
pub const CLOSE_TOO_FAST: u16 = 4429;
/// The server is restarting: reconnect.
pub const CLOSE_RESTART: u16 = 1012;

/// Where a client is in one session's transcript.
pub struct Cursor {
    pub session_id: i64,
    /// The highest seq sent to this client.
    pub last: i64,
}

impl Cursor {
    /// Every committed message after `last`, oldest first; `last` moves past them.
    pub async fn catch_up(&mut self, app: &AppState) -> Result<Vec<Message>, AppError> {
        let mut out = Vec::new();
        loop {
            let page = messages::after(&app.db, self.session_id, self.last, REPLAY_PAGE).await?;
            let full = page.len() as u64 == REPLAY_PAGE;
            if let Some(m) = page.last() {
                self.last = m.seq;
            }
            out.extend(page);
            if !full {
                return Ok(out);
            }
        }
    }

    /// What to send for a live message: nothing if already sent, the message if it is the
    /// next one, and when it is further ahead the gap from the database too.
    pub async fn deliver(
        &mut self,
        app: &AppState,
        message: &Message,
    ) -> Result<Vec<Message>, AppError> {
        if message.seq <= self.last {
            Ok(Vec::new())
        } else if message.seq == self.last + 1 {
            self.last = message.seq;
            Ok(vec![message.clone()])
        } else {
            self.catch_up(app).await
        }
    }
}
