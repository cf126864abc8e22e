//! The one error type every server function and HTTP endpoint returns.
//!
//! It travels to the browser as JSON (`{"code":"validation","field":"email","message":"…"}`),
//! so the UI can act on the code and show the message. Internal causes are logged on the
//! server and never serialized.
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AppError {
    #[error("{message}")]
    NotFound { message: String },
    #[error("{message}")]
    Unauthorized { message: String },
    #[error("{message}")]
    Forbidden { message: String },
    #[error("{message}")]
    Validation { field: String, message: String },
    #[error("{message}")]
    Conflict { message: String },
    #[error("{message}")]
    RateLimited {
        message: String,
        retry_after_secs: u64,
    },
    #[error("{message}")]
    PayloadTooLarge { message: String },
    /// The browser could not reach the server (network down, server restarting).
    #[error("{message}")]
    Unavailable { message: String },
    #[error("{message}")]
    Internal { message: String },
}

impl AppError {
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound {
            message: message.into(),
        }
    }

    pub fn unauthorized() -> Self {
        Self::Unauthorized {
            message: "Please sign in.".into(),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden {
            message: message.into(),
        }
    }

    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict {
            message: message.into(),
        }
    }

    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self::RateLimited {
            message: format!(
                "Too many attempts. Try again in {}.",
                crate::domain::format::duration_words(retry_after_secs)
            ),
            retry_after_secs,
        }
    }

    /// Too many requests (not sign-in attempts): "Slow down" wording.
    pub fn rate_limited_requests(retry_after_secs: u64) -> Self {
        Self::RateLimited {
            message: format!(
                "You're going a little fast. Try again in {}.",
                crate::domain::format::duration_words(retry_after_secs)
            ),
            retry_after_secs,
        }
    }

    /// The server is too busy to take this now (a bounded queue is full): retry shortly.
    pub fn busy() -> Self {
        Self::RateLimited {
            message: "The server is busy. Try again in a second.".into(),
            retry_after_secs: 1,
        }
    }

    pub fn internal() -> Self {
        Self::Internal {
            message: "Something went wrong on our side. Please try again.".into(),
        }
    }

    /// Machine-readable code, the same string as the JSON `code` field.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "not_found",
            Self::Unauthorized { .. } => "unauthorized",
            Self::Forbidden { .. } => "forbidden",
            Self::Validation { .. } => "validation",
            Self::Conflict { .. } => "conflict",
            Self::RateLimited { .. } => "rate_limited",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::Unavailable { .. } => "unavailable",
            Self::Internal { .. } => "internal",
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::NotFound { .. } => 404,
            Self::Unauthorized { .. } => 401,
            Self::Forbidden { .. } => 403,
            Self::Validation { .. } => 422,
            Self::Conflict { .. } => 409,
            Self::RateLimited { .. } => 429,
            Self::PayloadTooLarge { .. } => 413,
            Self::Unavailable { .. } => 503,
            Self::Internal { .. } => 500,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Self::NotFound { message }
            | Self::Unauthorized { message }
            | Self::Forbidden { message }
            | Self::Validation { message, .. }
            | Self::Conflict { message }
            | Self::RateLimited { message, .. }
            | Self::PayloadTooLarge { message }
            | Self::Unavailable { message }
            | Self::Internal { message } => message,
        }
    }

    /// The form field this error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Validation { field, .. } if !field.is_empty() => Some(field),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) => Self::Unavailable {
                message: "Could not reach the server. Check your connection and try again.".into(),
            },
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                Self::validation("", "The request was incomplete or malformed.")
            }
            _ => Self::internal(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        Self::internal()
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(err: sea_orm::TransactionError<AppError>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(e) => e.into(),
            sea_orm::TransactionError::Transaction(e) => e,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_with_code_tag() {
        let err = AppError::validation("email", "Email is required.");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["code"], "validation");
        assert_eq!(json["field"], "email");
        assert_eq!(json["message"], "Email is required.");
        assert_eq!(err.status(), 422);
        let back: AppError = serde_json::from_value(json).unwrap();
        assert_eq!(back, err);
    }

    #[test]
    fn rate_limited_carries_retry_after() {
        let err = AppError::rate_limited(120);
        assert_eq!(err.status(), 429);
        assert_eq!(err.message(), "Too many attempts. Try again in 2 minutes.");
    }

    #[test]
    fn network_failure_is_unavailable_not_internal() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::Request("down".into()));
        assert_eq!(err.code(), "unavailable");
    }
}
