use leptos::prelude::*;

use crate::components::hydration::page_ready;
use crate::domain::canned_response;
use crate::domain::mention;
use crate::domain::slash_command::{suggestions, CommandSpec, Place};
use crate::models::canned::CannedResponse;
use crate::models::channel::MemberInfo;

/// What the composer hands over on Enter / Send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    /// A message to post (`//x` already turned into `/x`).
    Text(String),
    /// A slash command line, e.g. `/ticket Printer on fire`.
    Command(String),
}

fn usage(c: &CommandSpec) -> String {
    if c.args.is_empty() {
        format!("/{}", c.word)
    } else {
        format!("/{} {}", c.word, c.args)
    }
}

/// Canned responses the composer offers after `!`, and how their placeholders are filled.
#[derive(Clone, Copy)]
pub struct CannedSource {
    pub list: Signal<Vec<CannedResponse>>,
    pub fill: Callback<String, String>,
}

/// One entry of the composer's listbox.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Choice {
    key: String,
    label: String,
    description: String,
    /// The field's text once this is picked.
    replaced: String,
}

/// What the listbox offers for the field's text: commands after a leading `/`, members
/// after an `@` word, canned responses after a `!` word.
fn choices(
    place: Place,
    text: &str,
    canned: Option<CannedSource>,
    members: Option<Signal<Vec<MemberInfo>>>,
) -> (&'static str, Vec<Choice>) {
    if let (Some(members), Some((start, query))) = (members, mention::at_query(text)) {
        let items: Vec<Choice> = members.with(|all| {
            mention::suggestions(all, query)
                .into_iter()
                .map(|m| Choice {
                    key: format!("member-{}", m.id.0),
                    label: format!("@{}", m.handle),
                    description: m.name.clone(),
                    replaced: mention::complete(text, start, &m.handle),
                })
                .collect()
        });
        if !items.is_empty() {
            return ("Members", items);
        }
    }
    if let Some(list) = suggestions(place, text) {
        let items = list
            .into_iter()
            .map(|spec| Choice {
                key: spec.word.to_string(),
                label: usage(spec),
                description: spec.description.to_string(),
                replaced: if spec.args.is_empty() {
                    format!("/{}", spec.word)
                } else {
                    format!("/{} ", spec.word)
                },
            })
            .collect();
        return ("Commands", items);
    }
    let (Some(source), Some((start, query))) = (canned, canned_response::bang_query(text)) else {
        return ("", Vec::new());
    };
    let items = source.list.with(|all| {
        canned_response::suggestions(all, query)
            .into_iter()
            .map(|r| {
                let filled = source.fill.run(r.text.clone());
                Choice {
                    key: format!("canned-{}", r.id.0),
                    label: format!("!{}", r.shortcut),
                    description: filled.chars().take(80).collect(),
                    replaced: canned_response::insert(text, start, &filled),
                }
            })
            .collect()
    });
    ("Canned responses", items)
}

