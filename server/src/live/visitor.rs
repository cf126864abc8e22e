//! `GET /v1/visitor/live`: the widget's event stream for one chat session.
use std::collections::VecDeque;
use std::sync::Arc;

/// Own sends remembered to skip their echo (a socket has few in flight at once).
const ANSWERED_KEPT: usize = 32;

use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast::error::RecvError;
use tokio::time::{interval, timeout, Instant, MissedTickBehavior};

use app::domain::rate_limit::Bucket;
use app::domain::visitor_input::{client_id as check_client_id, message_text};
use app::error::AppError;
use app::models::chat::ChatSessionId;
use app::ssr::chat::posting::{ChatPost, ChatRef, Poster};

/// The chat a visitor socket belongs to.
struct Chat {
    id: ChatRef,
    /// The session's public id: the key of its message rate limit.
    rate_key: String,
}
use app::models::chat::QueueChange;
use app::ssr::chat::{presence, sessions};
use app::ssr::entities::chat_session;
use app::ssr::hub::{HubEvent, Topic};
use app::ssr::AppState;
use protocol::visitor::{shown_position, ClientFrame, ServerFrame};

use super::replay::SessionStream;
use super::socket::{
    close, configure, origin_allowed, read_failure, send_json, CLOSE_BAD_FRAME, CLOSE_RESTART,
    CLOSE_SILENT, CLOSE_TOO_FAST, CLOSE_UNAUTHORIZED,
};
use crate::router::ServerState;

pub async fn upgrade(
    ws: WebSocketUpgrade,
    State(state): State<ServerState>,
    headers: HeaderMap,
) -> Response {
    if !origin_allowed(&headers, &state.config.widget_origins) {
        return AppError::forbidden("This site may not open the chat.").into_response();
    }
    configure(ws).on_upgrade(move |socket| run(socket, state))
}

async fn run(mut socket: WebSocket, state: ServerState) {
    let app = state.app.clone();
    let timings = state.config.live;
    let Some((session, after)) = hello(&mut socket, &app, timings.hello_timeout).await else {
        return;
    };
    // What the socket keeps of the session (an idle connection should cost little memory).
    let chat = Chat {
        id: ChatRef::from(&session),
        rate_key: session.public_id.clone(),
    };
    drop(session);
    let _open = app::ssr::metrics::OpenSocket::new("visitor");
    let mut events = app.hub.subscribe(Topic::Session(ChatSessionId(chat.id.id)));
    // While waiting, the queue's changes move the visitor's place in line.
    let mut queue = Some(app.hub.subscribe(Topic::Queue));
    // Subscribed first, then read: nothing can fall between the state sent and the events.
    let Ok(mut place) = send_ready(&mut socket, &app, chat.id.id).await else {
        return;
    };
    if place.is_none() {
        queue = None;
    }
    let mut stream = SessionStream::new(ChatSessionId(chat.id.id), after);
    if send_all(&mut socket, stream.catch_up(&app).await)
        .await
        .is_err()
    {
        return;
    }

    let mut shutdown = state.shutdown.clone();
    let mut ping = interval(timings.ping_every);
    ping.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut heard = Instant::now();
    let mut budget = state.config.frame_budget();
    // Positions of this socket's own sends, already carried by their `sent` answers: their
    // `message` frames need not follow.
    let mut answered: VecDeque<i64> = VecDeque::new();
    loop {
        // Biased: events published before a client frame are forwarded before it is
        // answered (a `pong` follows everything already published).
        let sent = tokio::select! {
            biased;
            _ = shutdown.changed() => {
                close(&mut socket, CLOSE_RESTART, "server restarting").await;
                Err(())
            }
            event = events.recv() => match event {
                Ok(event) => forward(&mut socket, &app, &mut stream, &mut answered, event).await,
                // Fell behind the hub (or the hub lost events): the database has
                // everything, the session's state included.
                Err(RecvError::Lagged(_)) => {
                    match send_all(&mut socket, stream.catch_up(&app).await).await {
                        Ok(()) => resend_session(&mut socket, &app, chat.id.id).await,
                        Err(()) => Err(()),
                    }
                }
                Err(RecvError::Closed) => Err(()),
            },
            event = next_event(&mut queue) => {
                let moved = match event {
                    // A chat behind this one, or not about the queue: nothing moves.
                    Ok(e) => matches!(&*e, HubEvent::Queue { change, .. } if *change != QueueChange::Created),
                    Err(RecvError::Lagged(_)) => true,
                    Err(RecvError::Closed) => false,
                };
                if moved {
                    match send_place(&mut socket, &app, chat.id.id, &mut place).await {
                        Ok(()) if place.is_none() => {
                            queue = None;
                            Ok(())
                        }
                        other => other,
                    }
                } else {
                    Ok(())
                }
            },
            incoming = socket.recv() => {
                heard = Instant::now();
                on_frame(&mut socket, &app, &chat, &mut budget, &mut answered, incoming).await
            }
            _ = ping.tick() => {
                if heard.elapsed() > timings.silence_limit {
                    close(&mut socket, CLOSE_SILENT, "no answer").await;
                    Err(())
                } else {
                    socket.send(WsMessage::Ping(Vec::new().into())).await.map_err(|_| ())
                }
            }
        };
        if sent.is_err() {
            break;
        }
    }
}

