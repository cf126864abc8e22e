//! `GET /ws/agent`: the agent app's live connection: badge counts, queue changes, my active
//! chats, and the session and channel the agent is looking at.
use std::ops::ControlFlow;
use std::pin::Pin;
use std::sync::Arc;

use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use futures::FutureExt;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::watch;
use tokio::time::{interval, Instant, Interval, MissedTickBehavior, Sleep};

use app::domain::rate_limit::Bucket;
use app::error::AppError;
use app::models::agent::CurrentAgent;
use app::models::chat::Badge;
use app::ssr::chat::presence;
use app::ssr::hub::{HubEvent, Subscription, Topic};
use app::ssr::{auth_sessions, cookies, tokens, AppState};

use super::replay::{ChannelStream, SessionStream};
use super::socket::{
    close, configure, origin_allowed, CLOSE_RESTART, CLOSE_SILENT, CLOSE_UNAUTHORIZED,
};
use crate::router::ServerState;
use badge::Stale;

// The connection's parts: its badge, hub events, the client's requests, what it sends.
mod badge;
mod events;
mod mine;
mod outgoing;
mod requests;

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
    // Frames of one round are buffered and written together (`Connection::flush`).
    configure(ws)
        .write_buffer_size(ROUND_BUFFER)
        .on_upgrade(move |socket| run(socket, state, agent, token, expires_at))
}

async fn run(
    socket: WebSocket,
    state: ServerState,
    agent: CurrentAgent,
    token: String,
    expires_at: chrono::DateTime<chrono::Utc>,
) {
    let _open = app::ssr::metrics::OpenSocket::new("agent");
    // Presence is written when an agent's first connection opens and shortly after their last
    // one closes;
    // in between, one periodic statement per instance keeps it fresh (`presence::REFRESH_SECS`).
    if state.agent_connections.opened(agent.id.0) {
        let _ = presence::touch(&state.app.db, &state.app.instance, agent.id).await;
        // Present again: waiting chats may go to them.
        state.app.assign_waiting().await;
    }
    // Time left until the session expires (sign-out and deactivation arrive as events).
    let lifetime = (expires_at - chrono::Utc::now())
        .to_std()
        .unwrap_or_default();
    Connection::new(socket, &state, agent.clone(), &token)
        .serve(Instant::now() + lifetime)
        .await;
    if state.agent_connections.closed(agent.id.0) {
        // Absent only if no page of theirs has reconnected meanwhile.
        let state = state.clone();
        tokio::spawn(async move {
            tokio::time::sleep(state.config.live.absent_after).await;
            if !state.agent_connections.is_open(agent.id.0) {
                let _ = presence::clear(&state.app.db, &state.app.instance, agent.id).await;
            }
        });
    }
}

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
    /// My active chats, the watched one excepted (it is followed as `session`).
    mine: Vec<(SessionStream, Subscription)>,
    /// Every one of my active chats, as last sent in `MyChats`.
    mine_ids: Vec<app::models::chat::ChatSessionId>,
    /// The channel the agent is looking at.
    channel: Option<(ChannelStream, Subscription)>,
    /// The badge as last sent, and which of its parts need a recount.
    badge: Badge,
    badge_sent: bool,
    stale: Stale,
    /// An unread total counted by the writer with its commit (used unless a recount is due).
    pushed_unread: Option<u32>,
    badge_due: Option<Instant>,
    /// A pushed unread total arrived and nothing needs counting: the badge goes out at the
    /// end of this round, in the same write as the message that moved it.
    badge_pushed: bool,
    /// Frames written into the socket's buffer and not yet flushed.
    unflushed: bool,
    waiting: watch::Receiver<u32>,
    budget: Bucket,
    heard: Instant,
}

