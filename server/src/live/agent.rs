//! `GET /ws/agent`: the agent app's live connection: badge counts, queue changes, and the
//! session the agent is looking at.
use std::time::Duration;

use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast::error::RecvError;
use tokio::time::{interval, Instant, MissedTickBehavior};

use app::error::AppError;
use app::models::agent::CurrentAgent;
use app::models::channel::{ChannelId, ChannelPost};
use app::models::chat::ChatSessionId;
use app::models::live::{AgentClientFrame, AgentServerFrame};
use app::ssr::channels::{access as channel_access, posts as channel_posts};
use app::ssr::chat::{presence, queue, sessions, views};
use app::ssr::hub::{HubEvent, Subscription, Topic};
use app::ssr::{auth_sessions, cookies, tokens, AppState};
use protocol::SessionStatus;

use super::socket::{
    close, configure, origin_allowed, send_json, Cursor, CLOSE_RESTART, CLOSE_TOO_FAST,
    CLOSE_UNAUTHORIZED, PING_EVERY, SILENCE_LIMIT,
};
use crate::router::ServerState;

pub async fn upgrade(
    ws: WebSocketUpgrade,
    State(state): State<ServerState>,
    headers: HeaderMap,
) -> Response {
    if !origin_allowed(&headers, &state.config.agent_origins) {
        return AppError::forbidden("Cross-site connections are not allowed.").into_response();
    }
    let Some(token) = cookies::read(&headers, cookies::SESSION_COOKIE) else {
        return AppError::unauthorized().into_response();
    };
    let agent = match auth_sessions::agent_for_token(&state.app.db, &token).await {
        Ok(Some(agent)) => agent,
        Ok(None) => return AppError::unauthorized().into_response(),
        Err(e) => return e.into_response(),
    };
    configure(ws).on_upgrade(move |socket| run(socket, state, agent, token))
}

/// The session an agent is looking at.
struct Watched {
    cursor: Cursor,
    events: Subscription,
}

/// The channel an agent is looking at: the highest position (`rev`) sent.
struct WatchedChannel {
    id: ChannelId,
    last: i64,
    events: Subscription,
}

impl WatchedChannel {
    /// Posts to send for a live change: none if already sent, the post if next, else the
    /// whole gap from the database (positions are dense, so a jump means a gap).
    async fn deliver(
        &mut self,
        app: &AppState,
        post: &ChannelPost,
    ) -> Result<Vec<ChannelPost>, AppError> {
        if post.rev <= self.last {
            Ok(Vec::new())
        } else if post.rev == self.last + 1 {
            self.last = post.rev;
            Ok(vec![post.clone()])
        } else {
            self.catch_up(app).await
        }
    }

    async fn catch_up(&mut self, app: &AppState) -> Result<Vec<ChannelPost>, AppError> {
        let posts = channel_posts::changes_after(&app.db, self.id, self.last).await?;
        if let Some(max) = posts.iter().map(|p| p.rev).max() {
            self.last = max;
        }
        Ok(posts)
    }
}

async fn run(socket: WebSocket, state: ServerState, agent: CurrentAgent, token: String) {
    state.agent_connections.opened(agent.id.0);
    serve(socket, &state, &agent, token).await;
    if state.agent_connections.closed(agent.id.0) {
        let _ = presence::clear(&state.app.db, agent.id).await;
    }
}

