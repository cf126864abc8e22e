//! The one error type every server function and HTTP endpoint returns.
//!
//! It travels to the browser as JSON (`{"code":"validation","field":"email","message":"…"}`),
//! so the UI can act on the code and show the message. Internal causes are logged on the
//! server and never serialized.
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

// Read through `WireError` (one flat struct): serde's reader for an internally tagged enum
// buffers every field first, and that machinery was 47 KB of the agent app's main wasm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case", try_from = "WireError")]
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

/// `AppError` as it travels: the code, the message and the fields only some codes carry.
#[derive(Deserialize)]
struct WireError {
    code: String,
    message: String,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    retry_after_secs: Option<u64>,
}

impl TryFrom<WireError> for AppError {
    type Error = String;

    fn try_from(w: WireError) -> Result<Self, String> {
        let message = w.message;
        Ok(match w.code.as_str() {
            "not_found" => Self::NotFound { message },
            "unauthorized" => Self::Unauthorized { message },
            "forbidden" => Self::Forbidden { message },
            "validation" => Self::Validation {
                field: w.field.ok_or("validation error without field")?,
                message,
            },
            "conflict" => Self::Conflict { message },
            "rate_limited" => Self::RateLimited {
                message,
                retry_after_secs: w
                    .retry_after_secs
                    .ok_or("rate_limited error without retry_after_secs")?,
            },
            "payload_too_large" => Self::PayloadTooLarge { message },
            "unavailable" => Self::Unavailable { message },
            "internal" => Self::Internal { message },
            other => return Err(format!("unknown error code {other:?}")),
        })
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
    fn every_code_reads_back_as_written() {
        let all = [
            AppError::not_found("No such chat."),
            AppError::unauthorized(),
            AppError::forbidden("Admins only."),
            AppError::validation("", "Malformed."),
            AppError::conflict("Taken."),
            AppError::rate_limited(7),
            AppError::PayloadTooLarge {
                message: "Too big.".into(),
            },
            AppError::Unavailable {
                message: "Down.".into(),
            },
            AppError::internal(),
        ];
        for err in all {
            let text = serde_json::to_string(&err).unwrap();
            let back: AppError = serde_json::from_str(&text).unwrap();
            assert_eq!(back, err, "{text}");
            assert!(text.contains(&format!("\"code\":\"{}\"", err.code())));
        }
    }

    #[test]
    fn unknown_or_incomplete_errors_are_refused() {
        for text in [
            r#"{"code":"teapot","message":"?"}"#,
            r#"{"code":"validation","message":"no field"}"#,
            r#"{"code":"rate_limited","message":"no retry"}"#,
            r#"{"message":"no code"}"#,
        ] {
            assert!(serde_json::from_str::<AppError>(text).is_err(), "{text}");
        }
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
