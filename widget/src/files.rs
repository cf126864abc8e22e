//! Files over HTTP with the visitor's token: uploads through `XMLHttpRequest` (fetch tells
//! nothing of upload progress), downloads as blobs shown through object URLs (an `<img>`
//! or a link cannot send the `Authorization` header).

use std::cell::RefCell;
use std::rc::Rc;

use protocol::Message;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, ProgressEvent, XmlHttpRequest};

use crate::api::{ApiError, NETWORK_MESSAGE};
use crate::wire;

fn bearer(token: &str) -> String {
    let mut v = String::from("Bearer ");
    v.push_str(token);
    v
}

/// Uploads `file` as one message (`client_id`: sent once however often retried);
/// `progress` hears the percentage sent.
pub async fn upload(
    base: &str,
    token: &str,
    client_id: &str,
    file: &File,
    progress: impl Fn(u32) + 'static,
) -> Result<Message, ApiError> {
    let net = |_| ApiError::Network;
    let name = String::from(js_sys::encode_uri_component(&file.name()));
    let mut url = String::from(base);
    url.push_str("/v1/visitor/files?client_id=");
    url.push_str(client_id);
    url.push_str("&name=");
    url.push_str(&name);
    let xhr = XmlHttpRequest::new().map_err(net)?;
    xhr.open("POST", &url).map_err(net)?;
    xhr.set_request_header("Authorization", &bearer(token))
        .map_err(net)?;
    let kind = file.type_();
    let kind = if kind.is_empty() {
        "application/octet-stream".to_string()
    } else {
        kind
    };
    xhr.set_request_header("Content-Type", &kind).map_err(net)?;
    let (tx, rx) = futures_channel::oneshot::channel::<()>();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let done = Closure::<dyn FnMut()>::new(move || {
        if let Some(tx) = tx.borrow_mut().take() {
            let _ = tx.send(());
        }
    });
    xhr.set_onloadend(Some(done.as_ref().unchecked_ref()));
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            progress((e.loaded() / e.total() * 100.0) as u32);
        }
    });
    if let Ok(up) = xhr.upload() {
        up.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    let blob: &web_sys::Blob = file;
    xhr.send_with_opt_blob(Some(blob)).map_err(net)?;
    let _ = rx.await;
    let status = xhr.status().unwrap_or(0);
    let body = xhr
        .response_text()
        .ok()
        .flatten()
        .and_then(|t| wire::parse(&t));
    if status == 0 {
        return Err(ApiError::Network);
    }
    if (200..300).contains(&status) {
        return body
            .as_ref()
            .and_then(wire::message)
            .ok_or(ApiError::Network);
    }
    Err(ApiError::from_answer(
        status,
        body.as_ref().and_then(wire::error_body),
    ))
}

/// The file's bytes as an object URL (revoked by the caller's page lifetime).
pub async fn object_url(base: &str, token: &str, id: &str) -> Result<String, String> {
    let mut url = String::from(base);
    url.push_str("/v1/visitor/files/");
    url.push_str(id);
    let resp = gloo_net::http::Request::get(&url)
        .header("Authorization", &bearer(token))
        .send()
        .await
        .map_err(|_| NETWORK_MESSAGE.to_string())?;
    if !resp.ok() {
        return Err("This file could not be opened.".into());
    }
    let raw: web_sys::Response = resp.into();
    let blob = raw.blob().map_err(|_| NETWORK_MESSAGE.to_string())?;
    let blob: web_sys::Blob = JsFuture::from(blob)
        .await
        .map_err(|_| NETWORK_MESSAGE.to_string())?
        .unchecked_into();
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|e: JsValue| {
        crate::dom::log_error(&e);
        "This file could not be opened.".to_string()
    })
}
