use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;

use app::domain::visitor_input::{client_id, message_text, NewChat};
use app::error::AppError;
use app::models::chat::ChatSessionId;
use app::ssr::chat::messages;
use app::ssr::chat::posting::{ChatPost, Poster};
use app::ssr::chat::{presence, routing, sessions, typing};
use app::ssr::request::client_addr_of;
use app::ssr::AppState;
use protocol::visitor::{
    Availability, EmailTranscript, LeaveEmail, OfflineMessage, OfflineReceipt, RateChat,
    SendMessage, SessionState, StartChat, Started, TranscriptQueued, Typing, VisitorSession,
};
use protocol::Message;

use super::extract::{JsonBody, VisitorToken};

#[tracing::instrument(skip_all)]
pub async fn availability(State(state): State<AppState>) -> Result<Json<Availability>, AppError> {
    let settings = routing::settings(&state.db).await?;
    Ok(Json(Availability {
        agents_available: presence::any_available(&state.db).await?,
        open: routing::open_now(&settings),
        outside_hours: settings.outside_hours,
        transcript_email: state.settings.transcript_email,
    }))
}

#[tracing::instrument(skip_all)]
pub async fn start(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    JsonBody(req): JsonBody<StartChat>,
) -> Result<impl IntoResponse, AppError> {
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    let chat = NewChat::parse(req, user_agent)?;
    let addr = client_addr_of(&headers, Some(peer), state.settings.trusted_proxy_hops);
    state.visitor_limits.new_session(&addr).await?;
    if !routing::open_now(&routing::settings(&state.db).await?) {
        return Err(AppError::conflict(
            "We are closed right now. Leave a message and we will answer by email.",
        ));
    }
    let mut started = sessions::start(&state.db, state.hub.as_ref(), chat).await?;
    tracing::info!(session_id = started.session.id, "chat started");
    // Auto-assign: it may be someone's already (the answer says whose).
    if state.assign_waiting().await > 0 {
        started.session = sessions::by_id(&state.db, ChatSessionId(started.session.id)).await?;
        started.messages = messages::all(&state.db, started.session.id).await?;
    }
    let body = Started {
        token: started.token,
        session: sessions::visitor_view(&state.db, &started.session).await?,
        messages: started.messages,
        agents_available: presence::any_available(&state.db).await?,
    };
    Ok((StatusCode::CREATED, Json(body)))
}

#[tracing::instrument(skip_all)]
pub async fn session(
    State(state): State<AppState>,
    VisitorToken(token): VisitorToken,
) -> Result<Json<SessionState>, AppError> {
    let model = sessions::by_token(&state.db, &token).await?;
    Ok(Json(SessionState {
        session: sessions::visitor_view(&state.db, &model).await?,
        messages: messages::all(&state.db, model.id).await?,
        agents_available: presence::any_available(&state.db).await?,
    }))
}

#[tracing::instrument(skip_all)]
pub async fn send(
    State(state): State<AppState>,
    VisitorToken(token): VisitorToken,
    JsonBody(req): JsonBody<SendMessage>,
) -> Result<Json<Message>, AppError> {
    let text = message_text("text", &req.text)?;
    let client_id = client_id(&req.client_id)?;
    let model = sessions::by_token(&state.db, &token).await?;
    state.visitor_limits.message(&model.public_id).await?;
    let message = state
        .chat_writer
        .post(ChatPost {
            session: (&model).into(),
            poster: Poster::Visitor,
            text,
            client_id,
        })
        .await?;
    Ok(Json(message))
}

#[tracing::instrument(skip_all)]
pub async fn typing(
    State(state): State<AppState>,
    VisitorToken(token): VisitorToken,
    JsonBody(req): JsonBody<Typing>,
) -> Result<StatusCode, AppError> {
    let model = sessions::by_token(&state.db, &token).await?;
    state.visitor_limits.typing(&model.public_id).await?;
    typing::visitor(state.hub.as_ref(), &model, req.typing);
    Ok(StatusCode::NO_CONTENT)
}

