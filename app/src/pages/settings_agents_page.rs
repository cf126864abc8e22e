use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::models::agent::{AgentId, AgentSummary};
use crate::pages::shell_layout::MeResource;
use crate::server_fns::agents::{list_agents, CreateAgent, SetAgentActive, SetAgentMaxChats};

/// Settings → Agents: every agent; admins create and deactivate them.
#[component]
pub fn SettingsAgentsPage() -> impl IntoView {
    let me = expect_context::<MeResource>();
    let create = ServerAction::<CreateAgent>::new();
    let toggle = ServerAction::<SetAgentActive>::new();
    let limit = ServerAction::<SetAgentMaxChats>::new();
    let agents = Resource::new(
        move || {
            (
                create.version().get(),
                toggle.version().get(),
                limit.version().get(),
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
                        Ok(list) => view! { <AgentTable list is_admin my_id toggle limit /> }.into_any(),
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
) -> impl IntoView {
    view! {
        <table class="table">
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
                        view! {
                            <tr class:inactive=!active>
                                <td>{a.name}</td>
                                <td>{a.email}</td>
                                <td>{a.role.label()}</td>
                                <td>{if active { "Active" } else { "Deactivated" }}</td>
                                <td>{view! { <LimitCell id name own=a.max_chats is_admin limit /> }}</td>
                                {is_admin.then(|| view! {
                                    <td>
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
                                    </td>
                                })}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
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
