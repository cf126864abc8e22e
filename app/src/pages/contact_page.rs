use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::unverified::Unverified;

use super::contact_form::{ContactFields, ContactValues};
use super::tickets_page::TicketTable;
use crate::components::field_error::general_error;
use crate::components::local_time::LocalDateTime;
use crate::components::page_load::LoadError;
use crate::error::AppError;
use crate::models::contact::{ContactDetail, ContactId};
use crate::models::ticket::TicketListing;
use crate::server_fns::contacts::{get_contact, UpdateContact};

/// A contact: details (editable), their tickets and their chat sessions.
/// An island of its own, loaded with the screen (`lazy`: not part of the first download).
#[island(lazy)]
pub fn ContactPage(id: Option<i64>) -> impl IntoView {
    crate::components::hydration::island_hydrated();
    let raw_id = move || id;
    let id = move || raw_id().map(ContactId);
    let update = ServerAction::<UpdateContact>::new();
    let contact = Resource::new_blocking(
        move || (id(), update.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_contact(id).await,
                None => Err(AppError::not_found("No such contact.")),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p>"Loading the contact…"</p> }>
            {move || Suspend::new(async move {
                match contact.await {
                    Ok(c) => view! { <ContactView c update /> }.into_any(),
                    Err(e) => view! { <LoadError title="Contact" error=e back_href="/contacts" back_label="Back to Contacts" /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ContactView(c: ContactDetail, update: ServerAction<UpdateContact>) -> impl IntoView {
    let result = update.value();
    let saved = move || matches!(result.get(), Some(Ok(()))).then_some("Saved.");
    let values = ContactValues {
        name: c.name.clone(),
        email: c.email.clone().unwrap_or_default(),
        phone: c.phone.clone().unwrap_or_default(),
        company: c.company.clone().unwrap_or_default(),
        notes: c.notes.clone().unwrap_or_default(),
    };
    let tickets = TicketListing {
        total: c.tickets.len() as u64,
        rows: c.tickets.clone(),
        page: 0,
        has_more: false,
    };
    view! {
        <Title text=c.name.clone() />
        <section class="page" aria-labelledby="page-title">
            <p class="crumbs"><a href="/contacts">"Contacts"</a></p>
            <h1 id="page-title">{c.name.clone()}</h1>
            <p class="hint">
                {c.email.clone().unwrap_or_else(|| "No email".into())}
                {c.company.clone().map(|co| format!(" · {co}"))}
                " · contact since " <LocalDateTime ms=c.created_at />
            </p>
            <h2>"Tickets"</h2>
            <TicketTable listing=tickets base=format!("/contacts/{}", c.id.0) />
            <h2>"Chats"</h2>
            {(!c.chats.is_empty()).then(|| view! {
                <p class="hint">
                    "Chats where a visitor gave this email. Visitors can type any email: "
                    "check who you are talking to before sharing this contact's details."
                </p>
            })}
            {if c.chats.is_empty() {
                view! { <p class="empty">"No chats."</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <thead><tr>
                            <th scope="col">"Started"</th>
                            <th scope="col">"First message"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Email"</th>
                        </tr></thead>
                        <tbody>
                            {c.chats.clone().into_iter().map(|s| view! {
                                <tr>
                                    <td><a href=format!("/chat/sessions/{}", s.id.0)><LocalDateTime ms=s.created_at /></a></td>
                                    <td>{s.preview}</td>
                                    <td><span class=format!("pill pill-{}", s.status.as_str())>{s.status.label()}</span></td>
                                    <td><Unverified /></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <h2>"Edit contact"</h2>
            <ActionForm action=update attr:class="form narrow">
                <input type="hidden" name="id" value=c.id.0 />
                <ContactFields values result=result.into() />
                <p role="alert" class="form-error">{general_error(result.into())}</p>
                <p role="status" class="form-ok">{saved}</p>
                <button type="submit" class="button button-primary">"Save contact"</button>
            </ActionForm>
        </section>
    }
}
