use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::field_error::{field_error, general_error};
use crate::domain::canned_response::{may_manage, PLACEHOLDERS, SHORTCUT_MAX, TEXT_MAX};
use crate::models::agent::CurrentAgent;
use crate::models::canned::{CannedResponse, CannedResponseId};
use crate::pages::shell_layout::MeResource;
use crate::server_fns::canned::{
    list_canned_responses, CreateCannedResponse, DeleteCannedResponse, UpdateCannedResponse,
};

/// Settings → Canned responses: shared ones (admins manage them) and my own, typed in a
/// chat's composer as `!shortcut`.
/// An island of its own, loaded with the screen (`lazy`: not part of the first download).
#[island(lazy)]
pub fn SettingsCannedPage() -> impl IntoView {
    crate::components::hydration::island_hydrated();
    // Islands hydrate on their own: the page asks for the signed-in agent itself.
    provide_context(crate::pages::shell_layout::me_resource());
    let me = expect_context::<MeResource>();
    let create = ServerAction::<CreateCannedResponse>::new();
    let update = ServerAction::<UpdateCannedResponse>::new();
    let delete = ServerAction::<DeleteCannedResponse>::new();
    let list = Resource::new(
        move || {
            (
                create.version().get(),
                update.version().get(),
                delete.version().get(),
            )
        },
        |_| list_canned_responses(),
    );
    let placeholders = PLACEHOLDERS.join(", ");

    view! {
        <Title text="Canned responses" />
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Settings · Canned responses"</h1>
            <p class="hint">
                "Type " <kbd>"!"</kbd> " and a shortcut in a chat's reply field to insert a response. "
                "Placeholders: " {placeholders} "."
            </p>
            <Transition fallback=|| view! { <p>"Loading responses…"</p> }>
                {move || Suspend::new(async move {
                    let me = me.await.ok();
                    match (list.await, me) {
                        (Ok(list), Some(me)) => view! { <CannedTable list me update delete /> }.into_any(),
                        (Err(e), _) => view! { <p role="alert" class="form-error">{e.message().to_string()}</p> }.into_any(),
                        (_, None) => ().into_any(),
                    }
                })}
            </Transition>
            <p role="alert" class="form-error">{general_error(delete.value().into())}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let is_admin = me.await.map(|m| m.is_admin()).unwrap_or(false);
                    view! { <AddForm create is_admin /> }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CannedTable(
    list: Vec<CannedResponse>,
    me: CurrentAgent,
    update: ServerAction<UpdateCannedResponse>,
    delete: ServerAction<DeleteCannedResponse>,
) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="empty">"No canned responses yet."</p> }.into_any();
    }
    let editing = RwSignal::new(None::<CannedResponseId>);
    let rows = list
        .into_iter()
        .map(|r| {
            let manage = may_manage(r.owner, me.id, me.is_admin());
            view! { <CannedRow r manage editing update delete /> }
        })
        .collect_view();
    view! {
        <table class="table canned-table">
            <caption class="visually-hidden">"Canned responses"</caption>
            <thead>
                <tr>
                    <th scope="col">"Shortcut"</th>
                    <th scope="col">"Text"</th>
                    <th scope="col">"For"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn CannedRow(
    r: CannedResponse,
    manage: bool,
    editing: RwSignal<Option<CannedResponseId>>,
    update: ServerAction<UpdateCannedResponse>,
    delete: ServerAction<DeleteCannedResponse>,
) -> impl IntoView {
    let id = r.id;
    let scope = if r.is_shared() {
        "All agents"
    } else {
        "Only me"
    };
    let shortcut = StoredValue::new(r.shortcut.clone());
    let text = StoredValue::new(r.text.clone());
    let is_editing = move || editing.get() == Some(id);
    let result = update.value();
    // A saved edit closes the form.
    Effect::new(move |_| {
        if let Some(Ok(saved)) = result.get() {
            if saved.id == id {
                editing.set(None);
            }
        }
    });
    view! {
        <Show
            when=is_editing
            fallback=move || view! {
                <tr>
                    <td class="cell-clip"><code>{format!("!{}", shortcut.get_value())}</code></td>
                    <td class="wrap pre-line">{text.get_value()}</td>
                    <td>{scope}</td>
                    <td class="row-actions">
                        {manage.then(|| view! {
                            <button type="button" class="button button-quiet"
                                aria-label=format!("Edit !{}", shortcut.get_value())
                                on:click=move |_| editing.set(Some(id))>"Edit"</button>
                            <ActionForm action=delete attr:class="inline-form">
                                <input type="hidden" name="id" value=id.0 />
                                <button type="submit" class="button button-quiet"
                                    aria-label=format!("Delete !{}", shortcut.get_value())>"Delete"</button>
                            </ActionForm>
                        })}
                    </td>
                </tr>
            }
        >
            <tr>
                <td colspan="4">
                    <ActionForm action=update attr:class="form form-inline">
                        <input type="hidden" name="id" value=id.0 />
                        <div class="field">
                            <label for=format!("edit-shortcut-{}", id.0)>"Shortcut"</label>
                            <input id=format!("edit-shortcut-{}", id.0) name="shortcut" required
                                maxlength=SHORTCUT_MAX + 1 value=shortcut.get_value() />
                            <span class="field-error">{field_error(result.into(), "shortcut")}</span>
                        </div>
                        <div class="field field-grow">
                            <label for=format!("edit-text-{}", id.0)>"Text"</label>
                            <textarea id=format!("edit-text-{}", id.0) name="text" required rows="3"
                                maxlength=TEXT_MAX prop:value=text.get_value()>{text.get_value()}</textarea>
                            <span class="field-error">{field_error(result.into(), "text")}</span>
                        </div>
                        <button type="submit" class="button button-primary">"Save"</button>
                        <button type="button" class="button button-quiet" on:click=move |_| editing.set(None)>"Cancel"</button>
                    </ActionForm>
                    <p role="alert" class="form-error">{general_error(result.into())}</p>
                </td>
            </tr>
        </Show>
    }
}

#[component]
fn AddForm(create: ServerAction<CreateCannedResponse>, is_admin: bool) -> impl IntoView {
    let form_ref = NodeRef::<html::Form>::new();
    let result = create.value();
    Effect::new(move |_| {
        if let Some(Ok(_)) = result.get() {
            if let Some(form) = form_ref.get() {
                form.reset();
            }
        }
    });
    let added = move || match result.get() {
        Some(Ok(r)) => Some(format!("Added !{}.", r.shortcut)),
        _ => None,
    };
    view! {
        <h2>"Add a response"</h2>
        <ActionForm action=create node_ref=form_ref attr:class="form">
            <div class="field">
                <label for="canned-shortcut">"Shortcut"</label>
                <input id="canned-shortcut" name="shortcut" required maxlength=SHORTCUT_MAX + 1
                    placeholder="refund" autocomplete="off" />
                <span class="field-error">{field_error(result.into(), "shortcut")}</span>
            </div>
            <div class="field">
                <label for="canned-text">"Text"</label>
                <textarea id="canned-text" name="text" required rows="4" maxlength=TEXT_MAX
                    placeholder="Hi {{visitor.name}}, your refund is on its way."></textarea>
                <span class="field-error">{field_error(result.into(), "text")}</span>
            </div>
            {if is_admin {
                view! {
                    <div class="field field-check">
                        <input id="canned-shared" name="shared" type="checkbox" value="on" checked />
                        <label for="canned-shared">"Shared with all agents"</label>
                    </div>
                }.into_any()
            } else {
                view! { <p class="hint">"Your responses are yours alone; admins add shared ones."</p> }.into_any()
            }}
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || create.pending().get()>
                    "Add response"
                </button>
            </div>
        </ActionForm>
        <p role="alert" class="form-error">{general_error(result.into())}</p>
        <p role="status" class="form-ok">{added}</p>
    }
}
