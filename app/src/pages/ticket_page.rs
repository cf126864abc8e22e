use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::unverified::Unverified;

use crate::components::field_error::general_error;
use crate::components::local_time::LocalDateTime;
use crate::components::page_load::LoadError;
use crate::error::AppError;
use crate::models::agent::AgentSummary;
use crate::models::ticket::{Priority, TicketDetail, TicketId, TicketStatus};
use crate::server_fns::agents::list_agents;
use crate::server_fns::tickets::{get_ticket, UpdateTicket};

/// One ticket: description (plain text), requester, chat link, status/priority/assignee.
/// An island of its own, loaded with the screen (`lazy`: not part of the first download).
#[island(lazy)]
pub fn TicketPage(id: Option<i64>) -> impl IntoView {
    crate::components::hydration::island_hydrated();
    let raw_id = move || id;
    let id = move || raw_id().map(TicketId);
    let update = ServerAction::<UpdateTicket>::new();
    // Made here, in the island's own body: a resource made inside content that waited for
    // another one would not reach the browser with the page (islands hydrate only what
    // their body started).
    let agents = Resource::new(|| (), |_| list_agents());
    let ticket = Resource::new_blocking(
        move || (id(), update.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_ticket(id).await,
                None => Err(AppError::not_found("No such ticket.")),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p>"Loading the ticket…"</p> }>
            {move || Suspend::new(async move {
                match ticket.await {
                    Ok(t) => view! { <TicketView t update agents /> }.into_any(),
                    Err(e) => view! { <LoadError title="Ticket" error=e back_href="/tickets" back_label="Back to Tickets" /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TicketView(
    t: TicketDetail,
    update: ServerAction<UpdateTicket>,
    agents: Resource<Result<Vec<AgentSummary>, AppError>>,
) -> impl IntoView {
    let error = general_error(update.value().into());
    let saved = move || matches!(update.value().get(), Some(Ok(()))).then_some("Saved.");
    let assignee = t.assignee_id.map(|a| a.0.to_string()).unwrap_or_default();
    let title = format!("#{} {}", t.number, t.subject);
    view! {
        <Title text=title.clone() />
        <section class="page ticket-page" aria-labelledby="page-title">
            <p class="crumbs"><a href="/tickets">"Tickets"</a></p>
            <h1 id="page-title">{title}</h1>
            <div class="ticket-body">
                <div>
                    <dl class="meta">
                        <dt>"Requester"</dt>
                        <dd>
                            {match t.contact_id {
                                Some(c) => view! { <a href=format!("/contacts/{}", c.0)>{t.requester_name.clone()}</a> }.into_any(),
                                None => view! { <span>{t.requester_name.clone()}</span> }.into_any(),
                            }}
                            {t.requester_email.clone().map(|e| view! { <span class="hint">{format!(" <{e}>")}</span> })}
                            {t.requester_email_unverified.then(|| view! { " " <Unverified /> })}
                        </dd>
                        <dt>"Created"</dt>
                        <dd>
                            <LocalDateTime ms=t.created_at />
                            {t.created_by_name.clone().map(|n| format!(" by {n}"))}
                        </dd>
                        {t.channel.clone().map(|c| view! {
                            <dt>"Source"</dt>
                            <dd>{c}</dd>
                        })}
                        {t.chat_session_id.map(|c| view! {
                            <dt>"Chat"</dt>
                            <dd><a href=format!("/chat/sessions/{}", c.0)>"View chat session"</a></dd>
                        })}
                        {t.source_channel.clone().map(|c| view! {
                            <dt>"Channel"</dt>
                            <dd><a href=format!("/chat/channels/{}#m{}", c.id.0, c.seq)>{format!("#{}", c.name)}</a></dd>
                        })}
                    </dl>
                    <h2>"Description"</h2>
                    <pre class="description">{t.description.clone()}</pre>
                    {(!t.files.is_empty()).then(|| view! {
                        <h2>"Files from the chat"</h2>
                        <ul class="file-list">
                            {t.files.iter().map(|f| view! {
                                <li>
                                    <a href=format!("/files/{}", f.id) rel="external" download=(!f.is_image()).then(|| f.name.clone())>{f.name.clone()}</a>
                                    " "<span class="hint">{crate::domain::file_upload::size_label(f.size.max(0) as u64)}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                </div>
                <aside class="details">
                    <ActionForm action=update attr:class="form">
                        <input type="hidden" name="id" value=t.id.0 />
                        <div class="field">
                            <label for="t-status">"Status"</label>
                            <select id="t-status" name="status">
                                {TicketStatus::ALL.into_iter().map(|s| view! {
                                    <option value=s.as_str() selected=s == t.status>{s.label()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="t-priority">"Priority"</label>
                            <select id="t-priority" name="priority">
                                {Priority::ALL.into_iter().map(|p| view! {
                                    <option value=p.as_str() selected=p == t.priority>{p.label()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="t-assignee">"Assignee"</label>
                            <select id="t-assignee" name="assignee">
                                <option value="" selected=assignee.is_empty()>"Unassigned"</option>
                                <Suspense fallback=|| ()>
                                    {
                                        let assignee = assignee.clone();
                                        move || {
                                            let assignee = assignee.clone();
                                            Suspend::new(async move {
                                                agents.await.unwrap_or_default().into_iter().filter(|a| a.active).map(|a| {
                                                    let id = a.id.0.to_string();
                                                    let selected = id == assignee;
                                                    view! { <option value=id selected=selected>{a.name}</option> }
                                                }).collect_view()
                                            })
                                        }
                                    }
                                </Suspense>
                            </select>
                        </div>
                        <button type="submit" class="button button-primary">"Save"</button>
                        <p role="alert" class="form-error">{error}</p>
                        <p role="status" class="form-ok">{saved}</p>
                    </ActionForm>
                </aside>
            </div>
        </section>
    }
}
