//! The browser side of `/ws/agent`: connect, re-watch, read frames, reconnect with backoff.
use futures::channel::mpsc;
use futures::{FutureExt, SinkExt, StreamExt};
use gloo_net::websocket::futures::WebSocket;
use gloo_net::websocket::Message as WsMessage;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Live;
use crate::components::alerts::new_chat_alert;
use crate::components::browser::now_ms;
use crate::domain::backoff::reconnect_delay_ms;
use crate::domain::transcript::last_seq;
use crate::models::live::{AgentClientFrame, AgentServerFrame};

/// Client pings this often; 45 s without any frame means the connection is dead.
const PING_MS: i64 = 25_000;
const SILENCE_MS: i64 = 45_000;

pub fn run(live: Live) {
    spawn_local(async move {
        let mut attempt: u32 = 0;
        loop {
            if let Some(url) = socket_url() {
                if let Ok(ws) = WebSocket::open(&url) {
                    if session(live, ws, &mut attempt).await {
                        attempt = 0;
                    }
                }
            }
            live.connected.set(false);
            live.outbox.set_value(None);
            attempt = attempt.saturating_add(1);
            TimeoutFuture::new(reconnect_delay_ms(attempt, js_sys::Math::random())).await;
        }
    });
    // The clock for "waiting N min" labels.
    spawn_local(async move {
        loop {
            live.clock.set(now_ms());
            TimeoutFuture::new(15_000).await;
        }
    });
}

/// One connection's life. Returns whether it got as far as receiving frames.
async fn session(live: Live, ws: WebSocket, attempt: &mut u32) -> bool {
    let (mut sink, mut stream) = ws.split();
    let (tx, mut rx) = mpsc::unbounded::<AgentClientFrame>();
    live.outbox.set_value(Some(tx));
    if let Some(w) = live.watched.get_untracked() {
        let watch = AgentClientFrame::Watch {
            session_id: w.id,
            after: last_seq(&w.messages),
        };
        if send(&mut sink, &watch).await.is_err() {
            return false;
        }
    }
    if let Some(c) = live.watched_channel.get_untracked() {
        let watch = AgentClientFrame::WatchChannel {
            channel_id: c.id,
            after: c.last_rev,
        };
        if send(&mut sink, &watch).await.is_err() {
            return false;
        }
    }
    let mut heard = now_ms();
    let mut pinged = now_ms();
    let mut received = false;
    loop {
        let mut incoming = stream.next().fuse();
        let mut outgoing = rx.next().fuse();
        let mut tick = TimeoutFuture::new(5_000).fuse();
        futures::select! {
            msg = incoming => match msg {
                Some(Ok(WsMessage::Text(text))) => {
                    heard = now_ms();
                    if !received {
                        received = true;
                        *attempt = 0;
                        live.connected.set(true);
                        // Lists may have missed changes while we were away.
                        live.queue_version.update(|v| *v += 1);
                        live.channels_version.update(|v| *v += 1);
                    }
                    if let Ok(frame) = AgentServerFrame::from_json(&text) {
                        if let Some(sound) = live.apply(frame) {
                            new_chat_alert(sound);
                        }
                    }
                }
                Some(Ok(WsMessage::Bytes(_))) => heard = now_ms(),
                Some(Err(_)) | None => return received,
            },
            frame = outgoing => {
                let Some(frame) = frame else { return received };
                if send(&mut sink, &frame).await.is_err() {
                    return received;
                }
            },
            _ = tick => {
                let now = now_ms();
                if now - heard > SILENCE_MS {
                    return received;
                }
                if now - pinged >= PING_MS {
                    pinged = now;
                    if send(&mut sink, &AgentClientFrame::Ping).await.is_err() {
                        return received;
                    }
                }
            },
        }
    }
}

async fn send<S>(sink: &mut S, frame: &AgentClientFrame) -> Result<(), ()>
where
    S: futures::Sink<WsMessage> + Unpin,
{
    let text = serde_json::to_string(frame).map_err(|_| ())?;
    sink.send(WsMessage::Text(text)).await.map_err(|_| ())
}

fn socket_url() -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" {
        "wss"
    } else {
        "ws"
    };
    Some(format!("{scheme}://{}/ws/agent", location.host().ok()?))
}