async fn serve(mut socket: WebSocket, state: &ServerState, agent: &CurrentAgent, token: String) {
    let agent = agent.clone();
    let app = state.app.clone();
    let mut queue_events = app.hub.subscribe(Topic::Queue);
    let mut my_events = app.hub.subscribe(Topic::Agent(agent.id.0));
    let _ = presence::touch(&app.db, agent.id).await;
    if send_badge(&mut socket, &app, &agent).await.is_err() {
        return;
    }
    let mut watched: Option<Watched> = None;
    let mut channel: Option<WatchedChannel> = None;
    let mut shutdown = state.shutdown.clone();
    let mut ping = interval(PING_EVERY);
    ping.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut heartbeat = interval(Duration::from_secs(presence::HEARTBEAT_SECS));
    heartbeat.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut heard = Instant::now();
    let mut budget = state.config.frame_budget();
    let my_digest = tokens::digest(&token);
    // Badge recounts are coalesced: a burst of changes costs one count, 200 ms later.
    let mut badge_due: Option<Instant> = None;

    loop {
        let watched_event = async {
            match watched.as_mut() {
                Some(w) => w.events.recv().await,
                None => std::future::pending().await,
            }
        };
        let channel_event = async {
            match channel.as_mut() {
                Some(c) => c.events.recv().await,
                None => std::future::pending().await,
            }
        };
        let sent = tokio::select! {
            event = queue_events.recv() => match event {
                Ok(event) => match &*event {
                    HubEvent::Queue { change, session_id } => {
                        let frame = AgentServerFrame::Queue {
                            change: *change,
                            session_id: ChatSessionId(*session_id),
                        };
                        badge_due.get_or_insert_with(|| Instant::now() + BADGE_DELAY);
                        send_json(&mut socket, &frame).await
                    }
                    // A public channel appeared: every list changes.
                    HubEvent::ChannelsChanged { .. } => {
                        send_json(&mut socket, &AgentServerFrame::ChannelsChanged).await
                    }
                    _ => Ok(()),
                },
                Err(RecvError::Lagged(_)) => {
                    badge_due.get_or_insert_with(|| Instant::now() + BADGE_DELAY);
                    Ok(())
                }
                Err(RecvError::Closed) => Err(()),
            },
            event = my_events.recv() => match event {
                Ok(event) => match &*event {
                    HubEvent::SessionsRevoked { token_digest, .. } => {
                        if token_digest.as_ref().is_none_or(|d| *d == my_digest) {
                            close(&mut socket, CLOSE_UNAUTHORIZED, "signed out").await;
                            Err(())
                        } else {
                            Ok(())
                        }
                    }
                    HubEvent::ChannelsChanged { .. } => {
                        badge_due.get_or_insert_with(|| Instant::now() + BADGE_DELAY);
                        send_json(&mut socket, &AgentServerFrame::ChannelsChanged).await
                    }
                    _ => {
                        badge_due.get_or_insert_with(|| Instant::now() + BADGE_DELAY);
                        Ok(())
                    }
                },
                Err(RecvError::Lagged(_)) => {
                    badge_due.get_or_insert_with(|| Instant::now() + BADGE_DELAY);
                    send_json(&mut socket, &AgentServerFrame::ChannelsChanged).await
                }
                Err(RecvError::Closed) => Err(()),
            },
            event = channel_event => match (event, channel.as_mut()) {
                (Ok(event), Some(c)) => match &*event {
                    HubEvent::ChannelPost { post, .. } => {
                        let id = c.id;
                        let posts = c.deliver(&app, post).await;
                        send_channel_posts(&mut socket, id, posts).await
                    }
                    HubEvent::ChannelMembers { .. } => {
                        // Still allowed to read it? (Left, or a private channel's member removed.)
                        let id = c.id;
                        if channel_access::readable(&app.db, id, agent.id).await.is_err() {
                            channel = None;
                            send_json(&mut socket, &AgentServerFrame::ChannelClosed { channel_id: id }).await
                        } else {
                            Ok(())
                        }
                    }
                    _ => Ok(()),
                },
                (Err(RecvError::Lagged(_)), Some(c)) => {
                    let id = c.id;
                    let posts = c.catch_up(&app).await;
                    send_channel_posts(&mut socket, id, posts).await
                }
                _ => Err(()),
            },
            _ = sleep_until_due(badge_due) => {
                badge_due = None;
                send_badge(&mut socket, &app, &agent).await
            },
            event = watched_event => match (event, watched.as_mut()) {
                (Ok(event), Some(w)) => forward(&mut socket, &app, w, &event).await,
                (Err(RecvError::Lagged(_)), Some(w)) => {
                    let id = w.cursor.session_id;
                    send_messages(&mut socket, id, w.cursor.catch_up(&app).await).await
                }
                _ => Err(()),
            },
            incoming = socket.recv() => {
                heard = Instant::now();
                match incoming {
                    Some(Ok(WsMessage::Text(_))) if budget.take(std::time::Instant::now()).is_err() => {
                        close(&mut socket, CLOSE_TOO_FAST, "too many frames").await;
                        Err(())
                    }
                    Some(Ok(WsMessage::Text(text))) => {
                        match serde_json::from_str::<AgentClientFrame>(text.as_str()) {
                            Ok(frame) => handle(&mut socket, &app, &agent, &mut watched, &mut channel, frame).await,
                            Err(_) => send_json(&mut socket, &AgentServerFrame::Error {
                                code: "validation".into(),
                                message: "Unknown frame.".into(),
                            }).await,
                        }
                    }
                    Some(Ok(WsMessage::Close(_))) | None | Some(Err(_)) => Err(()),
                    Some(Ok(_)) => Ok(()),
                }
            }
            _ = heartbeat.tick() => {
                // Still signed in (a deactivated agent's sessions are gone)? Then still here.
                match auth_sessions::agent_for_token(&app.db, &token).await {
                    Ok(Some(_)) => presence::touch(&app.db, agent.id).await.map_err(|_| ()),
                    Ok(None) => {
                        close(&mut socket, CLOSE_UNAUTHORIZED, "signed out").await;
                        Err(())
                    }
                    Err(_) => Ok(()),
                }
            }
            _ = ping.tick() => {
                if heard.elapsed() > SILENCE_LIMIT {
                    Err(())
                } else {
                    socket.send(WsMessage::Ping(Vec::new().into())).await.map_err(|_| ())
                }
            }
            _ = shutdown.changed() => {
                close(&mut socket, CLOSE_RESTART, "server restarting").await;
                Err(())
            }
        };
        if sent.is_err() {
            break;
        }
    }
}

