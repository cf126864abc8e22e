//! A type-ahead picker with removable chips (channel members): type part of a name, pick
//! with ↑/↓ and Enter or a click; Backspace in the empty field removes the last chip.
use leptos::prelude::*;

/// `options` and the picked `members` as (value, label).
#[component]
pub fn MemberPicker(
    id: &'static str,
    options: Vec<(String, String)>,
    members: RwSignal<Vec<(String, String)>>,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let options = StoredValue::new(options);
    let list_id = format!("{id}-options");
    let matches = Memo::new(move |_| {
        let q = query.get().trim().to_lowercase();
        if q.is_empty() {
            return Vec::new();
        }
        let picked = members.get();
        options.with_value(|all| {
            all.iter()
                .filter(|(value, label)| {
                    label.to_lowercase().contains(&q) && !picked.iter().any(|(v, _)| v == value)
                })
                .take(8)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let add = move |pick: (String, String)| {
        members.update(|m| m.push(pick));
        query.set(String::new());
        active.set(0);
    };
    let keys = move |ev: leptos::ev::KeyboardEvent| {
        let found = matches.get_untracked();
        match ev.key().as_str() {
            "ArrowDown" if !found.is_empty() => {
                ev.prevent_default();
                active.update(|a| *a = (*a + 1) % found.len());
            }
            "ArrowUp" if !found.is_empty() => {
                ev.prevent_default();
                active.update(|a| *a = (*a + found.len() - 1) % found.len());
            }
            "Enter" if !found.is_empty() => {
                ev.prevent_default();
                let i = active.get_untracked().min(found.len() - 1);
                add(found[i].clone());
            }
            "Escape" => query.set(String::new()),
            "Backspace" if query.get_untracked().is_empty() => {
                members.update(|m| {
                    m.pop();
                });
            }
            _ => {}
        }
    };
    let option_id = move |i: usize| format!("{id}-option-{i}");
    view! {
        <div class="chips">
            <For each=move || members.get() key=|(value, _)| value.clone() let:m>
                {
                    let (value, label) = m;
                    view! {
                        <span class="chip" title=label.clone()>
                            <span class="chip-label">{label.clone()}</span>
                            <button type="button" class="chip-remove" aria-label=format!("Remove {label}")
                                on:click=move |_| members.update(|list| list.retain(|(v, _)| *v != value))>
                                <span aria-hidden="true">"×"</span>
                            </button>
                        </span>
                    }
                }
            </For>
            <input id=id class="chip-input" role="combobox" autocomplete="off" aria-autocomplete="list"
                aria-controls=list_id.clone()
                aria-expanded=move || (!matches.get().is_empty()).to_string()
                aria-activedescendant=move || (!matches.get().is_empty()).then(|| option_id(active.get()))
                placeholder="Type a name"
                prop:value=move || query.get()
                on:input=move |ev| { query.set(event_target_value(&ev)); active.set(0); }
                on:keydown=keys />
        </div>
        <ul id=list_id class="picker-list" role="listbox" aria-label="Matching agents" hidden=move || matches.get().is_empty()>
            {move || matches.get().into_iter().enumerate().map(|(i, pick)| {
                let label = pick.1.clone();
                view! {
                    <li id=option_id(i) role="option" class="picker-option"
                        aria-selected=move || (active.get() == i).to_string()
                        on:mousedown=move |ev| { ev.prevent_default(); add(pick.clone()); }>
                        {label}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
