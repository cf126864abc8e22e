//! What both live sockets share: limits, origin checks, JSON frames, transcript replay.
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::http::{header, HeaderMap};
use serde::Serialize;

use crate::config::OriginPolicy;

/// Heartbeat timings of the live sockets (shorter in tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveTimings {
    /// The server pings this often…
    pub ping_every: Duration,
    /// …and drops a client it has not heard from (frame or pong) for this long.
    pub silence_limit: Duration,
    /// A visitor socket must say hello this quickly.
    pub hello_timeout: Duration,
    /// An agent whose last connection closed counts as present this much longer: every link
    /// in the agent app loads a whole page, whose live connection opens again within
    /// moments. Without it each click would make the agent absent for a moment (no chats
    /// routed to them; the widget saying nobody is there when they are the only one).
    pub absent_after: Duration,
}

impl Default for LiveTimings {
    fn default() -> Self {
        Self {
            ping_every: Duration::from_secs(20),
            silence_limit: Duration::from_secs(45),
            hello_timeout: Duration::from_secs(10),
            absent_after: Duration::from_secs(3),
        }
    }
}

/// Small buffers: an idle connection should cost little memory (axum's defaults reserve
/// 128 KiB for reads alone). Frames are small JSON; a larger one (up to the 32 KiB limit)
/// grows the buffer for as long as it takes. Writes go out at once (each send is flushed
/// anyway), so the write buffer holds one frame at most.
pub fn configure(ws: WebSocketUpgrade) -> WebSocketUpgrade {
    let max = protocol::limits::MAX_BODY_BYTES;
    ws.read_buffer_size(1024)
        .write_buffer_size(0)
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

/// A frame as the text message that carries it (`None` if it cannot be serialised).
pub fn json_message<T: Serialize>(frame: &T) -> Option<WsMessage> {
    let text = serde_json::to_string(frame).ok()?;
    Some(WsMessage::Text(text.into()))
}

pub async fn send_json<T: Serialize>(socket: &mut WebSocket, frame: &T) -> Result<(), ()> {
    let message = json_message(frame).ok_or(())?;
    socket.send(message).await.map_err(|_| ())
}

/// Sends a close frame, then waits (briefly) for the client's: closing the TCP connection
/// while frames it sent are still unread would reset it, and the client could lose the
/// close frame and its code.
pub async fn close(socket: &mut WebSocket, code: u16, reason: &str) {
    let sent = socket
        .send(WsMessage::Close(Some(CloseFrame {
            code,
            reason: reason.to_string().into(),
        })))
        .await;
    if sent.is_err() {
        return;
    }
    let _ = tokio::time::timeout(CLOSE_WAIT, async {
        while let Some(Ok(message)) = socket.recv().await {
            if matches!(message, WsMessage::Close(_)) {
                break;
            }
        }
    })
    .await;
}

/// How long a closing socket waits for the client's close frame.
const CLOSE_WAIT: Duration = Duration::from_secs(1);

/// Close codes the clients understand.
/// A frame larger than the limit (`protocol::limits::MAX_BODY_BYTES`).
pub const CLOSE_TOO_BIG: u16 = 1009;
/// Nothing heard (no frame, no pong) for the silence limit.
pub const CLOSE_SILENT: u16 = 4408;
pub const CLOSE_BAD_FRAME: u16 = 4400;
pub const CLOSE_UNAUTHORIZED: u16 = 4401;
/// More frames than the connection's budget (`CHAT_SOCKET_FRAME_RATE`).
pub const CLOSE_TOO_FAST: u16 = 4429;
/// The server is restarting: reconnect.
pub const CLOSE_RESTART: u16 = 1012;

/// What a failed read means for the close code: an over-long frame, or a broken connection
/// (nothing to send then).
pub fn read_failure(err: axum::Error) -> Option<(u16, &'static str)> {
    match err.into_inner().downcast::<tungstenite::Error>() {
        Ok(e) if matches!(*e, tungstenite::Error::Capacity(_)) => {
            Some((CLOSE_TOO_BIG, "frame too big"))
        }
        _ => None,
    }
}