/// What woke the connection up.
enum Wake {
    Shutdown,
    Queue(Result<Arc<HubEvent>, RecvError>),
    Mine(Result<Arc<HubEvent>, RecvError>),
    Session(Result<Arc<HubEvent>, RecvError>),
    MineSession(usize, Result<Arc<HubEvent>, RecvError>),
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
            my_events: app.hub.subscribe(Topic::Agent(agent.id)),
            state,
            app,
            agent,
            token_digest: tokens::digest(token),
            session: None,
            mine: Vec::new(),
            mine_ids: Vec::new(),
            channel: None,
            badge: Badge::default(),
            badge_sent: false,
            pushed_unread: None,
            stale: Stale {
                unread: true,
                channels: true,
            },
            badge_due: None,
            badge_pushed: false,
            unflushed: false,
            waiting: state.waiting.clone(),
            budget: state.config.frame_budget(),
            heard: Instant::now(),
        }
    }

    async fn serve(mut self, expires: Instant) {
        if self.send_badge().await.is_break() || self.refresh_mine().await.is_break() {
            return;
        }
        let mut clock = Clock::new(self.state, expires);
        loop {
            if self.flush().await.is_break() {
                break;
            }
            let wake = self.next_wake(&mut clock).await;
            let mut flow = self.on_wake(wake).await;
            // Whatever else is ready now is handled in the same round, and its frames leave
            // in the same write: a message and the badge it moves cost one write and one
            // wake-up, not two of each.
            for _ in 0..ROUND_LIMIT {
                if flow.is_break() {
                    break;
                }
                match self.next_wake(&mut clock).now_or_never() {
                    Some(wake) => flow = self.on_wake(wake).await,
                    None => break,
                }
            }
            if flow.is_continue() && self.badge_pushed {
                flow = self.send_pushed_badge().await;
            }
            if flow.is_break() {
                break;
            }
        }
    }

    /// Waits for the next thing to do. Biased: events published before a client frame
    /// arrived are forwarded before that frame is answered, so a `pong` follows everything
    /// already published.
    async fn next_wake(&mut self, clock: &mut Clock) -> Wake {
        tokio::select! {
            biased;
            _ = clock.shutdown.changed() => Wake::Shutdown,
            e = self.queue_events.recv() => Wake::Queue(e),
            e = self.my_events.recv() => Wake::Mine(e),
            e = recv_of(&mut self.session) => Wake::Session(e),
            (i, e) = recv_any(&mut self.mine) => Wake::MineSession(i, e),
            e = recv_of(&mut self.channel) => Wake::Channel(e),
            m = self.socket.recv() => Wake::Frame(m),
            _ = sleep_until_due(self.badge_due) => Wake::BadgeDue,
            _ = self.waiting.changed() => Wake::Waiting,
            _ = &mut clock.expiry => Wake::Expired,
            _ = clock.ping.tick() => Wake::Ping,
        }
    }

    async fn on_wake(&mut self, wake: Wake) -> Flow {
        match wake {
            Wake::Shutdown => {
                close(&mut self.socket, CLOSE_RESTART, "server restarting").await;
                ControlFlow::Break(())
            }
            Wake::Queue(e) => self.on_queue_event(e).await,
            Wake::Mine(e) => self.on_my_event(e).await,
            Wake::Session(e) => self.on_session_event(e).await,
            Wake::MineSession(i, e) => self.on_mine_event(i, e).await,
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
                if self.heard.elapsed() > self.state.config.live.silence_limit {
                    close(&mut self.socket, CLOSE_SILENT, "no answer").await;
                    ControlFlow::Break(())
                } else {
                    let ping = WsMessage::Ping(Vec::new().into());
                    self.send_raw(ping).await
                }
            }
        }
    }
}

/// At most this many more wake-ups are handled before a round's frames are written.
const ROUND_LIMIT: usize = 64;
/// A round's frames are written when it ends, or earlier once this many bytes wait.
const ROUND_BUFFER: usize = 16 * 1024;

/// The connection's timers and the server's shutdown signal.
struct Clock {
    shutdown: watch::Receiver<bool>,
    ping: Interval,
    /// One timer for the whole connection (not a new one registered at every wake-up).
    expiry: Pin<Box<Sleep>>,
}

impl Clock {
    fn new(state: &ServerState, expires: Instant) -> Self {
        let mut ping = interval(state.config.live.ping_every);
        ping.set_missed_tick_behavior(MissedTickBehavior::Delay);
        Self {
            shutdown: state.shutdown.clone(),
            ping,
            expiry: Box::pin(tokio::time::sleep_until(expires)),
        }
    }
}

/// The next event of what is being watched (never, when nothing is).
async fn recv_of<S>(watched: &mut Option<(S, Subscription)>) -> Result<Arc<HubEvent>, RecvError> {
    match watched.as_mut() {
        Some((_, events)) => events.recv().await,
        None => std::future::pending().await,
    }
}

/// The next event of any of these sessions, with its index (never, when there are none).
async fn recv_any(
    list: &mut [(SessionStream, Subscription)],
) -> (usize, Result<Arc<HubEvent>, RecvError>) {
    if list.is_empty() {
        return std::future::pending().await;
    }
    let next = list.iter_mut().map(|(_, events)| Box::pin(events.recv()));
    let (event, i, _) = futures::future::select_all(next).await;
    (i, event)
}

async fn sleep_until_due(due: Option<Instant>) {
    match due {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
