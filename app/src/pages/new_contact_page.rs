use leptos::prelude::*;
use leptos_meta::Title;

use super::contact_form::{ContactFields, ContactValues};
use crate::components::browser::hard_navigate;
use crate::components::field_error::general_error;
use crate::server_fns::contacts::CreateContact;

/// An island of its own, loaded with the screen (`lazy`: not part of the first download).
#[island(lazy)]
pub fn NewContactPage() -> impl IntoView {
    crate::components::hydration::island_hydrated();
    let create = ServerAction::<CreateContact>::new();
    let result = create.value();
    Effect::new(move |_| {
        if let Some(Ok(id)) = result.get() {
            hard_navigate(&format!("/contacts/{}", id.0));
        }
    });
    view! {
        <Title text="New Contact" />
        <section class="page narrow" aria-labelledby="page-title">
            <p class="crumbs"><a href="/contacts">"Contacts"</a></p>
            <h1 id="page-title">"New Contact"</h1>
            <ActionForm action=create attr:class="form">
                <ContactFields values=ContactValues::default() result=result.into() />
                <p role="alert" class="form-error">{general_error(result.into())}</p>
                <button type="submit" class="button button-primary">"Create contact"</button>
            </ActionForm>
        </section>
    }
}
