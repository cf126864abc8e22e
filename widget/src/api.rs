//! The visitor HTTP endpoints (`/v1/visitor/*`): what can go wrong, in words for the
//! visitor. The calls themselves are in `api/requests.rs` (browser build only).

#[cfg(target_arch = "wasm32")]
pub mod requests;

use protocol::visitor::ErrorBody;

/// Why an HTTP call did not give the expected answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer at all (offline, DNS, CORS, connection reset) or one we could not read.
    Network,
    /// The server answered with an error status and (usually) an [`ErrorBody`].
    Status { status: u16, body: ErrorBody },
}

pub const NETWORK_MESSAGE: &str =
    "We can't reach the chat right now. Check your connection and try again.";

impl ApiError {
    /// Builds the error for a non-2xx answer from its status and raw body, falling back to
    /// a generic message when the body is not an [`ErrorBody`] (a proxy's HTML page, …).
    pub fn from_answer(status: u16, body: Option<ErrorBody>) -> Self {
        let body = body.unwrap_or_else(|| {
            let (code, message) = match status {
                401 => ("unauthorized", "This chat is no longer available."),
                404 => ("not_found", "This chat is no longer available."),
                409 => ("conflict", "This chat has ended."),
                413 => ("payload_too_large", "That message is too long."),
                429 => (
                    "rate_limited",
                    "You're sending messages too fast. Wait a moment and try again.",
                ),
                _ => (
                    "internal",
                    "Something went wrong on our side. Please try again in a moment.",
                ),
            };
            ErrorBody {
                code: code.into(),
                message: message.into(),
                field: None,
                retry_after_secs: None,
            }
        });
        ApiError::Status { status, body }
    }

    /// A `send` the live socket refused (`not_sent`), as the HTTP answer with the same
    /// `code` would have been.
    pub fn refused(code: String, message: String, retry_after_secs: Option<u64>) -> Self {
        let status = match code.as_str() {
            "unauthorized" => 401,
            "not_found" => 404,
            "conflict" => 409,
            "payload_too_large" => 413,
            "validation" => 422,
            "rate_limited" => 429,
            "unavailable" => 503,
            _ => 500,
        };
        ApiError::Status {
            status,
            body: ErrorBody {
                code,
                message,
                field: None,
                retry_after_secs,
            },
        }
    }

    /// The sentence to show the visitor.
    pub fn message(&self) -> &str {
        match self {
            ApiError::Network => NETWORK_MESSAGE,
            ApiError::Status { body, .. } => &body.message,
        }
    }

    /// The token no longer opens a chat: forget it and offer a new one.
    pub fn session_gone(&self) -> bool {
        matches!(
            self,
            ApiError::Status {
                status: 401 | 404,
                ..
            }
        )
    }

    /// Worth sending again unchanged later (a retry with the same `client_id` is safe).
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network => true,
            ApiError::Status { status, .. } => *status >= 500,
        }
    }

    /// The form field the server refused, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::Status { body, .. } => body.field.as_deref(),
            ApiError::Network => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_servers_message_is_shown_as_is() {
        let body: ErrorBody = serde_json::from_str(
            r#"{"code":"validation","field":"email","message":"Enter an email address like name@example.com."}"#,
        )
        .unwrap();
        let err = ApiError::from_answer(422, Some(body));
        assert_eq!(
            err.message(),
            "Enter an email address like name@example.com."
        );
        assert_eq!(err.field(), Some("email"));
        assert!(!err.is_transient());
        assert!(!err.session_gone());
    }

    #[test]
    fn unreadable_bodies_get_a_message_for_their_status() {
        assert_eq!(
            ApiError::from_answer(409, None).message(),
            "This chat has ended."
        );
        let gateway = ApiError::from_answer(502, None);
        assert!(gateway.is_transient());
        assert!(gateway.message().starts_with("Something went wrong"));
        assert!(ApiError::from_answer(401, None).session_gone());
        assert!(ApiError::from_answer(404, None).session_gone());
        assert!(!ApiError::from_answer(429, None).is_transient());
    }

    #[test]
    fn socket_refusals_read_like_the_same_http_answer() {
        let err = ApiError::refused("rate_limited".into(), "Slow down.".into(), Some(3));
        let http: ErrorBody = serde_json::from_str(
            r#"{"code":"rate_limited","message":"Slow down.","retry_after_secs":3}"#,
        )
        .unwrap();
        assert_eq!(err, ApiError::from_answer(429, Some(http)));
        for (code, status) in [
            ("validation", 422),
            ("conflict", 409),
            ("unavailable", 503),
            ("internal", 500),
            ("not_found", 404),
            ("something_new", 500),
        ] {
            let ApiError::Status { status: got, .. } =
                ApiError::refused(code.into(), "x".into(), None)
            else {
                panic!("{code}");
            };
            assert_eq!(got, status, "{code}");
        }
    }

    #[test]
    fn network_failures_are_retried() {
        assert!(ApiError::Network.is_transient());
        assert_eq!(ApiError::Network.message(), NETWORK_MESSAGE);
        assert_eq!(ApiError::Network.field(), None);
    }
}
