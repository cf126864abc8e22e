//! The HTTP calls, with `fetch` through gloo-net. No cookies: the visitor token travels in
//! the `Authorization` header. Bodies are read and written by `crate::wire`.

use gloo_net::http::{Request, RequestBuilder};
use protocol::visitor::{
    Availability, OfflineMessage, OfflineReceipt, RateChat, SendMessage, SessionState, StartChat,
    Started, VisitorSession,
};
use protocol::Message;
use wasm_bindgen::JsValue;
use web_sys::RequestCache;

use super::ApiError;
use crate::wire;

/// The chat server at `base` (e.g. `https://help.example.com`), as one visitor.
#[derive(Clone)]
pub struct Api {
    base: String,
}

impl Api {
    pub fn new(base: &str) -> Self {
        Api { base: base.into() }
    }

    fn url(&self, path: &str) -> String {
        let mut url = self.base.clone();
        url.push_str("/v1/visitor/");
        url.push_str(path);
        url
    }

    fn get(&self, path: &str, token: Option<&str>) -> RequestBuilder {
        with_token(
            Request::get(&self.url(path)).cache(RequestCache::NoStore),
            token,
        )
    }

    fn post(&self, path: &str, token: Option<&str>) -> RequestBuilder {
        with_token(Request::post(&self.url(path)), token)
    }

    pub async fn availability(&self) -> Result<Availability, ApiError> {
        let v = send(self.get("availability", None).build()).await?;
        read(wire::availability(&v))
    }

    pub async fn start(&self, body: &StartChat) -> Result<Started, ApiError> {
        let v = send(json(
            self.post("sessions", None),
            wire::start_chat_json(body),
        ))
        .await?;
        read(wire::started(&v))
    }

    pub async fn session(&self, token: &str) -> Result<SessionState, ApiError> {
        let v = send(self.get("session", Some(token)).build()).await?;
        read(wire::session_state(&v))
    }

    pub async fn send_message(&self, token: &str, body: &SendMessage) -> Result<Message, ApiError> {
        let req = json(
            self.post("messages", Some(token)),
            wire::send_message_json(body),
        );
        read(wire::message(&send(req).await?))
    }

    pub async fn typing(&self, token: &str, typing: bool) -> Result<(), ApiError> {
        let req = json(self.post("typing", Some(token)), wire::typing_json(typing));
        send(req).await.map(drop)
    }

    pub async fn offline_message(&self, body: &OfflineMessage) -> Result<OfflineReceipt, ApiError> {
        let req = json(
            self.post("offline-messages", None),
            wire::offline_message_json(body),
        );
        read(wire::offline_receipt(&send(req).await?))
    }

    pub async fn leave_email(&self, token: &str, email: &str) -> Result<OfflineReceipt, ApiError> {
        let req = json(
            self.post("leave-email", Some(token)),
            wire::leave_email_json(email),
        );
        read(wire::offline_receipt(&send(req).await?))
    }

    /// Queues the closed chat's transcript for `email`; answers the address it goes to.
    pub async fn email_transcript(&self, token: &str, email: &str) -> Result<String, ApiError> {
        let req = json(
            self.post("transcript", Some(token)),
            wire::leave_email_json(email),
        );
        read(wire::transcript_queued(&send(req).await?))
    }

    pub async fn rate(&self, token: &str, body: &RateChat) -> Result<VisitorSession, ApiError> {
        let req = json(self.post("rating", Some(token)), wire::rate_chat_json(body));
        read(wire::session(&send(req).await?))
    }

    pub async fn end(&self, token: &str) -> Result<VisitorSession, ApiError> {
        let v = send(self.post("end", Some(token)).build()).await?;
        read(wire::session(&v))
    }
}

fn with_token(req: RequestBuilder, token: Option<&str>) -> RequestBuilder {
    match token {
        Some(token) => {
            let mut value = String::from("Bearer ");
            value.push_str(token);
            req.header("Authorization", &value)
        }
        None => req,
    }
}

fn json(req: RequestBuilder, body: String) -> Result<Request, gloo_net::Error> {
    req.header("Content-Type", "application/json").body(body)
}

/// Sends the request; a 2xx answer gives its parsed body (`null` when empty), anything
/// else an [`ApiError`].
async fn send(req: Result<Request, gloo_net::Error>) -> Result<JsValue, ApiError> {
    let network = |_| ApiError::Network;
    let resp = req.map_err(network)?.send().await.map_err(network)?;
    let status = resp.status();
    let text = resp.text().await.map_err(network)?;
    let body = if text.is_empty() {
        Some(JsValue::NULL)
    } else {
        wire::parse(&text)
    };
    if resp.ok() {
        body.ok_or(ApiError::Network)
    } else {
        Err(ApiError::from_answer(
            status,
            body.as_ref().and_then(wire::error_body),
        ))
    }
}

/// An answer that does not have the documented shape counts as no answer.
fn read<T>(value: Option<T>) -> Result<T, ApiError> {
    value.ok_or(ApiError::Network)
}
