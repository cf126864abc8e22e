//! `GET /ws/agent`: the agent app's live connection: badge counts, queue changes, and the
//! session and channel the agent is looking at.
use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::watch;
use tokio::time::{interval, Instant, MissedTickBehavior};

use app::domain::chat_session::{transition, Action, Actor};
use app::domain::rate_limit::Bucket;
use app::error::AppError;
use app::models::agent::{AgentId, CurrentAgent};
use app::models::channel::{ChannelId, ChannelPost};
use app::models::chat::Badge;
use app::models::chat::ChatSessionId;
use app::models::live::{AgentClientFrame, AgentServerFrame};
use app::ssr::channels::{
    access as channel_access, listing as channel_listing, posts as channel_posts,
};
use app::ssr::chat::{presence, queue, sessions, views};
use app::ssr::hub::{HubEvent, Subscription, Topic};
use app::ssr::{auth_sessions, cookies, tokens, AppState};

use super::replay::{ChannelStream, SessionStream};
use super::socket::{
    close, configure, origin_allowed, read_failure, send_json, CLOSE_RESTART, CLOSE_SILENT,
    CLOSE_TOO_FAST, CLOSE_UNAUTHORIZED,
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
    let (agent, expires_at) = match auth_sessions::session_for_token(&state.app.db, &token).await {
        Ok(Some(found)) => found,
        Ok(None) => return AppError::unauthorized().into_response(),
        Err(e) => return e.into_response(),
    };
    configure(ws).on_upgrade(move |socket| run(socket, state, agent, token, expires_at))
}

async fn run(
    socket: WebSocket,
    state: ServerState,
    agent: CurrentAgent,
    token: String,
    expires_at: chrono::DateTime<chrono::Utc>,
) {
    // Presence is written when an agent's first connection opens and their last one closes;
    // in between, one periodic statement per instance keeps it fresh (`presence::REFRESH_SECS`).
    if state.agent_connections.opened(agent.id.0) {
        let _ = presence::touch(&state.app.db, agent.id).await;
    }
    // Time left until the session expires (sign-out and deactivation arrive as events).
    let lifetime = (expires_at - chrono::Utc::now())
        .to_std()
        .unwrap_or_default();
    Connection::new(socket, &state, agent.clone(), &token)
        .serve(Instant::now() + lifetime)
        .await;
    if state.agent_connections.closed(agent.id.0) {
        let _ = presence::clear(&state.app.db, agent.id).await;
    }
}

/// Badge recounts are coalesced: a burst of changes costs one count, this much later.
const BADGE_DELAY: Duration = Duration::from_millis(200);

/// One agent's socket and what it follows.
struct Connection<'s> {
    socket: WebSocket,
    state: &'s ServerState,
    app: AppState,
    agent: CurrentAgent,
    /// Which session this socket belongs to (revocation names it).
    token_digest: String,
    queue_events: Subscription,
    my_events: Subscription,
    /// The session the agent is looking at.
    session: Option<(SessionStream, Subscription)>,
    /// The channel the agent is looking at.
    channel: Option<(ChannelStream, Subscription)>,
    /// The badge as last sent, and which of its parts need a recount.
    badge: Badge,
    badge_sent: bool,
    stale: Stale,
    /// An unread total counted by the writer with its commit (used unless a recount is due).
    pushed_unread: Option<u32>,
    badge_due: Option<Instant>,
    waiting: watch::Receiver<u32>,
    budget: Bucket,
    heard: Instant,
}

/// Parts of the badge to count again before the next badge frame.
#[derive(Default, Clone, Copy)]
struct Stale {
    unread: bool,
    channels: bool,
}

/// What woke the connection up.
enum Wake {
    Shutdown,
    Queue(Result<Arc<HubEvent>, RecvError>),
    Mine(Result<Arc<HubEvent>, RecvError>),
    Session(Result<Arc<HubEvent>, RecvError>),
    Channel(Result<Arc<HubEvent>, RecvError>),
    Frame(Option<Result<WsMessage, axum::Error>>),
    BadgeDue,
    Waiting,
    Expired,
    Ping,
}