/// A message field with slash commands: typing `/` at the start opens a listbox of the
/// commands available here; arrow keys and Enter (or a click) pick one. With `members`,
/// `@` starts a word that lists them the same way. With `canned`,
/// `!` at the start of a word lists canned responses the same way; picking one puts its
/// text, placeholders filled, in the field for the agent to edit before sending.
#[component]
pub fn SlashComposer(
    place: Place,
    #[prop(into)] placeholder: Signal<String>,
    on_submit: Callback<Submitted>,
    #[prop(optional)] on_typing: Option<Callback<()>>,
    /// Lets the owner clear or fill the field.
    text: RwSignal<String>,
    #[prop(optional)] canned: Option<CannedSource>,
    /// Who `@` offers (channel members).
    #[prop(optional, into)]
    members: Option<Signal<Vec<MemberInfo>>>,
    /// ↑ in the empty field (edit my last message).
    #[prop(optional)]
    on_empty_up: Option<Callback<()>>,
    /// The field's accessible name.
    #[prop(optional, into)]
    label: Option<Signal<String>>,
) -> impl IntoView {
    let active = RwSignal::new(0usize);
    let dismissed = RwSignal::new(false);
    // Typing before the page works would be lost.
    let ready = page_ready();
    let list_id = match place {
        Place::Channel => "commands-channel",
        Place::ChatSession => "commands-chat",
    };
    let listing = Memo::new(move |_| {
        if dismissed.get() {
            return ("", Vec::new());
        }
        text.with(|t| choices(place, t, canned, members))
    });
    let options = move || listing.with(|(_, items)| items.clone());
    let open = move || listing.with(|(_, items)| !items.is_empty());
    let pick = move |choice: &Choice| {
        text.set(choice.replaced.clone());
        dismissed.set(true);
    };
    let submit = move || {
        let body = text.get_untracked();
        let trimmed = body.trim();
        if trimmed.is_empty() {
            return;
        }
        let out = if let Some(rest) = trimmed.strip_prefix("//") {
            Submitted::Text(format!("/{rest}"))
        } else if trimmed.starts_with('/') {
            Submitted::Command(trimmed.to_string())
        } else {
            Submitted::Text(body.clone())
        };
        on_submit.run(out);
    };
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let list = options();
        if !list.is_empty() {
            match ev.key().as_str() {
                "ArrowDown" => {
                    ev.prevent_default();
                    active.update(|a| *a = (*a + 1) % list.len());
                    return;
                }
                "ArrowUp" => {
                    ev.prevent_default();
                    active.update(|a| *a = (*a + list.len() - 1) % list.len());
                    return;
                }
                "Enter" | "Tab" => {
                    ev.prevent_default();
                    if let Some(choice) = list.get(active.get_untracked().min(list.len() - 1)) {
                        pick(choice);
                    }
                    return;
                }
                "Escape" => {
                    ev.prevent_default();
                    dismissed.set(true);
                    return;
                }
                _ => {}
            }
        }
        if ev.key() == "ArrowUp" && text.with_untracked(|t| t.is_empty()) {
            if let Some(cb) = on_empty_up {
                ev.prevent_default();
                cb.run(());
                return;
            }
        }
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            submit();
        }
    };
    let label = move || label.map_or_else(|| "Message".to_string(), |l| l.get());
    view! {
        <form class="composer" on:submit=move |ev| {
            ev.prevent_default();
            submit();
        }>
            <div class="composer-field">
                <Show when=open>
                    <ul class="command-list" role="listbox" id=list_id
                        aria-label=move || listing.with(|(name, _)| name.to_string())>
                        {move || options().into_iter().enumerate().map(|(i, choice)| {
                            let id = format!("{list_id}-{}", choice.key);
                            let label = choice.label.clone();
                            let description = choice.description.clone();
                            view! {
                                <li
                                    role="option"
                                    id=id
                                    aria-selected=move || (active.get() == i).to_string()
                                    class:active=move || active.get() == i
                                    on:mousedown=move |ev| {
                                        ev.prevent_default();
                                        pick(&choice);
                                    }
                                >
                                    <span class="command-usage">{label}</span>
                                    " "
                                    <span class="command-desc">{description}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </Show>
                <textarea
                    aria-label=label
                    aria-autocomplete="list"
                    aria-controls=list_id
                    aria-activedescendant=move || {
                        listing.with(|(_, items)| {
                            items.get(active.get()).map(|c| format!("{list_id}-{}", c.key)).unwrap_or_default()
                        })
                    }
                    rows="2"
                    placeholder=move || placeholder.get()
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        dismissed.set(false);
                        active.set(0);
                        if let Some(cb) = on_typing {
                            cb.run(());
                        }
                    }
                    on:keydown=keydown
                    disabled=move || !ready.get()
                ></textarea>
            </div>
            <button type="submit" class="button button-primary" disabled=move || !ready.get()>"Send"</button>
        </form>
    }
}
