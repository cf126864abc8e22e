//! Files in the agent's composer: Attach file, drag and drop, paste an image. Each upload
//! shows its progress, is retried (same client id: stored once) when the connection
//! drops, and reports the server's reason when refused. The message it becomes arrives
//! in the transcript like any other.
use leptos::prelude::*;

use crate::models::chat::ChatSessionId;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    pub key: String,
    pub name: String,
    pub percent: u32,
    pub error: Option<String>,
}

#[derive(Clone, Copy)]
pub struct Uploader {
    pub uploads: RwSignal<Vec<Upload>>,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    session: ChatSessionId,
}

impl Uploader {
    pub fn new(session: ChatSessionId) -> Self {
        Self {
            uploads: RwSignal::new(Vec::new()),
            session,
        }
    }

    /// Sends every file of the list (a picker's, a drop's or a paste's).
    #[cfg(feature = "hydrate")]
    pub fn send_all(self, files: Option<web_sys::FileList>) {
        let Some(files) = files else { return };
        for i in 0..files.length() {
            if let Some(file) = files.item(i) {
                self.send(file);
            }
        }
    }

    #[cfg(feature = "hydrate")]
    fn send(self, file: web_sys::File) {
        use super::browser::new_client_id;
        let key = new_client_id();
        let name = if file.name().is_empty() {
            "pasted-image.png".to_string()
        } else {
            file.name()
        };
        self.uploads.update(|u| {
            u.push(Upload {
                key: key.clone(),
                name: name.clone(),
                percent: 0,
                error: None,
            })
        });
        let url = format!(
            "/files/chat/{}?client_id={}&name={}",
            self.session.0,
            key,
            String::from(js_sys::encode_uri_component(&name))
        );
        let uploads = self.uploads;
        leptos::task::spawn_local(async move {
            let progress = {
                let key = key.clone();
                move |p: u32| {
                    uploads.update(|u| {
                        if let Some(x) = u.iter_mut().find(|x| x.key == key) {
                            x.percent = p;
                        }
                    })
                }
            };
            // A dropped connection is retried twice (the server stores it once); a refusal
            // is reported at once.
            let mut outcome = Err(Failure::Network);
            for attempt in 0..3u32 {
                if attempt > 0 {
                    gloo_timers::future::TimeoutFuture::new(1_000 * attempt).await;
                }
                outcome = post(&url, &file, progress.clone()).await;
                match &outcome {
                    Err(Failure::Network) => continue,
                    _ => break,
                }
            }
            match outcome {
                Ok(()) => uploads.update(|u| u.retain(|x| x.key != key)),
                Err(f) => uploads.update(|u| {
                    if let Some(x) = u.iter_mut().find(|x| x.key == key) {
                        x.error = Some(f.message());
                    }
                }),
            }
        });
    }

    pub fn dismiss(self, key: &str) {
        self.uploads.update(|u| u.retain(|x| x.key != key));
    }
}

#[cfg(feature = "hydrate")]
enum Failure {
    Network,
    Refused(String),
}

#[cfg(feature = "hydrate")]
impl Failure {
    fn message(&self) -> String {
        match self {
            Failure::Network => "The upload failed: check your connection and try again.".into(),
            Failure::Refused(m) => m.clone(),
        }
    }
}

/// One XHR POST (fetch reports no upload progress).
#[cfg(feature = "hydrate")]
async fn post(
    url: &str,
    file: &web_sys::File,
    progress: impl Fn(u32) + 'static,
) -> Result<(), Failure> {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| Failure::Network)?;
    xhr.open("POST", url).map_err(|_| Failure::Network)?;
    let kind = file.type_();
    let kind = if kind.is_empty() {
        "application/octet-stream".to_string()
    } else {
        kind
    };
    xhr.set_request_header("Content-Type", &kind)
        .map_err(|_| Failure::Network)?;
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    let tx = std::rc::Rc::new(std::cell::RefCell::new(Some(tx)));
    let done = {
        let tx = tx.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(tx) = tx.borrow_mut().take() {
                let _ = tx.send(());
            }
        })
    };
    xhr.set_onloadend(Some(done.as_ref().unchecked_ref()));
    let on_progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                progress(((e.loaded() / e.total()) * 100.0).round() as u32);
            }
        });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    let blob: &web_sys::Blob = file;
    xhr.send_with_opt_blob(Some(blob))
        .map_err(|_| Failure::Network)?;
    let _ = rx.await;
    drop(done);
    drop(on_progress);
    let status = xhr.status().unwrap_or(0);
    if status == 0 {
        return Err(Failure::Network);
    }
    if (200..300).contains(&status) {
        return Ok(());
    }
    let body = xhr.response_text().ok().flatten().unwrap_or_default();
    let message = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| {
            v.get("message")
                .and_then(|m| m.as_str())
                .map(str::to_string)
        })
        .unwrap_or_else(|| format!("The upload failed (HTTP {status})."));
    if status >= 500 {
        return Err(Failure::Network);
    }
    Err(Failure::Refused(message))
}

/// Uploads on their way (progress) or refused (the reason, and Dismiss).
#[component]
pub fn UploadList(uploader: Uploader) -> impl IntoView {
    view! {
        <ul class="upload-list" aria-live="polite">
            <For each=move || uploader.uploads.get() key=|u| (u.key.clone(), u.error.clone()) let:u>
                {
                    let key = u.key.clone();
                    match u.error.clone() {
                        Some(error) => view! {
                            <li class="upload upload-failed" role="alert">
                                <span class="upload-name">{u.name.clone()}</span>": "{error}
                                <button type="button" class="button-link" on:click=move |_| uploader.dismiss(&key)>"Dismiss"</button>
                            </li>
                        }.into_any(),
                        None => {
                            let name = u.name.clone();
                            let k = key.clone();
                            let percent = Signal::derive(move || uploader.uploads.with(|list| list.iter().find(|x| x.key == k).map_or(100, |x| x.percent)));
                            view! {
                                <li class="upload">
                                    <span class="upload-name">{name.clone()}</span>
                                    <progress max="100" value=percent aria-label=format!("Uploading {name}")></progress>
                                    <span class="upload-percent">{move || format!("{}%", percent.get())}</span>
                                </li>
                            }.into_any()
                        }
                    }
                }
            </For>
        </ul>
    }
}

/// A file in the transcript: images as a thumbnail linking to the full picture, anything
/// else as a download link with its size.
#[component]
pub fn FileLink(file: protocol::FileRef) -> impl IntoView {
    let href = format!("/files/{}", file.id);
    let size = crate::domain::file_upload::size_label(file.size.max(0) as u64);
    if file.is_image() {
        view! {
            <a class="msg-file msg-image" href=href.clone() target="_blank" rel="noopener">
                <img class="msg-thumb" src=href.clone() alt=file.name.clone() loading="lazy" />
            </a>
        }
        .into_any()
    } else {
        view! {
            <a class="msg-file" href=href download=file.name.clone()>
                <super::icons::Icon name="file" />{file.name.clone()}
                <span class="msg-file-size">" (" {size} ")"</span>
            </a>
        }
        .into_any()
    }
}
