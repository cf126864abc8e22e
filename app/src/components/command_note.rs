use leptos::prelude::*;

use crate::models::channel::CommandOutcome;
use crate::models::contact::ContactRow;

/// The private answer to a slash command: only the person who typed it sees it.
#[component]
pub fn CommandNote(
    outcome: RwSignal<Option<CommandOutcome>>,
    /// Offered on each contact found (posts it for everyone); none in chat sessions.
    #[prop(optional)]
    on_share: Option<Callback<ContactRow>>,
) -> impl IntoView {
    move || {
        outcome.get().map(|o| {
            let contacts = o.contacts.clone();
            view! {
                <div class="command-note" role="status" aria-label="Only you can see this">
                    <p class="command-note-head">"Only you can see this"</p>
                    {o.note.clone().map(|n| view! { <p class="command-note-text">{n}</p> })}
                    {o.ticket.map(|t| view! {
                        <p><a href=format!("/tickets/{}", t.id.0)>{format!("Open ticket #{}", t.number)}</a></p>
                    })}
                    {(!contacts.is_empty()).then(|| view! {
                        <ul class="command-contacts">
                            {contacts.into_iter().map(|c| {
                                let shared = c.clone();
                                let label = format!("Share {}", c.name);
                                view! {
                                    <li>
                                        <a href=format!("/contacts/{}", c.id.0)>{c.name.clone()}</a>
                                        {c.email.clone().map(|e| format!(" · {e}"))}
                                        {c.company.clone().map(|co| format!(" · {co}"))}
                                        {on_share.map(|cb| view! {
                                            <button type="button" class="link-button" aria-label=label.clone()
                                                on:click=move |_| cb.run(shared.clone())>"Share"</button>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                    <button type="button" class="link-button" on:click=move |_| outcome.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}
