//! What every server function and handler can reach: the database and shared services.
use std::sync::Arc;
use std::time::Duration;

use sea_orm::DatabaseConnection;

use crate::domain::login_throttle::ThrottlePolicy;
use crate::domain::rate_limit::RatePolicy;
use crate::error::AppError;
use crate::models::agent::AgentId;
use crate::ssr::chat::presence::InstanceId;
use crate::ssr::chat::routing::Assigner;
use crate::ssr::chat::writer::ChatWriter;
use crate::ssr::hub::SharedHub;
use crate::ssr::rate_limits::Limiter;

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
    /// Server function calls per agent (see `agent_request_policy`).
    pub agent_requests: RatePolicy,
    /// Keep rate limits in the database, for every instance that serves it to share.
    pub shared_limits: bool,
    /// SMTP is configured: visitors may have their transcript emailed.
    pub transcript_email: bool,
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
            agent_requests: agent_request_policy(DEFAULT_AGENT_REQUEST_RATE),
            shared_limits: false,
            transcript_email: false,
        }
    }
}

pub const DEFAULT_NEW_CHAT_BURST: u32 = 5;
pub const DEFAULT_AGENT_REQUEST_RATE: u32 = 20;

/// `per_second` server function calls a second per agent, three times that at once.
pub fn agent_request_policy(per_second: u32) -> RatePolicy {
    let rate = per_second.max(1);
    RatePolicy {
        burst: rate.saturating_mul(3),
        per: Duration::from_secs(1) / rate,
    }
}

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
    /// This process, as named in the state instances share (`agent_presence`).
    pub instance: InstanceId,
    /// Auto-assignment (one pass at a time in this process).
    pub assigner: Assigner,
    /// Wakes the mail sender when something is queued.
    pub mail_wake: Arc<tokio::sync::Notify>,
    /// Settings → Widget as `widget.js` is served with it.
    pub widget_look: Arc<crate::ssr::widget_settings::LastLook>,
}

impl AppState {
    /// Needs a tokio runtime: it starts the chat writer task, which commits on `writer_db`
    /// (the same database as `db`; a connection of its own on SQLite).
    pub fn new(
        db: DatabaseConnection,
        writer_db: DatabaseConnection,
        hub: SharedHub,
        settings: RequestSettings,
    ) -> Self {
        let shared_limits = settings.shared_limits.then_some(&db);
        let visitor_limits = Arc::new(VisitorLimits::new(
            settings.new_chat_burst,
            settings.visitor_messages,
            shared_limits,
        ));
        let agent_limits = Arc::new(AgentLimits::new(settings.agent_requests, shared_limits));
        Self {
            chat_writer: ChatWriter::start(writer_db, hub.clone()),
            db,
            hub,
            sign_in_policy: ThrottlePolicy::default(),
            visitor_limits,
            agent_limits,
            settings: Arc::new(settings),
            instance: InstanceId::random(),
            assigner: Assigner::default(),
            mail_wake: Arc::default(),
            widget_look: Arc::default(),
        }
    }

    /// After anything that may let a waiting chat be assigned (a new chat, freed capacity,
    /// an agent becoming Available, new settings): runs auto-assignment when it is on.
    /// Never fails the caller: a failed pass is logged and the periodic one retries.
    pub async fn assign_waiting(&self) -> u32 {
        match self.assigner.run(&self.db, self.hub.as_ref()).await {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %e, "auto-assignment failed");
                0
            }
        }
    }
}

/// Visitor limits: new chats per client address; messages and typing signals per session.
pub struct VisitorLimits {
    pub new_sessions: Limiter,
    pub messages: Limiter,
    pub typing: Limiter,
}

impl VisitorLimits {
    /// `shared`: keep the buckets in that database (several instances serve it).
    pub fn new(
        new_chat_burst: u32,
        messages: RatePolicy,
        shared: Option<&DatabaseConnection>,
    ) -> Self {
        Self {
            new_sessions: Limiter::new(
                RatePolicy {
                    burst: new_chat_burst.max(1),
                    per: Duration::from_secs(60),
                },
                "new_chat",
                shared,
            ),
            messages: Limiter::new(messages, "visitor_message", shared),
            // The widget sends at most one start and one stop per few seconds of typing.
            typing: Limiter::new(
                RatePolicy {
                    burst: 10,
                    per: Duration::from_millis(500),
                },
                "visitor_typing",
                shared,
            ),
        }
    }

    pub async fn new_session(&self, client_addr: &str) -> Result<(), AppError> {
        self.new_sessions.take(client_addr).await
    }

    pub async fn message(&self, session_key: &str) -> Result<(), AppError> {
        self.messages.take(session_key).await
    }

    pub async fn typing(&self, session_key: &str) -> Result<(), AppError> {
        self.typing.take(session_key).await
    }
}

/// Server function calls per signed-in agent: generous for a person clicking and typing,
/// short of a script hammering the database.
pub struct AgentLimits {
    requests: Limiter,
}

impl AgentLimits {
    pub fn new(policy: RatePolicy, shared: Option<&DatabaseConnection>) -> Self {
        Self {
            requests: Limiter::new(policy, "agent_request", shared),
        }
    }

    pub async fn request(&self, agent: AgentId) -> Result<(), AppError> {
        self.requests.take(&agent.0.to_string()).await
    }
}
