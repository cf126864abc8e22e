use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::local_time::LocalDateTime;
use crate::components::pager::Pager;
use crate::domain::navigation::encode_query_value;
use crate::models::agent::AgentSummary;
use crate::models::ticket::{TicketListing, TicketStatus};
use crate::server_fns::agents::list_agents;
use crate::server_fns::tickets::list_tickets;

/// Tickets: filters (status, assignee), search (subject, number, requester), 25 a page.
#[component]
pub fn TicketsPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.read().get(k).unwrap_or_default();
    let listing = Resource::new(
        move || {
            (
                param("status"),
                param("assignee"),
                param("q"),
                param("page"),
            )
        },
        |(status, assignee, q, page)| list_tickets(status, assignee, q, page.parse().unwrap_or(0)),
    );
    let agents = Resource::new(|| (), |_| list_agents());

    view! {
        <Title text="Tickets" />
        <section class="page" aria-labelledby="page-title">
            <div class="page-head">
                <h1 id="page-title">"Tickets"</h1>
                <a href="/tickets/new" class="button button-primary">"New Ticket"</a>
            </div>
            <form method="get" action="/tickets" class="filters" role="search">
                <div class="field">
                    <label for="ticket-q">"Search"</label>
                    <input id="ticket-q" name="q" type="search" placeholder="Subject, #number or requester"
                        value=move || param("q") />
                </div>
                <div class="field">
                    <label for="ticket-status">"Status"</label>
                    <select id="ticket-status" name="status">
                        <option value="" selected=move || param("status").is_empty()>"All"</option>
                        {TicketStatus::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=move || param("status") == s.as_str()>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="ticket-assignee">"Assignee"</label>
                    <select id="ticket-assignee" name="assignee">
                        <option value="" selected=move || param("assignee").is_empty()>"Anyone"</option>
                        <option value="none" selected=move || param("assignee") == "none">"Unassigned"</option>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                agents.await.unwrap_or_default().into_iter().map(|a: AgentSummary| {
                                    let id = a.id.0.to_string();
                                    let selected = { let id = id.clone(); move || param("assignee") == id };
                                    view! { <option value=id selected=selected>{a.name}</option> }
                                }).collect_view()
                            })}
                        </Suspense>
                    </select>
                </div>
                <button type="submit" class="button button-quiet">"Filter"</button>
            </form>
            <Transition fallback=|| view! { <p>"Loading tickets…"</p> }>
                {move || Suspend::new(async move {
                    match listing.await {
                        Ok(l) => {
                            let base = format!(
                                "/tickets?status={}&assignee={}&q={}",
                                encode_query_value(&param("status")),
                                encode_query_value(&param("assignee")),
                                encode_query_value(&param("q")),
                            );
                            view! { <TicketTable listing=l base /> }.into_any()
                        }
                        Err(e) => view! { <p role="alert" class="form-error">{e.message().to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn TicketTable(listing: TicketListing, #[prop(into)] base: String) -> impl IntoView {
    if listing.rows.is_empty() {
        return view! { <p class="empty">"No tickets match."</p> }.into_any();
    }
    let page = listing.page;
    let has_more = listing.has_more;
    view! {
        <p class="hint">{format!("{} ticket{}", listing.total, if listing.total == 1 { "" } else { "s" })}</p>
        <table class="table">
            <thead>
                <tr>
                    <th scope="col">"#"</th>
                    <th scope="col">"Subject"</th>
                    <th scope="col">"Requester"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Priority"</th>
                    <th scope="col">"Assignee"</th>
                    <th scope="col">"Updated"</th>
                </tr>
            </thead>
            <tbody>
                {listing.rows.into_iter().map(|t| view! {
                    <tr>
                        <td class="num">{format!("#{}", t.number)}</td>
                        <td><a href=format!("/tickets/{}", t.id.0)>{t.subject}</a></td>
                        <td>{t.requester_name}</td>
                        <td><span class=format!("pill pill-{}", t.status.as_str())>{t.status.label()}</span></td>
                        <td>{t.priority.label()}</td>
                        <td>{t.assignee_name.unwrap_or_else(|| "—".into())}</td>
                        <td><LocalDateTime ms=t.updated_at /></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <Pager base page has_more label="Ticket pages" />
    }
    .into_any()
}
