//! Files in chats over HTTP: upload as the raw request body (type in `Content-Type`, name
//! and client id in the query), download with the reader's own credentials.
//!
//! - Visitor: `POST /v1/visitor/files?client_id=…&name=…` and `GET /v1/visitor/files/{id}`,
//!   both with the chat's `Authorization: Bearer` token; a token opens its own chat's files
//!   only.
//! - Agent: `POST /files/chat/{session id}?client_id=…&name=…` (the assignee, from the app's
//!   own origin) and `GET /files/{id}` (any signed-in agent; the auth guard has checked the
//!   session cookie and left the agent in the request).
//!
//! Served with the type read from the bytes, `nosniff` (every response), `attachment`
//! for everything but images, and a sandboxing CSP, so no file can run in the app's origin.
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use http_body_util::{BodyExt, Limited};
use serde::Deserialize;

use app::domain::file_upload::{content_disposition, size_label};
use app::domain::visitor_input::client_id;
use app::error::AppError;
use app::models::agent::CurrentAgent;
use app::models::chat::ChatSessionId;
use app::ssr::chat::files::{self, Upload};
use app::ssr::chat::posting::Poster;
use app::ssr::chat::sessions;
use app::ssr::entities::chat_file;
use app::ssr::AppState;
use protocol::Message;

use crate::visitor_api::VisitorToken;

#[derive(Deserialize)]
pub struct UploadQuery {
    client_id: String,
    #[serde(default)]
    name: String,
}

fn query(q: Result<Query<UploadQuery>, QueryRejection>) -> Result<UploadQuery, AppError> {
    q.map(|Query(q)| q).map_err(|_| {
        AppError::validation(
            "client_id",
            "Name the upload: ?client_id=…&name=… (the file itself is the body).",
        )
    })
}

/// The body, at most `max` bytes (413 beyond, before more is read).
async fn read_body(headers: &HeaderMap, body: Body, max: u64) -> Result<Vec<u8>, AppError> {
    let too_large = || AppError::PayloadTooLarge {
        message: format!("Files can be {} at most.", size_label(max)),
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max) {
        return Err(too_large());
    }
    let limit = usize::try_from(max).unwrap_or(usize::MAX);
    let collected = Limited::new(body, limit).collect().await.map_err(|e| {
        if e.downcast_ref::<http_body_util::LengthLimitError>()
            .is_some()
        {
            too_large()
        } else {
            AppError::validation("file", "The upload was interrupted. Please try again.")
        }
    })?;
    Ok(collected.to_bytes().to_vec())
}

fn claimed_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

#[tracing::instrument(skip_all)]
pub async fn visitor_upload(
    State(state): State<AppState>,
    VisitorToken(token): VisitorToken,
    q: Result<Query<UploadQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Message>, AppError> {
    let q = query(q)?;
    let client_id = client_id(&q.client_id)?;
    let session = sessions::by_token(&state.db, &token).await?;
    state.visitor_limits.message(&session.public_id).await?;
    let max = files::max_bytes(&state.db).await?;
    let bytes = read_body(&headers, body, max).await?;
    let upload = Upload {
        name: q.name,
        claimed_type: claimed_type(&headers),
        bytes,
        client_id,
    };
    let message = files::send(
        &state.db,
        state.hub.as_ref(),
        &session,
        Poster::Visitor,
        upload,
    )
    .await?;
    tracing::info!(session_id = session.id, "visitor sent a file");
    Ok(Json(message))
}

#[tracing::instrument(skip_all)]
pub async fn visitor_download(
    State(state): State<AppState>,
    VisitorToken(token): VisitorToken,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let session = sessions::by_token(&state.db, &token).await?;
    let file = files::open(&state.db, &id, Some(session.id)).await?;
    Ok(serve(file))
}

#[tracing::instrument(skip_all)]
pub async fn agent_upload(
    State(state): State<crate::router::ServerState>,
    agent: Option<Extension<CurrentAgent>>,
    Path(session_id): Path<i64>,
    q: Result<Query<UploadQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Message>, AppError> {
    let Some(Extension(agent)) = agent else {
        return Err(AppError::unauthorized());
    };
    crate::api_guard::same_origin(&headers, &state.config.agent_origins)?;
    let app = &state.app;
    app.agent_limits.request(agent.id).await?;
    let q = query(q)?;
    let client_id = client_id(&q.client_id)?;
    let session = sessions::by_id(&app.db, ChatSessionId(session_id)).await?;
    let max = files::max_bytes(&app.db).await?;
    let bytes = read_body(&headers, body, max).await?;
    let upload = Upload {
        name: q.name,
        claimed_type: claimed_type(&headers),
        bytes,
        client_id,
    };
    let message = files::send(
        &app.db,
        app.hub.as_ref(),
        &session,
        Poster::agent(&agent),
        upload,
    )
    .await?;
    tracing::info!(session_id, agent = agent.id.0, "agent sent a file");
    Ok(Json(message))
}

#[tracing::instrument(skip_all)]
pub async fn agent_download(
    State(state): State<AppState>,
    agent: Option<Extension<CurrentAgent>>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    if agent.is_none() {
        return Err(AppError::unauthorized());
    }
    let file = files::open(&state.db, &id, None).await?;
    Ok(serve(file))
}

fn serve(file: chat_file::Model) -> Response {
    let image = file.content_type.starts_with("image/");
    let mut res = (StatusCode::OK, file.data).into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&file.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&content_disposition(image, &file.name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    // Nothing in a file runs, even opened directly: no scripts, no plugins, own origin.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
        ),
    );
    // Private: only this reader may have it; it never changes.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=86400, immutable"),
    );
    res
}
