use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::field_error::{
    field_error as action_field_error, general_error as action_general_error,
};
use crate::error::AppError;
use crate::models::agent::{AgentId, AgentSummary, Role};
use crate::pages::shell_layout::MeResource;
use crate::server_fns::agents::{
    list_agents, CreateAgent, ResetAgentPassword, SetAgentActive, SetAgentMaxChats, UnlockAgent,
    UpdateAgent,
};

/// Settings → Agents: every agent; admins create, edit (name, role, a new password, unlock
/// a throttled sign-in) and deactivate them.
/// An island of its own, loaded with the screen (`lazy`: not part of the first download).
#[island(lazy)]
pub fn SettingsAgentsPage() -> impl IntoView {
    crate::components::hydration::island_hydrated();
    // Islands hydrate on their own: the page asks for the signed-in agent itself.
    provide_context(crate::pages::shell_layout::me_resource());
    let me = expect_context::<MeResource>();
    let create = ServerAction::<CreateAgent>::new();
    let toggle = ServerAction::<SetAgentActive>::new();
    let limit = ServerAction::<SetAgentMaxChats>::new();
    let edit = EditActions {
        update: ServerAction::<UpdateAgent>::new(),
        reset: ServerAction::<ResetAgentPassword>::new(),
        unlock: ServerAction::<UnlockAgent>::new(),
        editing: RwSignal::new(None),
        done: RwSignal::new(None),
    };
    // What the last edit did, in words (here: the editor is rebuilt when the list reloads).
    Effect::new(move |_| {
        if let Some(Ok(s)) = edit.update.value().get() {
            edit.done
                .set(Some(format!("Saved: {}, {}.", s.name, s.role.label())));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(n)) = edit.reset.value().get() {
            edit.done
                .set(Some(format!("New password set. Sessions ended: {n}.")));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(s)) = edit.unlock.value().get() {
            edit.done
                .set(Some(format!("{} can sign in again.", s.name)));
        }
    });
    // Another agent's editor starts without the last one's news.
    Effect::new(move |_| {
        edit.editing.track();
        edit.done.set(None);
    });
    let agents = Resource::new(
        move || {
            (
                create.version().get(),
                toggle.version().get(),
                limit.version().get(),
                edit.update.version().get(),
                edit.unlock.version().get(),
                edit.reset.version().get(),
            )
        },
        |_| list_agents(),
    );

    view! {
        <Title text="Agents" />
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Settings · Agents"</h1>
            <Transition fallback=|| view! { <p>"Loading agents…"</p> }>
                {move || Suspend::new(async move {
                    let me = me.await.ok();
                    let is_admin = me.as_ref().is_some_and(|m| m.is_admin());
                    let my_id = me.map(|m| m.id);
                    match agents.await {
                        Ok(list) => view! { <AgentTable list is_admin my_id toggle limit edit /> }.into_any(),
                        Err(e) => view! { <p role="alert" class="form-error">{e.message().to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            <p role="alert" class="form-error">
                {move || match (toggle.value().get(), limit.value().get()) {
                    (Some(Err(e)), _) | (_, Some(Err(e))) => Some(e.message().to_string()),
                    _ => None,
                }}
            </p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let is_admin = me.await.map(|m| m.is_admin()).unwrap_or(false);
                    if is_admin {
                        view! { <CreateAgentForm create /> }.into_any()
                    } else {
                        view! { <p class="hint">"Only admins can add or deactivate agents."</p> }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AgentTable(
    list: Vec<AgentSummary>,
    is_admin: bool,
    my_id: Option<AgentId>,
    toggle: ServerAction<SetAgentActive>,
    limit: ServerAction<SetAgentMaxChats>,
    edit: EditActions,
) -> impl IntoView {
    let columns = if is_admin { 6 } else { 5 };
    view! {
        <table class="table agents-table">
            <caption class="visually-hidden">"Agents"</caption>
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Email"</th>
                    <th scope="col">"Role"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Max chats"</th>
                    {is_admin.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                </tr>
            </thead>
            <tbody>
                {list
                    .into_iter()
                    .map(|a| {
                        let id = a.id;
                        let active = a.active;
                        let label = if active { "Deactivate" } else { "Reactivate" };
                        let aria = format!("{label} {}", a.name);
                        let name = a.name.clone();
                        let locked = a.locked;
                        let editor = a.clone();
                        let open = move || edit.editing.get() == Some(id);
                        let edit_label = format!("Edit {}", a.name);
                        view! {
                            <tr class:inactive=!active>
                                <td class="cell-clip" title=a.name.clone()>{a.name.clone()}</td>
                                <td class="cell-clip" title=a.email.clone()>{a.email.clone()}</td>
                                <td>{a.role.label()}</td>
                                <td>
                                    {if active { "Active" } else { "Deactivated" }}
                                    {locked.then(|| view! { " " <span class="pill pill-bad">"Locked"</span> })}
                                </td>
                                <td>{view! { <LimitCell id name own=a.max_chats is_admin limit /> }}</td>
                                {is_admin.then(|| view! {
                                    <td><div class="agent-actions">
                                        <button type="button" class="button button-quiet" aria-label=edit_label
                                            aria-expanded=move || open().to_string()
                                            on:click=move |_| edit.editing.update(|e| *e = if *e == Some(id) { None } else { Some(id) })>
                                            "Edit"
                                        </button>
                                        {if my_id == Some(id) {
                                            view! { <span class="hint">"You"</span> }.into_any()
                                        } else {
                                        view! {
                                        <button
                                            type="button"
                                            class="button button-quiet"
                                            aria-label=aria
                                            on:click=move |_| {
                                                toggle.dispatch(SetAgentActive { id, active: !active });
                                            }
                                        >
                                            {label}
                                        </button>
                                        }.into_any()
                                        }}
                                    </div></td>
                                })}
                            </tr>
                            <Show when=open>
                                <tr class="agent-editor-row">
                                    <td colspan=columns>
                                        <AgentEditor a=editor.clone() is_me=my_id == Some(id) edit />
                                    </td>
                                </tr>
                            </Show>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// The actions of Settings → Agents → Edit, and which agent's editor is open.
#[derive(Clone, Copy)]
struct EditActions {
    update: ServerAction<UpdateAgent>,
    reset: ServerAction<ResetAgentPassword>,
    unlock: ServerAction<UnlockAgent>,
    editing: RwSignal<Option<AgentId>>,
    /// What the last edit did.
    done: RwSignal<Option<String>>,
}

/// One agent's editor: name and role; a new password (ends their sessions); Unlock when
/// the sign-in throttle holds the account.
#[component]
fn AgentEditor(a: AgentSummary, is_me: bool, edit: EditActions) -> impl IntoView {
    let EditActions {
        update,
        reset,
        unlock,
        editing,
        done,
    } = edit;
    let id = a.id;
    let key = id.0;
    let name_id = format!("edit-name-{key}");
    let role_id = format!("edit-role-{key}");
    let password_id = format!("edit-password-{key}");
    let role = a.role;
    let option =
        move |r: Role| view! { <option value=r.as_str() selected=role == r>{r.label()}</option> };
    let password_form = NodeRef::<html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = reset.value().get() {
            if let Some(form) = password_form.get() {
                form.reset();
            }
        }
    });
    let name_label_for = name_id.clone();
    let role_label_for = role_id.clone();
    let password_label_for = password_id.clone();
    let group_label = format!("Edit {}", a.name);
    view! {
        <div class="agent-editor" role="group" aria-label=group_label>
            <ActionForm action=update attr:class="form form-inline">
                <input type="hidden" name="id" value=key />
                <div class="field">
                    <label for=name_label_for>"Display name"</label>
                    <input id=name_id name="name" required maxlength="100" autocomplete="off" value=a.name.clone() />
                    <span class="field-error">{action_field_error(update.value().into(), "name")}</span>
                </div>
                <div class="field">
                    <label for=role_label_for>"Role"</label>
                    <select id=role_id name="role" disabled=is_me>
                        {option(Role::Agent)}
                        {option(Role::Admin)}
                    </select>
                    {is_me.then(|| view! { <input type="hidden" name="role" value=role.as_str() /> })}
                    <span class="field-error">{action_field_error(update.value().into(), "role")}</span>
                </div>
                <button type="submit" class="button button-primary" disabled=move || update.pending().get()>"Save changes"</button>
            </ActionForm>
            {(!is_me).then(|| view! {
                <ActionForm action=reset node_ref=password_form attr:class="form form-inline">
                    <input type="hidden" name="id" value=key />
                    <div class="field">
                        <label for=password_label_for>"New password"</label>
                        <input id=password_id name="password" type="password" required minlength="8" maxlength="256"
                            autocomplete="new-password" />
                        <span class="field-error">{action_field_error(reset.value().into(), "password")}</span>
                    </div>
                    <button type="submit" class="button" disabled=move || reset.pending().get()>"Set password"</button>
                </ActionForm>
                <p class="hint">"Setting a password signs them out everywhere; tell them the new one yourself."</p>
            })}
            {a.locked.then(|| view! {
                <ActionForm action=unlock attr:class="form form-inline">
                    <input type="hidden" name="id" value=key />
                    <p class="hint">"Sign-in is paused after too many wrong passwords."</p>
                    <button type="submit" class="button" disabled=move || unlock.pending().get()>"Unlock sign-in"</button>
                </ActionForm>
            })}
            <p class="form-error" aria-live="polite">
                {move || action_general_error(update.value().into())()
                    .or_else(|| action_general_error(reset.value().into())())
                    .or_else(|| action_general_error(unlock.value().into())())}
            </p>
            <p class="form-ok" aria-live="polite">{move || done.get()}</p>
            <button type="button" class="button button-quiet" on:click=move |_| editing.set(None)>"Done"</button>
        </div>
    }
}

/// An agent's own limit of active chats: blank follows Settings → Live chat.
#[component]
fn LimitCell(
    id: AgentId,
    name: String,
    own: Option<u32>,
    is_admin: bool,
    limit: ServerAction<SetAgentMaxChats>,
) -> impl IntoView {
    let shown = own.map_or_else(|| "Default".to_string(), |n| n.to_string());
    if !is_admin {
        return view! { <span>{shown}</span> }.into_any();
    }
    let label = format!("Max chats for {name}");
    let value = own.map(|n| n.to_string()).unwrap_or_default();
    view! {
        <ActionForm action=limit attr:class="limit-form">
            <input type="hidden" name="id" value=id.0 />
            <input name="max_chats" type="number" inputmode="numeric" min="1" max="50"
                placeholder="Default" aria-label=label value=value />
            <button type="submit" class="button button-quiet" aria-label=format!("Set max chats for {name}")>"Set"</button>
        </ActionForm>
    }
    .into_any()
}

#[component]
fn CreateAgentForm(create: ServerAction<CreateAgent>) -> impl IntoView {
    let form_ref = NodeRef::<html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            if let Some(form) = form_ref.get() {
                form.reset();
            }
        }
    });
    let field_error = move |field: &'static str| {
        move || match create.value().get() {
            Some(Err(AppError::Validation { field: f, message })) if f == field => Some(message),
            _ => None,
        }
    };
    let general_error = move || match create.value().get() {
        Some(Err(e)) if e.field().is_none() => Some(e.message().to_string()),
        _ => None,
    };
    let created = move || match create.value().get() {
        Some(Ok(a)) => Some(format!("{} can now sign in.", a.name)),
        _ => None,
    };

    view! {
        <h2>"Add an agent"</h2>
        <ActionForm action=create node_ref=form_ref attr:class="form form-inline">
            <div class="field">
                <label for="agent-name">"Name"</label>
                <input id="agent-name" name="name" required maxlength="100" autocomplete="off" />
                <span class="field-error">{field_error("name")}</span>
            </div>
            <div class="field">
                <label for="agent-email">"Email"</label>
                <input id="agent-email" name="email" type="email" required maxlength="254" autocomplete="off" />
                <span class="field-error">{field_error("email")}</span>
            </div>
            <div class="field">
                <label for="agent-password">"Password"</label>
                <input id="agent-password" name="password" type="password" required minlength="8" maxlength="256" autocomplete="new-password" />
                <span class="field-error">{field_error("password")}</span>
            </div>
            <div class="field field-check">
                <input id="agent-admin" name="admin" type="checkbox" value="on" />
                <label for="agent-admin">"Admin"</label>
            </div>
            <button type="submit" class="button button-primary" disabled=move || create.pending().get()>
                "Create agent"
            </button>
        </ActionForm>
        <p role="alert" class="form-error">{general_error}</p>
        <p role="status" class="form-ok">{created}</p>
    }
}
