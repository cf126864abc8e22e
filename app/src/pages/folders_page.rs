use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::field_error::{field_error, general_error};
use crate::live::use_live;
use crate::models::channel::FolderInfo;
use crate::pages::shell_layout::MeResource;
use crate::server_fns::folders::{
    list_folders, CreateFolder, DeleteFolder, RenameFolder, ReorderFolder,
};

/// Chat → Folders: admins create, rename, reorder and delete; agents see the list.
/// An island of its own, loaded with the screen (`lazy`: not part of the first download).
#[island(lazy)]
pub fn FoldersPage() -> impl IntoView {
    crate::components::hydration::island_hydrated();
    // Islands hydrate on their own: the page asks for the signed-in agent itself.
    provide_context(crate::pages::shell_layout::me_resource());
    let me = expect_context::<MeResource>();
    let live = use_live();
    let create = ServerAction::<CreateFolder>::new();
    let rename = ServerAction::<RenameFolder>::new();
    let reorder = ServerAction::<ReorderFolder>::new();
    let delete = ServerAction::<DeleteFolder>::new();
    let folders = Resource::new(
        move || {
            (
                create.version().get(),
                rename.version().get(),
                reorder.version().get(),
                delete.version().get(),
                live.channels_version.get(),
            )
        },
        |_| list_folders(),
    );
    let result = create.value();
    let new_name = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = result.get() {
            new_name.set(String::new());
        }
    });
    let action_error = move || {
        [
            rename.value().get().and_then(|r| r.err()),
            reorder.value().get().and_then(|r| r.err()),
            delete.value().get().and_then(|r| r.err()),
        ]
        .into_iter()
        .flatten()
        .next()
        .map(|e| e.message().to_string())
    };
    view! {
        <Title text="Folders" />
        <section class="page narrow" aria-labelledby="page-title">
            <h1 id="page-title">"Folders"</h1>
            <p class="hint">"Folders group channels on Chat → Channels, in this order. Deleting a folder keeps its channels (they move to No folder)."</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let admin = me.await.map(|m| m.is_admin()).unwrap_or(false);
                    admin.then(|| view! {
                        <form class="form form-inline" on:submit=move |ev| {
                            ev.prevent_default();
                            create.dispatch(CreateFolder { name: new_name.get_untracked() });
                        }>
                            <div class="field">
                                <label for="folder-new">"Folder name"</label>
                                <input id="folder-new" required maxlength="61" placeholder="Engineering"
                                    prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev)) />
                                <span class="field-error">{field_error(result.into(), "name")}</span>
                            </div>
                            <button type="submit" class="button button-primary">"New Folder"</button>
                        </form>
                        <p role="alert" class="form-error">{general_error(result.into())}</p>
                    })
                })}
            </Suspense>
            <p role="alert" class="form-error">{action_error}</p>
            <Transition fallback=|| view! { <p>"Loading folders…"</p> }>
                {move || Suspend::new(async move {
                    let admin = me.await.map(|m| m.is_admin()).unwrap_or(false);
                    match folders.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">"No folders yet."</p> }.into_any(),
                        Ok(list) => {
                            let count = list.len();
                            view! {
                                <ol class="folder-list">
                                    {list.into_iter().enumerate().map(|(i, f)| view! {
                                        <FolderRow f first=i == 0 last=i + 1 == count admin rename reorder delete />
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }
                        Err(e) => view! { <p role="alert" class="form-error">{e.message().to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    (!me.await.map(|m| m.is_admin()).unwrap_or(false))
                        .then(|| view! { <p class="hint">"Only admins can add, rename, reorder or delete folders."</p> })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn FolderRow(
    f: FolderInfo,
    first: bool,
    last: bool,
    admin: bool,
    rename: ServerAction<RenameFolder>,
    reorder: ServerAction<ReorderFolder>,
    delete: ServerAction<DeleteFolder>,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let name = RwSignal::new(f.name.clone());
    let id = f.id;
    let label = f.name.clone();
    let channels = match f.channel_count {
        1 => "1 channel".to_string(),
        n => format!("{n} channels"),
    };
    view! {
        <li class="folder-row">
            <Show when=move || editing.get() fallback={
                let label = label.clone();
                move || view! { <span class="folder-name">{label.clone()}</span> }
            }>
                <form class="inline-form" on:submit=move |ev| {
                    ev.prevent_default();
                    rename.dispatch(RenameFolder { id, name: name.get_untracked() });
                    editing.set(false);
                }>
                    <input aria-label="Folder name" required maxlength="61"
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                    <button type="submit" class="button button-primary">"Save"</button>
                </form>
            </Show>
            <span class="hint">{channels}</span>
            {admin.then(|| {
                let n = f.name.clone();
                view! {
                    <span class="row-actions">
                        <button type="button" class="button button-quiet" aria-label=format!("Rename {n}")
                            on:click=move |_| editing.update(|e| *e = !*e)>"Rename"</button>
                        <button type="button" class="button button-quiet" aria-label=format!("Move {n} up") disabled=first
                            on:click=move |_| { reorder.dispatch(ReorderFolder { id, direction: -1 }); }>"↑"</button>
                        <button type="button" class="button button-quiet" aria-label=format!("Move {n} down") disabled=last
                            on:click=move |_| { reorder.dispatch(ReorderFolder { id, direction: 1 }); }>"↓"</button>
                        <Show when=move || confirming.get() fallback={
                            let n = n.clone();
                            move || view! {
                                <button type="button" class="button button-quiet" aria-label=format!("Delete {n}")
                                    on:click=move |_| confirming.set(true)>"Delete"</button>
                            }
                        }>
                            <button type="button" class="button button-danger"
                                on:click=move |_| { delete.dispatch(DeleteFolder { id }); }>"Confirm delete"</button>
                        </Show>
                    </span>
                }
            })}
        </li>
    }
}
