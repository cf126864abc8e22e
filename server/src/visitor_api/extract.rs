//! Extractors that answer in the protocol's error shape.
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;

use app::error::AppError;

/// `Json<T>`, but malformed or oversized bodies become `validation` / `payload_too_large`.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Self(v)),
            Err(rejection) => Err(json_error(&rejection)),
        }
    }
}

fn json_error(rejection: &JsonRejection) -> AppError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return AppError::PayloadTooLarge {
            message: "That is too much at once (32 KB at most).".into(),
        };
    }
    match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            AppError::validation("", "Send JSON with Content-Type: application/json.")
        }
        JsonRejection::JsonDataError(e) => AppError::validation("", e.body_text()),
        _ => AppError::validation("", "The request body is not valid JSON."),
    }
}

/// The visitor token from `Authorization: Bearer <token>`.
pub struct VisitorToken(pub String);

impl<S: Send + Sync> FromRequestParts<S> for VisitorToken {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| Self(t.trim().to_string()))
            .filter(|t| !t.0.is_empty())
            .ok_or_else(|| AppError::Unauthorized {
                message: "This chat link is not valid. Start a new chat.".into(),
            })
    }
}
