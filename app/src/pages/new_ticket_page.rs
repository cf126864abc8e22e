use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::browser::hard_navigate;
use crate::components::field_error::{field_error, general_error};
use crate::models::ticket::Priority;
use crate::server_fns::agents::list_agents;
use crate::server_fns::tickets::CreateTicket;

/// New Ticket, by hand.
/// An island of its own, loaded with the screen (`lazy`: not part of the first download).
#[island(lazy)]
pub fn NewTicketPage() -> impl IntoView {
    crate::components::hydration::island_hydrated();
    let create = ServerAction::<CreateTicket>::new();
    let agents = Resource::new(|| (), |_| list_agents());
    let result = create.value();
    Effect::new(move |_| {
        if let Some(Ok(t)) = result.get() {
            hard_navigate(&format!("/tickets/{}", t.id.0));
        }
    });
    let err = move |f: &'static str| field_error(result.into(), f);
    view! {
        <Title text="New Ticket" />
        <section class="page narrow" aria-labelledby="page-title">
            <p class="crumbs"><a href="/tickets">"Tickets"</a></p>
            <h1 id="page-title">"New Ticket"</h1>
            <ActionForm action=create attr:class="form">
                <div class="field">
                    <label for="nt-subject">"Subject"</label>
                    <input id="nt-subject" name="subject" required maxlength="200" />
                    <span class="field-error">{err("subject")}</span>
                </div>
                <div class="field">
                    <label for="nt-description">"Description"</label>
                    <textarea id="nt-description" name="description" rows="6"></textarea>
                    <span class="field-error">{err("description")}</span>
                </div>
                <div class="form-row">
                    <div class="field">
                        <label for="nt-requester">"Requester name"</label>
                        <input id="nt-requester" name="requester_name" required maxlength="100" />
                        <span class="field-error">{err("requester_name")}</span>
                    </div>
                    <div class="field">
                        <label for="nt-email">"Requester email"</label>
                        <input id="nt-email" name="requester_email" type="email" maxlength="254" />
                        <span class="field-error">{err("requester_email")}</span>
                    </div>
                </div>
                <div class="form-row">
                    <div class="field">
                        <label for="nt-priority">"Priority"</label>
                        <select id="nt-priority" name="priority">
                            {Priority::ALL.into_iter().map(|p| view! {
                                <option value=p.as_str() selected=p == Priority::Normal>{p.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="nt-assignee">"Assignee"</label>
                        <select id="nt-assignee" name="assignee">
                            <option value="">"Unassigned"</option>
                            <Suspense fallback=|| ()>
                                {move || Suspend::new(async move {
                                    agents.await.unwrap_or_default().into_iter().filter(|a| a.active).map(|a| view! {
                                        <option value=a.id.0.to_string()>{a.name}</option>
                                    }).collect_view()
                                })}
                            </Suspense>
                        </select>
                        <span class="field-error">{err("assignee")}</span>
                    </div>
                </div>
                <p role="alert" class="form-error">{general_error(result.into())}</p>
                <button type="submit" class="button button-primary" disabled=move || create.pending().get()>
                    "Create ticket"
                </button>
            </ActionForm>
        </section>
    }
}
