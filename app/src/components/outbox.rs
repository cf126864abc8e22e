//! Messages on their way: shown as "Sending…" until the server acknowledges them (then the
//! live transcript has them), or "Not sent" with Retry. A retry re-sends the same client
//! id, so the server stores a message once however often it is sent. A message whose stored
//! copy reaches the transcript first (the live copy can beat the answer, and arrives even
//! when the answer is lost) leaves the outbox at once: it is shown once, as sent.
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;

use super::browser::new_client_id;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub client_id: String,
    pub text: String,
    pub failed: Option<String>,
}

/// The sender is shareable across threads (the server renders on several); the futures it
/// makes need not be (they run in the browser).
type SendFn =
    Arc<dyn Fn(String, String) -> Pin<Box<dyn Future<Output = Result<(), String>>>> + Send + Sync>;

#[derive(Clone, Copy)]
pub struct Outbox {
    items: RwSignal<Vec<Pending>>,
    send: StoredValue<SendFn>,
}

impl Outbox {
    /// `send(client_id, text)` delivers one message and adds the acknowledged message to
    /// the transcript; `Err` carries the reason to show.
    pub fn new<F>(send: impl Fn(String, String) -> F + Send + Sync + 'static) -> Self
    where
        F: Future<Output = Result<(), String>> + 'static,
    {
        let send: SendFn = Arc::new(move |id, text| Box::pin(send(id, text)));
        Self {
            items: RwSignal::new(Vec::new()),
            send: StoredValue::new(send),
        }
    }

    /// Sends a new message.
    pub fn submit(self, text: String) {
        self.deliver(Pending {
            client_id: new_client_id(),
            text,
            failed: None,
        });
    }

    /// The transcript now holds messages with these client ids: they are sent, whatever
    /// their own answer says or will say.
    pub fn settle<'a>(self, stored: impl IntoIterator<Item = &'a str>) {
        if self.items.with_untracked(Vec::is_empty) {
            return;
        }
        let stored: Vec<&str> = stored.into_iter().collect();
        let settled = |p: &Pending| stored.contains(&p.client_id.as_str());
        if self.items.with_untracked(|list| list.iter().any(settled)) {
            self.items.update(|list| list.retain(|p| !settled(p)));
        }
    }

    fn deliver(self, pending: Pending) {
        self.items.update(|list| {
            match list.iter_mut().find(|p| p.client_id == pending.client_id) {
                Some(p) => p.failed = None,
                None => list.push(pending.clone()),
            }
        });
        let send = self.send.get_value();
        leptos::task::spawn_local(async move {
            let result = send(pending.client_id.clone(), pending.text.clone()).await;
            self.items.update(|list| match result {
                Ok(()) => list.retain(|p| p.client_id != pending.client_id),
                Err(why) => {
                    if let Some(p) = list.iter_mut().find(|p| p.client_id == pending.client_id) {
                        p.failed = Some(why);
                    }
                }
            });
        });
    }
}

/// The outbox's messages, after the transcript.
#[component]
pub fn PendingMessages(outbox: Outbox, #[prop(into)] class: String) -> impl IntoView {
    view! {
        <For each=move || outbox.items.get() key=|p| (p.client_id.clone(), p.failed.is_some()) let:p>
            {
                let retry = p.clone();
                view! {
                    <div class=format!("{class} msg-pending")>
                        <div class="msg-bubble msg-text">{p.text.clone()}</div>
                        <div class="msg-meta">
                            {match p.failed.clone() {
                                None => view! { <span>"Sending…"</span> }.into_any(),
                                Some(why) => view! {
                                    <span class="form-error">{format!("Not sent: {why}")}</span>
                                    <button type="button" class="link-button"
                                        on:click=move |_| outbox.deliver(retry.clone())>"Retry"</button>
                                }.into_any(),
                            }}
                        </div>
                    </div>
                }
            }
        </For>
    }
}
