//! What every server function and handler can reach: the database and shared services.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sea_orm::DatabaseConnection;

use crate::domain::login_throttle::{LoginThrottle, ThrottlePolicy};

/// Settings that change how requests are treated, read once at start-up.
#[derive(Debug, Clone, Default)]
pub struct RequestSettings {
    /// Mark cookies `Secure` even when no proxy says the request came over https.
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy: bool,
}

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<RequestSettings>,
    pub sign_in_limits: Arc<SignInLimits>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, settings: RequestSettings) -> Self {
        Self {
            db,
            settings: Arc::new(settings),
            sign_in_limits: Arc::new(SignInLimits::default()),
        }
    }
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