/// A frame from the widget after `hello`: `send` or `ping`.
async fn on_frame(
    socket: &mut WebSocket,
    app: &AppState,
    chat: &Chat,
    budget: &mut Bucket,
    answered: &mut VecDeque<i64>,
    incoming: Option<Result<WsMessage, axum::Error>>,
) -> Result<(), ()> {
    match incoming {
        Some(Ok(WsMessage::Text(text))) => {
            if budget.take(std::time::Instant::now()).is_err() {
                app::ssr::metrics::metrics().refused("socket_frames");
                close(socket, CLOSE_TOO_FAST, "too many frames").await;
                return Err(());
            }
            match serde_json::from_str(text.as_str()) {
                Ok(ClientFrame::Ping) => send_json(socket, &ServerFrame::Pong).await,
                Ok(ClientFrame::Send { client_id, text }) => {
                    let frame = match send_message(app, chat, client_id.clone(), text).await {
                        Ok(message) => {
                            if answered.len() == ANSWERED_KEPT {
                                answered.pop_front();
                            }
                            answered.push_back(message.seq);
                            ServerFrame::Sent { client_id, message }
                        }
                        Err(e) => ServerFrame::NotSent {
                            client_id,
                            code: e.code().into(),
                            message: e.message().into(),
                            retry_after_secs: match e {
                                AppError::RateLimited {
                                    retry_after_secs, ..
                                } => Some(retry_after_secs),
                                _ => None,
                            },
                        },
                    };
                    send_json(socket, &frame).await
                }
                _ => Ok(()),
            }
        }
        Some(Ok(WsMessage::Close(_))) | None => Err(()),
        Some(Err(e)) => {
            if let Some((code, reason)) = read_failure(e) {
                close(socket, code, reason).await;
            }
            Err(())
        }
        Some(Ok(_)) => Ok(()),
    }
}

/// Waits for `hello`, checks the token. On failure tells the client why and closes.
async fn hello(
    socket: &mut WebSocket,
    app: &AppState,
    wait: std::time::Duration,
) -> Option<(chat_session::Model, i64)> {
    let frame = match timeout(wait, socket.recv()).await {
        Ok(Some(Ok(WsMessage::Text(text)))) => {
            serde_json::from_str::<ClientFrame>(text.as_str()).ok()
        }
        _ => None,
    };
    let Some(ClientFrame::Hello { token, after }) = frame else {
        refuse(
            socket,
            "validation",
            "Send a hello frame first.",
            CLOSE_BAD_FRAME,
        )
        .await;
        return None;
    };
    match sessions::by_token(&app.db, &token).await {
        Ok(session) => Some((session, after)),
        Err(e) => {
            refuse(socket, e.code(), e.message(), CLOSE_UNAUTHORIZED).await;
            None
        }
    }
}