/// `Break` ends the connection (the socket is closed or broken).
type Flow = ControlFlow<()>;

fn sent(result: Result<(), ()>) -> Flow {
    match result {
        Ok(()) => ControlFlow::Continue(()),
        Err(()) => ControlFlow::Break(()),
    }
}

impl<'s> Connection<'s> {
    fn new(socket: WebSocket, state: &'s ServerState, agent: CurrentAgent, token: &str) -> Self {
        let app = state.app.clone();
        Self {
            socket,
            queue_events: app.hub.subscribe(Topic::Queue),
            my_events: app.hub.subscribe(Topic::Agent(agent.id.0)),
            state,
            app,
            agent,
            token_digest: tokens::digest(token),
            session: None,
            channel: None,
            badge: Badge::default(),
            badge_sent: false,
            pushed_unread: None,
            stale: Stale {
                unread: true,
                channels: true,
            },
            badge_due: None,
            waiting: state.waiting.clone(),
            budget: state.config.frame_budget(),
            heard: Instant::now(),
        }
    }

    async fn serve(mut self, expires: Instant) {
        if self.send_badge().await.is_break() {
            return;
        }
        let timings = self.state.config.live;
        let mut shutdown = self.state.shutdown.clone();
        let mut ping = interval(timings.ping_every);
        ping.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            // Biased: events published before a client frame arrived are forwarded before
            // that frame is answered, so a `pong` follows everything already published.
            let wake = tokio::select! {
                biased;
                _ = shutdown.changed() => Wake::Shutdown,
                e = self.queue_events.recv() => Wake::Queue(e),
                e = self.my_events.recv() => Wake::Mine(e),
                e = recv_of(&mut self.session) => Wake::Session(e),
                e = recv_of(&mut self.channel) => Wake::Channel(e),
                m = self.socket.recv() => Wake::Frame(m),
                _ = sleep_until_due(self.badge_due) => Wake::BadgeDue,
                _ = self.waiting.changed() => Wake::Waiting,
                _ = tokio::time::sleep_until(expires) => Wake::Expired,
                _ = ping.tick() => Wake::Ping,
            };
            let flow = match wake {
                Wake::Shutdown => {
                    close(&mut self.socket, CLOSE_RESTART, "server restarting").await;
                    ControlFlow::Break(())
                }
                Wake::Queue(e) => self.on_queue_event(e).await,
                Wake::Mine(e) => self.on_my_event(e).await,
                Wake::Session(e) => self.on_session_event(e).await,
                Wake::Channel(e) => self.on_channel_event(e).await,
                Wake::Frame(m) => self.on_frame(m).await,
                Wake::BadgeDue => {
                    self.badge_due = None;
                    self.send_badge().await
                }
                Wake::Waiting => {
                    self.badge_soon();
                    ControlFlow::Continue(())
                }
                Wake::Expired => {
                    close(&mut self.socket, CLOSE_UNAUTHORIZED, "session expired").await;
                    ControlFlow::Break(())
                }
                Wake::Ping => {
                    if self.heard.elapsed() > timings.silence_limit {
                        close(&mut self.socket, CLOSE_SILENT, "no answer").await;
                        ControlFlow::Break(())
                    } else {
                        let ping = WsMessage::Ping(Vec::new().into());
                        sent(self.socket.send(ping).await.map_err(|_| ()))
                    }
                }
            };
            if flow.is_break() {
                break;
            }
        }
    }

    fn recount_all(&mut self) {
        self.stale = Stale {
            unread: true,
            channels: true,
        };
        self.badge_soon();
    }

    fn badge_soon(&mut self) {
        self.badge_due
            .get_or_insert_with(|| Instant::now() + BADGE_DELAY);
    }

    async fn send(&mut self, frame: &AgentServerFrame) -> Flow {
        sent(send_json(&mut self.socket, frame).await)
    }

    async fn send_error(&mut self, e: &AppError) -> Flow {
        self.send(&AgentServerFrame::Error {
            code: e.code().into(),
            message: e.message().into(),
        })
        .await
    }

    /// Counts what changed (the waiting count comes counted), and sends the badge if it
    /// differs from the last one sent.
    async fn send_badge(&mut self) -> Flow {
        let mut badge = self.badge;
        let db = &self.app.db;
        // The shared count may be a moment behind a change just made: the first badge of a
        // connection counts for itself, later ones follow the shared count.
        let shared = *self.waiting.borrow_and_update();
        badge.waiting = if self.badge_sent {
            shared
        } else {
            match queue::waiting_count(db).await {
                Ok(n) => n,
                Err(_) => return ControlFlow::Break(()),
            }
        };
        let stale = std::mem::take(&mut self.stale);
        let pushed = self.pushed_unread.take();
        if stale.unread {
            // A change the writer did not count: read the total (newer than any push).
            match queue::unread_for(db, self.agent.id).await {
                Ok(n) => badge.unread = n,
                Err(_) => return ControlFlow::Break(()),
            }
        } else if let Some(n) = pushed {
            badge.unread = n;
        }
        if stale.channels {
            match channel_listing::badge_counts(db, self.agent.id).await {
                Ok((unread, mentions)) => {
                    badge.channel_unread = unread;
                    badge.mentions = mentions;
                }
                Err(_) => return ControlFlow::Break(()),
            }
        }
        if badge == self.badge && !self.first_badge_pending() {
            return ControlFlow::Continue(());
        }
        self.badge = badge;
        self.badge_sent = true;
        self.send(&AgentServerFrame::Badge { badge }).await
    }

    fn first_badge_pending(&self) -> bool {
        !self.badge_sent
    }

    async fn on_queue_event(&mut self, event: Result<Arc<HubEvent>, RecvError>) -> Flow {
        match event {
            Ok(event) => match &*event {
                // (The waiting count arrives counted, through `self.waiting`.)
                HubEvent::Queue { change, session_id } => {
                    let frame = AgentServerFrame::Queue {
                        change: *change,
                        session_id: ChatSessionId(*session_id),
                    };
                    self.send(&frame).await
                }
                // A public channel appeared: every list changes.
                HubEvent::ChannelsChanged { .. } => {
                    self.send(&AgentServerFrame::ChannelsChanged).await
                }
                _ => ControlFlow::Continue(()),
            },
            // Queue lists are state: the app reloads them on a badge or queue frame.
            Err(RecvError::Lagged(_)) => {
                self.recount_all();
                ControlFlow::Continue(())
            }
            Err(RecvError::Closed) => ControlFlow::Break(()),
        }
    }

    async fn on_my_event(&mut self, event: Result<Arc<HubEvent>, RecvError>) -> Flow {
        match event {
            Ok(event) => match &*event {
                HubEvent::SessionsRevoked { token_digest, .. } => {
                    if token_digest
                        .as_ref()
                        .is_none_or(|d| *d == self.token_digest)
                    {
                        close(&mut self.socket, CLOSE_UNAUTHORIZED, "signed out").await;
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                }
                HubEvent::ChannelsChanged { .. } => {
                    self.stale.channels = true;
                    self.badge_soon();
                    self.send(&AgentServerFrame::ChannelsChanged).await
                }
                // Counted with the commit (the group-commit writer), or to count here.
                HubEvent::AgentCounters { unread, .. } => {
                    match unread {
                        Some(n) => self.pushed_unread = Some(*n),
                        None => self.stale.unread = true,
                    }
                    self.badge_soon();
                    ControlFlow::Continue(())
                }
                _ => ControlFlow::Continue(()),
            },
            Err(RecvError::Lagged(_)) => {
                // Anything may have changed: recount and reload the channel list.
                self.recount_all();
                self.send(&AgentServerFrame::ChannelsChanged).await
            }
            Err(RecvError::Closed) => ControlFlow::Break(()),
        }
    }

    async fn on_session_event(&mut self, event: Result<Arc<HubEvent>, RecvError>) -> Flow {
        let Some((stream, _)) = self.session.as_mut() else {
            return ControlFlow::Continue(());
        };
        let id = stream.session_id;
        match event {
            Ok(event) => match &*event {
                HubEvent::Message { message, .. } => {
                    let messages = stream.deliver(&self.app, message).await;
                    self.send_messages(id, messages).await
                }
                HubEvent::SessionChanged { .. } => self.send_session_status(id).await,
                HubEvent::Typing {
                    from_visitor: true,
                    name,
                    typing,
                    ..
                } => {
                    let frame = AgentServerFrame::Typing {
                        session_id: ChatSessionId(id),
                        typing: *typing,
                        name: name.clone(),
                    };
                    self.send(&frame).await
                }
                _ => ControlFlow::Continue(()),
            },
            // Fell behind the hub: the database has everything.
            Err(RecvError::Lagged(_)) => {
                let messages = stream.catch_up(&self.app).await;
                self.send_messages(id, messages).await
            }
            Err(RecvError::Closed) => ControlFlow::Break(()),
        }
    }

    async fn on_channel_event(&mut self, event: Result<Arc<HubEvent>, RecvError>) -> Flow {
        let Some((stream, _)) = self.channel.as_mut() else {
            return ControlFlow::Continue(());
        };
        let id = stream.id;
        match event {
            Ok(event) => match &*event {
                HubEvent::ChannelPost { post, .. } => {
                    let posts = stream.deliver(&self.app, post).await;
                    self.send_channel_posts(id, posts).await
                }
                HubEvent::ChannelMembers { .. } => {
                    // Still allowed to read it? (Left, or a private channel's member removed.)
                    if channel_access::readable(&self.app.db, id, self.agent.id)
                        .await
                        .is_err()
                    {
                        self.channel = None;
                        self.send(&AgentServerFrame::ChannelClosed { channel_id: id })
                            .await
                    } else {
                        ControlFlow::Continue(())
                    }
                }
                _ => ControlFlow::Continue(()),
            },
            Err(RecvError::Lagged(_)) => {
                let posts = stream.catch_up(&self.app).await;
                self.send_channel_posts(id, posts).await
            }
            Err(RecvError::Closed) => ControlFlow::Break(()),
        }
    }

    async fn on_frame(&mut self, incoming: Option<Result<WsMessage, axum::Error>>) -> Flow {
        self.heard = Instant::now();
        match incoming {
            Some(Ok(WsMessage::Text(text))) => {
                if self.budget.take(std::time::Instant::now()).is_err() {
                    close(&mut self.socket, CLOSE_TOO_FAST, "too many frames").await;
                    return ControlFlow::Break(());
                }
                match serde_json::from_str::<AgentClientFrame>(text.as_str()) {
                    Ok(frame) => self.on_client_frame(frame).await,
                    Err(_) => {
                        self.send_error(&AppError::validation("", "Unknown frame."))
                            .await
                    }
                }
            }
            Some(Ok(WsMessage::Close(_))) | None => ControlFlow::Break(()),
            Some(Err(e)) => {
                if let Some((code, reason)) = read_failure(e) {
                    close(&mut self.socket, code, reason).await;
                }
                ControlFlow::Break(())
            }
            Some(Ok(_)) => ControlFlow::Continue(()),
        }
    }

    async fn on_client_frame(&mut self, frame: AgentClientFrame) -> Flow {
        match frame {
            AgentClientFrame::Watch { session_id, after } => {
                self.watch_session(session_id, after).await
            }
            AgentClientFrame::Unwatch => {
                self.session = None;
                ControlFlow::Continue(())
            }
            AgentClientFrame::WatchChannel { channel_id, after } => {
                self.watch_channel(channel_id, after).await
            }
            AgentClientFrame::UnwatchChannel => {
                self.channel = None;
                ControlFlow::Continue(())
            }
            AgentClientFrame::ReadChannel { channel_id, seq } => {
                let (db, hub) = (&self.app.db, self.app.hub.as_ref());
                let _ = channel_posts::mark_read(db, hub, self.agent.id, channel_id, seq).await;
                ControlFlow::Continue(())
            }
            AgentClientFrame::Typing { session_id, typing } => {
                self.typing(session_id, typing).await;
                ControlFlow::Continue(())
            }
            AgentClientFrame::Read { session_id, seq } => {
                let (db, hub) = (&self.app.db, self.app.hub.as_ref());
                let _ = sessions::mark_read(db, hub, session_id, &self.agent, seq).await;
                ControlFlow::Continue(())
            }
            AgentClientFrame::Ping => self.send(&AgentServerFrame::Pong).await,
        }
    }

    async fn watch_session(&mut self, session_id: ChatSessionId, after: i64) -> Flow {
        self.session = None;
        // Checked before subscribing: a made-up id never creates a topic.
        if let Err(e) = sessions::by_id(&self.app.db, session_id).await {
            return self.send_error(&e).await;
        }
        // Subscribed before reading what is sent: nothing falls in between.
        let events = self.app.hub.subscribe(Topic::Session(session_id.0));
        if self.send_session_status(session_id.0).await.is_break() {
            return ControlFlow::Break(());
        }
        let mut stream = SessionStream::new(session_id.0, after);
        let missed = stream.catch_up(&self.app).await;
        self.session = Some((stream, events));
        self.send_messages(session_id.0, missed).await
    }

    async fn watch_channel(&mut self, channel_id: ChannelId, after: i64) -> Flow {
        self.channel = None;
        // Checked before subscribing: a made-up id never creates a topic.
        if let Err(e) = channel_access::readable(&self.app.db, channel_id, self.agent.id).await {
            return self.send_error(&e).await;
        }
        // Subscribed before the replay reads the database: nothing falls in between.
        // (Access changes from here on arrive as `ChannelMembers` events.)
        let events = self.app.hub.subscribe(Topic::Channel(channel_id.0));
        let mut stream = ChannelStream::new(channel_id, after);
        let missed = stream.catch_up(&self.app).await;
        self.channel = Some((stream, events));
        self.send_channel_posts(channel_id, missed).await
    }

    /// Typing shows only where the agent may write (the domain's `Post` rule).
    async fn typing(&mut self, session_id: ChatSessionId, typing: bool) {
        let Ok(model) = sessions::by_id(&self.app.db, session_id).await else {
            return;
        };
        let actor = Actor::Agent {
            id: self.agent.id,
            admin: self.agent.is_admin(),
        };
        let may_write = transition(
            views::status(&model),
            model.agent_id.map(AgentId),
            actor,
            Action::Post,
        )
        .is_ok();
        if may_write {
            self.app.hub.publish(
                Topic::Session(session_id.0),
                HubEvent::Typing {
                    session_id: session_id.0,
                    from_visitor: false,
                    name: Some(self.agent.name.clone()),
                    typing,
                },
            );
        }
    }

    async fn send_session_status(&mut self, session_id: i64) -> Flow {
        match sessions::by_id(&self.app.db, ChatSessionId(session_id)).await {
            Ok(model) => {
                let frame = AgentServerFrame::Session {
                    session_id: ChatSessionId(session_id),
                    status: views::status(&model),
                };
                self.send(&frame).await
            }
            Err(_) => ControlFlow::Break(()),
        }
    }

    async fn send_messages(
        &mut self,
        session_id: i64,
        messages: Result<Vec<protocol::Message>, AppError>,
    ) -> Flow {
        let Ok(messages) = messages else {
            return ControlFlow::Break(());
        };
        for message in messages {
            let frame = AgentServerFrame::Message {
                session_id: ChatSessionId(session_id),
                message,
            };
            if self.send(&frame).await.is_break() {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    }

    async fn send_channel_posts(
        &mut self,
        channel_id: ChannelId,
        posts: Result<Vec<ChannelPost>, AppError>,
    ) -> Flow {
        let Ok(posts) = posts else {
            return ControlFlow::Break(());
        };
        for post in posts {
            let frame = AgentServerFrame::ChannelPost { channel_id, post };
            if self.send(&frame).await.is_break() {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    }
}

/// The next event of what is being watched (never, when nothing is).
async fn recv_of<S>(watched: &mut Option<(S, Subscription)>) -> Result<Arc<HubEvent>, RecvError> {
    match watched.as_mut() {
        Some((_, events)) => events.recv().await,
        None => std::future::pending().await,
    }
}

async fn sleep_until_due(due: Option<Instant>) {
    match due {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
