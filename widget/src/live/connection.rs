//! The live socket loop: connect, `hello` with the last `seq` shown, hand frames to the
//! app, keep the connection proven alive, and reconnect with backoff when it drops. Once
//! `ready` has come the app sends its `send` frames on the same socket itself.

use futures_channel::mpsc::{self, UnboundedReceiver};
use futures_util::future::{select, Either};
use futures_util::{SinkExt, StreamExt};
use gloo_net::websocket::futures::WebSocket;
use gloo_net::websocket::{Message as WsMessage, WebSocketError};

use super::{backoff_ms, next_tick, Tick, PROBE_MS};
use crate::app::{self, Flow, Shared};
use crate::dom::{now, sleep};
use crate::wire::{self, PING_JSON as PING};
/// A socket that has not opened (and taken our `hello`) by then is given up on.
const CONNECT_TIMEOUT_MS: f64 = 10_000.0;

enum Outcome {
    /// The chat ended while connected.
    Closed,
    /// This chat is no longer the widget's (new chat, token refused): stop for good.
    Stop,
    /// The connection dropped; `ready` when it had got as far as the server's `ready`.
    Dropped { ready: bool },
}

enum Event {
    Frame(Option<Result<WsMessage, WebSocketError>>),
    Timer,
    /// The app asked for attention (`true`: page back online or visible) or let go of
    /// this loop (`false`: its sender was dropped).
    Wake(bool),
}

/// Runs the live connection of chat generation `generation` until that chat ends or is
/// replaced.
pub async fn run(app: Shared, generation: u32) {
    let (tx, mut wake) = mpsc::unbounded();
    if !app.borrow_mut().register_wake(generation, tx) {
        return;
    }
    let mut attempt = 0u32;
    loop {
        let Some((url, hello)) = app.borrow().hello(generation) else {
            return;
        };
        let outcome = match open(&url) {
            Some((ws, raw)) => {
                let outcome = connected(&app, generation, ws, raw, hello, &mut wake).await;
                // The sends it had not answered go over HTTP.
                app::socket_closed(&app, generation);
                outcome
            }
            None => Outcome::Dropped { ready: false },
        };
        match outcome {
            Outcome::Closed => {
                // Fetch the transcript once more so the closing lines are all there.
                app::refresh(&app, generation).await;
                return;
            }
            Outcome::Stop => return,
            Outcome::Dropped { ready: true } => attempt = 0,
            Outcome::Dropped { ready: false } => {}
        }
        if !app.borrow_mut().connection_lost(generation) {
            return;
        }
        let delay = backoff_ms(attempt, js_sys::Math::random());
        attempt = attempt.saturating_add(1);
        // Online again or visible again: reconnect at once instead of waiting.
        if let Either::Right((None, _)) = select(sleep(delay), wake.next()).await {
            return;
        }
    }
}

/// Opens the socket: the loop reads it through gloo-net, the app writes its `send` frames
/// straight to the browser's socket (`raw`, the same one).
fn open(url: &str) -> Option<(WebSocket, web_sys::WebSocket)> {
    let raw = web_sys::WebSocket::new(url).ok()?;
    Some((WebSocket::try_from(raw.clone()).ok()?, raw))
}

async fn connected(
    app: &Shared,
    generation: u32,
    mut ws: WebSocket,
    raw: web_sys::WebSocket,
    hello: String,
    wake: &mut UnboundedReceiver<()>,
) -> Outcome {
    // `send` waits for the socket to open.
    match select(ws.send(WsMessage::Text(hello)), sleep(CONNECT_TIMEOUT_MS)).await {
        Either::Left((Ok(()), _)) => {}
        _ => return Outcome::Dropped { ready: false },
    }
    let mut ready = false;
    let mut heard = now();
    let mut pinged = heard;
    let mut probe: Option<f64> = None;
    loop {
        let wait = match next_tick(now(), heard, pinged, probe) {
            Tick::Dead => return Outcome::Dropped { ready },
            Tick::Ping => {
                if ws.send(WsMessage::Text(PING.into())).await.is_err() {
                    return Outcome::Dropped { ready };
                }
                pinged = now();
                continue;
            }
            Tick::Wait(ms) => ms,
        };
        let event = match select(select(ws.next(), sleep(wait)), wake.next()).await {
            Either::Left((Either::Left((frame, _)), _)) => Event::Frame(frame),
            Either::Left((Either::Right(_), _)) => Event::Timer,
            Either::Right((signal, _)) => Event::Wake(signal.is_some()),
        };
        match event {
            Event::Frame(Some(Ok(WsMessage::Text(text)))) => {
                heard = now();
                probe = None;
                // Frames of a newer protocol this widget does not know are skipped.
                let Some(frame) = wire::parse(&text).as_ref().and_then(wire::server_frame) else {
                    continue;
                };
                match app::on_frame(app, generation, frame) {
                    Flow::Continue => {}
                    Flow::Ready => {
                        ready = true;
                        app::socket_open(app, generation, raw.clone());
                    }
                    Flow::Closed => return Outcome::Closed,
                    Flow::Stop => return Outcome::Stop,
                }
            }
            Event::Frame(Some(Ok(WsMessage::Bytes(_)))) => heard = now(),
            Event::Frame(_) => return Outcome::Dropped { ready },
            Event::Timer => {}
            Event::Wake(false) => return Outcome::Stop,
            Event::Wake(true) => {
                // After sleep or a network change the socket may be dead without knowing
                // it: a ping must be answered quickly.
                if ws.send(WsMessage::Text(PING.into())).await.is_err() {
                    return Outcome::Dropped { ready };
                }
                pinged = now();
                probe = Some(pinged + PROBE_MS);
            }
        }
    }
}