async fn refuse(socket: &mut WebSocket, code: &str, message: &str, close_code: u16) {
    let _ = send_json(
        socket,
        &ServerFrame::Error {
            code: code.into(),
            message: message.into(),
        },
    )
    .await;
    close(socket, close_code, code).await;
}

/// Sends `ready`; returns the place in line it told (`None`: not waiting).
async fn send_ready(
    socket: &mut WebSocket,
    app: &AppState,
    session_id: i64,
) -> Result<Option<u32>, ()> {
    let session = current(app, session_id).await?;
    let place = session.queue_position;
    let agents_available = presence::any_available(&app.db).await.unwrap_or(false);
    send_json(
        socket,
        &ServerFrame::Ready {
            session,
            agents_available,
        },
    )
    .await?;
    Ok(place)
}

/// The queue moved: tells a waiting visitor their new place (never a higher number), and
/// sets `place` to `None` once the chat is no longer waiting.
async fn send_place(
    socket: &mut WebSocket,
    app: &AppState,
    session_id: i64,
    place: &mut Option<u32>,
) -> Result<(), ()> {
    let mut session = current(app, session_id).await?;
    let shown = shown_position(*place, session.queue_position);
    if shown == *place && shown.is_some() {
        return Ok(());
    }
    *place = shown;
    session.queue_position = shown;
    send_json(socket, &ServerFrame::Session { session }).await
}

/// The next event of an optional subscription (never, without one).
async fn next_event(
    sub: &mut Option<app::ssr::hub::Subscription>,
) -> Result<Arc<HubEvent>, RecvError> {
    match sub {
        Some(s) => s.recv().await,
        None => std::future::pending().await,
    }
}

async fn resend_session(socket: &mut WebSocket, app: &AppState, session_id: i64) -> Result<(), ()> {
    let session = current(app, session_id).await?;
    send_json(socket, &ServerFrame::Session { session }).await
}

async fn current(app: &AppState, session_id: i64) -> Result<protocol::visitor::VisitorSession, ()> {
    let model = sessions::by_id(&app.db, app::models::chat::ChatSessionId(session_id))
        .await
        .map_err(|_| ())?;
    sessions::visitor_view(&app.db, &model)
        .await
        .map_err(|_| ())
}

async fn forward(
    socket: &mut WebSocket,
    app: &AppState,
    stream: &mut SessionStream,
    answered: &mut VecDeque<i64>,
    event: Arc<HubEvent>,
) -> Result<(), ()> {
    match &*event {
        HubEvent::Message { message, .. } => {
            let due = stream.deliver(app, message).await.map(|messages| {
                messages
                    .into_iter()
                    .filter(|m| match answered.iter().position(|seq| *seq == m.seq) {
                        Some(i) => {
                            answered.remove(i);
                            false
                        }
                        None => true,
                    })
                    .collect()
            });
            send_all(socket, due).await
        }
        HubEvent::SessionChanged { session_id } => {
            let session = current(app, session_id.0).await?;
            send_json(socket, &ServerFrame::Session { session }).await
        }
        HubEvent::Typing {
            from_visitor: false,
            name,
            typing,
            ..
        } => {
            send_json(
                socket,
                &ServerFrame::Typing {
                    typing: *typing,
                    name: name.clone(),
                },
            )
            .await
        }
        _ => Ok(()),
    }
}

async fn send_all(
    socket: &mut WebSocket,
    messages: Result<Vec<protocol::Message>, AppError>,
) -> Result<(), ()> {
    for message in messages.map_err(|_| ())? {
        send_json(socket, &ServerFrame::Message { message }).await?;
        app::ssr::metrics::metrics().messages_delivered.inc();
    }
    Ok(())
}

/// The `send` frame: the same checks and limits as `POST /v1/visitor/messages`.
async fn send_message(
    app: &AppState,
    chat: &Chat,
    client_id: String,
    text: String,
) -> Result<protocol::Message, AppError> {
    let text = message_text("text", &text)?;
    let client_id = check_client_id(&client_id)?;
    app.visitor_limits.message(&chat.rate_key).await?;
    app.chat_writer
        .post(ChatPost {
            session: chat.id,
            poster: Poster::Visitor,
            text,
            client_id,
        })
        .await
}
