//! What every server function and handler can reach: the database and shared services.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sea_orm::DatabaseConnection;

use crate::domain::login_throttle::{LoginThrottle, ThrottlePolicy};
use crate::domain::rate_limit::{RateLimiter, RatePolicy};
use crate::error::AppError;
use crate::ssr::hub::SharedHub;

/// Settings that change how requests are treated, read once at start-up.
#[derive(Debug, Clone)]
pub struct RequestSettings {
    /// Mark cookies `Secure` even when no proxy says the request came over https.
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy: bool,
    /// New chats one client address may start at once (then one a minute).
    pub new_chat_burst: u32,
}

impl Default for RequestSettings {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            trust_proxy: false,
            new_chat_burst: DEFAULT_NEW_CHAT_BURST,
        }
    }
}

pub const DEFAULT_NEW_CHAT_BURST: u32 = 5;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub hub: SharedHub,
    pub settings: Arc<RequestSettings>,
    pub sign_in_limits: Arc<SignInLimits>,
    pub visitor_limits: Arc<VisitorLimits>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, hub: SharedHub, settings: RequestSettings) -> Self {
        Self {
            db,
            hub,
            sign_in_limits: Arc::new(SignInLimits::default()),
            visitor_limits: Arc::new(VisitorLimits::new(settings.new_chat_burst)),
            settings: Arc::new(settings),
        }
    }
}

/// Visitor limits: new chats per client address, messages per session.
pub struct VisitorLimits {
    pub new_sessions: Mutex<RateLimiter>,
    pub messages: Mutex<RateLimiter>,
}

impl VisitorLimits {
    pub fn new(new_chat_burst: u32) -> Self {
        Self {
            new_sessions: Mutex::new(RateLimiter::new(RatePolicy {
                burst: new_chat_burst.max(1),
                per: Duration::from_secs(60),
            })),
            messages: Mutex::new(RateLimiter::new(RatePolicy {
                burst: 10,
                per: Duration::from_secs(1),
            })),
        }
    }
}

impl VisitorLimits {
    pub fn new_session(&self, client_addr: &str) -> Result<(), AppError> {
        take(&self.new_sessions, client_addr)
    }

    pub fn message(&self, session_key: &str) -> Result<(), AppError> {
        take(&self.messages, session_key)
    }
}

fn take(limiter: &Mutex<RateLimiter>, key: &str) -> Result<(), AppError> {
    limiter
        .lock()
        .map_err(|_| AppError::internal())?
        .take(key, std::time::Instant::now())
        .map_err(AppError::rate_limited_requests)
}

/// Failed sign-in limits: per account (5 in 15 minutes) and per client address
/// (20 in 15 minutes, so one office behind a NAT is not locked out by one person).
pub struct SignInLimits {
    pub per_account: Mutex<LoginThrottle>,
    pub per_address: Mutex<LoginThrottle>,
}

impl Default for SignInLimits {
    fn default() -> Self {
        let window = Duration::from_secs(15 * 60);
        Self {
            per_account: Mutex::new(LoginThrottle::new(ThrottlePolicy {
                max_failures: 5,
                window,
            })),
            per_address: Mutex::new(LoginThrottle::new(ThrottlePolicy {
                max_failures: 20,
                window,
            })),
        }
    }
}