const BADGE_DELAY: Duration = Duration::from_millis(200);

async fn sleep_until_due(due: Option<Instant>) {
    match due {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

async fn handle(
    socket: &mut WebSocket,
    app: &AppState,
    agent: &CurrentAgent,
    watched: &mut Option<Watched>,
    channel: &mut Option<WatchedChannel>,
    frame: AgentClientFrame,
) -> Result<(), ()> {
    match frame {
        AgentClientFrame::WatchChannel { channel_id, after } => {
            // Checked before subscribing: a made-up id never creates a topic.
            *channel = None;
            if let Err(e) = channel_access::readable(&app.db, channel_id, agent.id).await {
                return send_error(socket, &e).await;
            }
            // Subscribed before the replay reads the database: nothing falls in between.
            // (Access changes from here on arrive as `ChannelMembers` events.)
            let events = app.hub.subscribe(Topic::Channel(channel_id.0));
            let mut c = WatchedChannel {
                id: channel_id,
                last: after.max(0),
                events,
            };
            let missed = c.catch_up(app).await;
            *channel = Some(c);
            send_channel_posts(socket, channel_id, missed).await
        }
        AgentClientFrame::UnwatchChannel => {
            *channel = None;
            Ok(())
        }
        AgentClientFrame::ReadChannel { channel_id, seq } => {
            let _ = channel_posts::mark_read(&app.db, app.hub.as_ref(), agent.id, channel_id, seq)
                .await;
            Ok(())
        }
        AgentClientFrame::Watch { session_id, after } => {
            *watched = None;
            // Checked before subscribing: a made-up id never creates a topic.
            if let Err(e) = sessions::by_id(&app.db, session_id).await {
                return send_error(socket, &e).await;
            }
            // Subscribed before reading what is sent: nothing falls in between.
            let events = app.hub.subscribe(Topic::Session(session_id.0));
            let model = match sessions::by_id(&app.db, session_id).await {
                Ok(m) => m,
                Err(e) => return send_error(socket, &e).await,
            };
            let mut w = Watched {
                cursor: Cursor {
                    session_id: session_id.0,
                    last: after.max(0),
                },
                events,
            };
            send_json(
                socket,
                &AgentServerFrame::Session {
                    session_id,
                    status: views::status(&model),
                },
            )
            .await?;
            let missed = w.cursor.catch_up(app).await;
            *watched = Some(w);
            send_messages(socket, session_id.0, missed).await
        }
        AgentClientFrame::Unwatch => {
            *watched = None;
            Ok(())
        }
        AgentClientFrame::Typing { session_id, typing } => {
            if let Ok(model) = sessions::by_id(&app.db, session_id).await {
                if model.agent_id == Some(agent.id.0)
                    && views::status(&model) == SessionStatus::Active
                {
                    app.hub.publish(
                        Topic::Session(session_id.0),
                        HubEvent::Typing {
                            session_id: session_id.0,
                            from_visitor: false,
                            name: Some(agent.name.clone()),
                            typing,
                        },
                    );
                }
            }
            Ok(())
        }
        AgentClientFrame::Read { session_id, seq } => {
            let _ = sessions::mark_read(&app.db, app.hub.as_ref(), session_id, agent, seq).await;
            Ok(())
        }
        AgentClientFrame::Ping => send_json(socket, &AgentServerFrame::Pong).await,
    }
}

async fn forward(
    socket: &mut WebSocket,
    app: &AppState,
    watched: &mut Watched,
    event: &HubEvent,
) -> Result<(), ()> {
    let id = watched.cursor.session_id;
    match event {
        HubEvent::Message { message, .. } => {
            send_messages(socket, id, watched.cursor.deliver(app, message).await).await
        }
        HubEvent::SessionChanged { session_id } => {
            let model = sessions::by_id(&app.db, ChatSessionId(*session_id))
                .await
                .map_err(|_| ())?;
            send_json(
                socket,
                &AgentServerFrame::Session {
                    session_id: ChatSessionId(*session_id),
                    status: views::status(&model),
                },
            )
            .await
        }
        HubEvent::Typing {
            from_visitor: true,
            name,
            typing,
            session_id,
        } => {
            send_json(
                socket,
                &AgentServerFrame::Typing {
                    session_id: ChatSessionId(*session_id),
                    typing: *typing,
                    name: name.clone(),
                },
            )
            .await
        }
        _ => Ok(()),
    }
}

async fn send_error(socket: &mut WebSocket, e: &AppError) -> Result<(), ()> {
    send_json(
        socket,
        &AgentServerFrame::Error {
            code: e.code().into(),
            message: e.message().into(),
        },
    )
    .await
}

async fn send_messages(
    socket: &mut WebSocket,
    session_id: i64,
    messages: Result<Vec<protocol::Message>, AppError>,
) -> Result<(), ()> {
    for message in messages.map_err(|_| ())? {
        send_json(
            socket,
            &AgentServerFrame::Message {
                session_id: ChatSessionId(session_id),
                message,
            },
        )
        .await?;
    }
    Ok(())
}

async fn send_channel_posts(
    socket: &mut WebSocket,
    channel_id: ChannelId,
    posts: Result<Vec<ChannelPost>, AppError>,
) -> Result<(), ()> {
    for post in posts.map_err(|_| ())? {
        send_json(socket, &AgentServerFrame::ChannelPost { channel_id, post }).await?;
    }
    Ok(())
}

async fn send_badge(
    socket: &mut WebSocket,
    app: &AppState,
    agent: &CurrentAgent,
) -> Result<(), ()> {
    let badge = queue::badge(&app.db, agent.id).await.map_err(|_| ())?;
    send_json(socket, &AgentServerFrame::Badge { badge }).await
}
