use leptos::prelude::*;

use crate::components::field_error::{field_error, ActionResult};

/// Current values for the contact form (empty for a new contact).
#[derive(Clone, Default)]
pub struct ContactValues {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub notes: String,
}

/// The fields of the contact form, shared by New Contact and the contact page.
#[component]
pub fn ContactFields<T: Clone + Send + Sync + 'static>(
    values: ContactValues,
    result: ActionResult<T>,
) -> impl IntoView {
    let err = move |f: &'static str| field_error(result, f);
    view! {
        <div class="form-row">
            <div class="field">
                <label for="c-name">"Name"</label>
                <input id="c-name" name="name" required maxlength="100" value=values.name />
                <span class="field-error">{err("name")}</span>
            </div>
            <div class="field">
                <label for="c-email">"Email"</label>
                <input id="c-email" name="email" type="email" maxlength="254" value=values.email />
                <span class="field-error">{err("email")}</span>
            </div>
        </div>
        <div class="form-row">
            <div class="field">
                <label for="c-phone">"Phone"</label>
                <input id="c-phone" name="phone" maxlength="40" value=values.phone />
                <span class="field-error">{err("phone")}</span>
            </div>
            <div class="field">
                <label for="c-company">"Company"</label>
                <input id="c-company" name="company" maxlength="100" value=values.company />
                <span class="field-error">{err("company")}</span>
            </div>
        </div>
        <div class="field">
            <label for="c-notes">"Notes"</label>
            <textarea id="c-notes" name="notes" rows="3" maxlength="5000">{values.notes}</textarea>
            <span class="field-error">{err("notes")}</span>
        </div>
    }
}