#[tracing::instrument(skip_all)]
pub async fn end(
    State(state): State<AppState>,
    VisitorToken(token): VisitorToken,
) -> Result<Json<VisitorSession>, AppError> {
    let model = sessions::by_token(&state.db, &token).await?;
    sessions::end_by_visitor(&state.db, state.hub.as_ref(), &model).await?;
    state.assign_waiting().await;
    let fresh = sessions::by_token(&state.db, &token).await?;
    Ok(Json(sessions::visitor_view(&state.db, &fresh).await?))
}

/// The visitor rates their closed chat (once): answers the session with its rating.
#[tracing::instrument(skip_all)]
pub async fn rate(
    State(state): State<AppState>,
    VisitorToken(token): VisitorToken,
    JsonBody(req): JsonBody<RateChat>,
) -> Result<Json<VisitorSession>, AppError> {
    let model = sessions::by_token(&state.db, &token).await?;
    app::ssr::chat::ratings::rate(&state.db, state.hub.as_ref(), &model, req).await?;
    tracing::info!(session_id = model.id, "chat rated");
    let fresh = sessions::by_token(&state.db, &token).await?;
    Ok(Json(sessions::visitor_view(&state.db, &fresh).await?))
}

/// Outside business hours: the visitor's message becomes a ticket (answered by email).
#[tracing::instrument(skip_all)]
pub async fn offline_message(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    JsonBody(req): JsonBody<OfflineMessage>,
) -> Result<(StatusCode, Json<OfflineReceipt>), AppError> {
    let msg = app::domain::visitor_input::OfflineNote::parse(req)?;
    let addr = client_addr_of(&headers, Some(peer), state.settings.trusted_proxy_hops);
    state.visitor_limits.new_session(&addr).await?;
    let made =
        app::ssr::tickets::create_offline(&state.db, &msg.name, &msg.email, &msg.message).await?;
    tracing::info!(ticket = made.number, "offline message");
    Ok((
        StatusCode::CREATED,
        Json(OfflineReceipt {
            ticket_number: made.number,
        }),
    ))
}

/// Waited past Max wait: the visitor leaves their email and the chat becomes a ticket.
#[tracing::instrument(skip_all)]
pub async fn leave_email(
    State(state): State<AppState>,
    VisitorToken(token): VisitorToken,
    JsonBody(req): JsonBody<LeaveEmail>,
) -> Result<Json<OfflineReceipt>, AppError> {
    let email = app::domain::validation::Email::parse("email", req.email.trim())?.into_inner();
    let model = sessions::by_token(&state.db, &token).await?;
    let view = sessions::visitor_view(&state.db, &model).await?;
    match view.offer_email_at {
        Some(at) if at <= chrono::Utc::now().timestamp_millis() => {}
        Some(_) => {
            return Err(AppError::conflict(
                "An agent will be with you shortly: please wait a little longer.",
            ))
        }
        None => return Err(AppError::conflict("This chat is no longer waiting.")),
    }
    let made =
        app::ssr::tickets::create_from_waiting_chat(&state.db, state.hub.as_ref(), &model, &email)
            .await?;
    tracing::info!(
        session_id = model.id,
        ticket = made.number,
        "waiting chat became a ticket"
    );
    Ok(Json(OfflineReceipt {
        ticket_number: made.number,
    }))
}

/// The visitor asks for their closed chat's transcript by email: queued (once), sent in
/// the background through SMTP.
#[tracing::instrument(skip_all)]
pub async fn email_transcript(
    State(state): State<AppState>,
    VisitorToken(token): VisitorToken,
    JsonBody(req): JsonBody<EmailTranscript>,
) -> Result<(StatusCode, Json<TranscriptQueued>), AppError> {
    if !state.settings.transcript_email {
        return Err(AppError::conflict(
            "Transcripts cannot be emailed from this site.",
        ));
    }
    let email = app::domain::validation::Email::parse("email", req.email.trim())?.into_inner();
    let model = sessions::by_token(&state.db, &token).await?;
    state.visitor_limits.message(&model.public_id).await?;
    app::ssr::mail_outbox::enqueue_transcript(&state.db, &model, &email).await?;
    state.mail_wake.notify_one();
    tracing::info!(session_id = model.id, "transcript email queued");
    Ok((StatusCode::ACCEPTED, Json(TranscriptQueued { email })))
}
