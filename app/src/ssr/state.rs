//! What every server function and handler can reach: the database and shared services.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sea_orm::DatabaseConnection;

use crate::domain::login_throttle::ThrottlePolicy;
use crate::domain::rate_limit::{RateLimiter, RatePolicy};
use crate::error::AppError;
use crate::models::agent::AgentId;
use crate::ssr::chat::writer::ChatWriter;
use crate::ssr::hub::SharedHub;

/// Settings that change how requests are treated, read once at start-up.
#[derive(Debug, Clone)]
pub struct RequestSettings {
    /// Mark cookies `Secure` even when no proxy says the request came over https.
    pub secure_cookies: bool,
    /// Proxies in front of the server that append to `X-Forwarded-For` (0: none; the
    /// socket peer is the client).
    pub trusted_proxy_hops: u32,
    /// New chats one client address may start at once (then one a minute).
    pub new_chat_burst: u32,
    /// Messages one visitor may send in a chat at once, then the steady rate.
    pub visitor_messages: RatePolicy,
    /// Server function calls per second per agent (three times that at once).
    pub agent_request_rate: u32,
}

impl Default for RequestSettings {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            trusted_proxy_hops: 0,
            new_chat_burst: DEFAULT_NEW_CHAT_BURST,
            visitor_messages: RatePolicy {
                burst: 10,
                per: Duration::from_secs(1),
            },
            agent_request_rate: DEFAULT_AGENT_REQUEST_RATE,
        }
    }
}

pub const DEFAULT_NEW_CHAT_BURST: u32 = 5;
pub const DEFAULT_AGENT_REQUEST_RATE: u32 = 20;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub hub: SharedHub,
    /// Chat messages are written through here (group commit).
    pub chat_writer: ChatWriter,
    pub settings: Arc<RequestSettings>,
    pub sign_in_policy: ThrottlePolicy,
    pub visitor_limits: Arc<VisitorLimits>,
    pub agent_limits: Arc<AgentLimits>,
}

impl AppState {
    /// Needs a tokio runtime: it starts the chat writer task.
    pub fn new(db: DatabaseConnection, hub: SharedHub, settings: RequestSettings) -> Self {
        Self {
            chat_writer: ChatWriter::start(db.clone(), hub.clone()),
            db,
            hub,
            sign_in_policy: ThrottlePolicy::default(),
            visitor_limits: Arc::new(VisitorLimits::new(
                settings.new_chat_burst,
                settings.visitor_messages,
            )),
            agent_limits: Arc::new(AgentLimits::new(settings.agent_request_rate)),
            settings: Arc::new(settings),
        }
    }
}

/// Visitor limits: new chats per client address; messages and typing signals per session.
pub struct VisitorLimits {
    pub new_sessions: Mutex<RateLimiter>,
    pub messages: Mutex<RateLimiter>,
    pub typing: Mutex<RateLimiter>,
}

impl VisitorLimits {
    pub fn new(new_chat_burst: u32, messages: RatePolicy) -> Self {
        Self {
            new_sessions: Mutex::new(RateLimiter::new(RatePolicy {
                burst: new_chat_burst.max(1),
                per: Duration::from_secs(60),
            })),
            messages: Mutex::new(RateLimiter::new(messages)),
            // The widget sends at most one start and one stop per few seconds of typing.
            typing: Mutex::new(RateLimiter::new(RatePolicy {
                burst: 10,
                per: Duration::from_millis(500),
            })),
        }
    }

    pub fn new_session(&self, client_addr: &str) -> Result<(), AppError> {
        take(&self.new_sessions, client_addr)
    }

    pub fn message(&self, session_key: &str) -> Result<(), AppError> {
        take(&self.messages, session_key)
    }

    pub fn typing(&self, session_key: &str) -> Result<(), AppError> {
        take(&self.typing, session_key)
    }
}

/// Server function calls per signed-in agent: generous for a person clicking and typing,
/// short of a script hammering the database.
pub struct AgentLimits {
    requests: Mutex<RateLimiter>,
}

impl AgentLimits {
    /// `per_second` calls a second, three times that at once.
    pub fn new(per_second: u32) -> Self {
        let rate = per_second.max(1);
        Self {
            requests: Mutex::new(RateLimiter::new(RatePolicy {
                burst: rate.saturating_mul(3),
                per: Duration::from_secs(1) / rate,
            })),
        }
    }
}

impl AgentLimits {
    pub fn request(&self, agent: AgentId) -> Result<(), AppError> {
        take(&self.requests, &agent.0.to_string())
    }
}

fn take(limiter: &Mutex<RateLimiter>, key: &str) -> Result<(), AppError> {
    limiter
        .lock()
        .map_err(|_| AppError::internal())?
        .take(key, std::time::Instant::now())
        .map_err(AppError::rate_limited_requests)
}
