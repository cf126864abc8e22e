//! The session page's Transfer button: hand the chat to another agent (Available ones
//! first; anyone else with a warning), with a note for them, or put it back in the queue.
use leptos::prelude::*;

use crate::components::field_error::{field_error, general_error};
use crate::models::chat::{ChatSessionId, TransferTarget};
use crate::server_fns::chat::{list_transfer_targets, RequeueChat, TransferChat};

fn describe(t: &TransferTarget) -> String {
    let state = match (t.online, t.status.label()) {
        (false, _) => "Offline".to_string(),
        (true, label) => label.to_string(),
    };
    let chats = match t.active_chats {
        0 => "no active chats".to_string(),
        1 => "1 active chat".to_string(),
        n => format!("{n} active chats"),
    };
    if t.full() {
        format!("{state} · {chats}, at their limit")
    } else {
        format!("{state} · {chats}")
    }
}

#[component]
pub fn TransferButton(id: ChatSessionId, refresh: RwSignal<u64>) -> impl IntoView {
    let open = RwSignal::new(false);
    let transfer = ServerAction::<TransferChat>::new();
    let requeue = ServerAction::<RequeueChat>::new();
    for done in [transfer.value(), requeue.value()] {
        Effect::new(move |_| {
            if let Some(Ok(())) = done.get() {
                open.set(false);
                refresh.update(|v| *v += 1);
            }
        });
    }
    view! {
        <button type="button" class="button button-quiet" aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)>
            "Transfer"
        </button>
        <Show when=move || open.get()>
            <TransferDialog id open transfer requeue />
        </Show>
    }
}

#[component]
fn TransferDialog(
    id: ChatSessionId,
    open: RwSignal<bool>,
    transfer: ServerAction<TransferChat>,
    requeue: ServerAction<RequeueChat>,
) -> impl IntoView {
    let targets = LocalResource::new(move || list_transfer_targets(id));
    let chosen = RwSignal::new(None::<TransferTarget>);
    let result = transfer.value();
    let warning = move || {
        chosen.get().filter(|t| !t.ready()).map(|t| {
            if t.online && t.status == crate::models::chat::AgentStatus::Available {
                return format!(
                    "{} is at their limit of {} chats: the transfer goes over it.",
                    t.name, t.capacity
                );
            }
            format!(
                "{} is {}: they may not see the chat soon.",
                t.name,
                if t.online {
                    t.status.label()
                } else {
                    "offline"
                }
            )
        })
    };
    view! {
        <div class="popover" role="dialog" aria-label="Transfer chat">
            <ActionForm action=transfer attr:class="form">
                <input type="hidden" name="id" value=id.0 />
                <fieldset class="field">
                    <legend>"Transfer to"</legend>
                    <Suspense fallback=|| view! { <p>"Loading agents…"</p> }>
                        {move || Suspend::new(async move {
                            match targets.await {
                                Ok(list) if list.is_empty() => view! { <p class="hint">"No other agents."</p> }.into_any(),
                                Ok(list) => list.into_iter().map(|t| {
                                    let input_id = format!("transfer-to-{}", t.id.0);
                                    let label = t.name.clone();
                                    let detail = describe(&t);
                                    let ready = t.ready();
                                    let pick = t.clone();
                                    view! {
                                        <div class="radio-row" class:not-ready=!ready>
                                            <input type="radio" name="to" id=input_id.clone() value=t.id.0 required
                                                on:change=move |_| chosen.set(Some(pick.clone())) />
                                            <label for=input_id>
                                                <span class="cell-clip">{label}</span>
                                                <span class="hint">{format!(" · {detail}")}</span>
                                            </label>
                                        </div>
                                    }
                                }).collect_view().into_any(),
                                Err(e) => view! { <p role="alert" class="form-error">{e.message().to_string()}</p> }.into_any(),
                            }
                        })}
                    </Suspense>
                    <span class="field-error">{field_error(result.into(), "to")}</span>
                </fieldset>
                <p class="warning" role="status">{warning}</p>
                <div class="field">
                    <label for="transfer-note">"Note for them (optional, agents only)"</label>
                    <textarea id="transfer-note" name="note" rows="2" maxlength="4000"></textarea>
                    <span class="field-error">{field_error(result.into(), "note")}</span>
                </div>
                <p role="alert" class="form-error">{general_error(result.into())}</p>
                <div class="form-actions">
                    <button type="submit" class="button button-primary" disabled=move || transfer.pending().get()>"Transfer"</button>
                    <button type="button" class="button button-quiet" on:click=move |_| open.set(false)>"Cancel"</button>
                </div>
            </ActionForm>
            <ActionForm action=requeue attr:class="form requeue-form">
                <input type="hidden" name="id" value=id.0 />
                <button type="submit" class="button button-quiet" disabled=move || requeue.pending().get()>"Back to queue"</button>
                <span class="hint">" Anyone available can accept it again."</span>
                <p role="alert" class="form-error">{general_error(requeue.value().into())}</p>
            </ActionForm>
        </div>
    }
}
