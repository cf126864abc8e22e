use leptos::prelude::*;

use crate::domain::slash_command::{suggestions, CommandSpec, Place};

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

/// A message field with slash commands: typing `/` at the start opens a listbox of the
/// commands available here; arrow keys and Enter (or a click) pick one.
#[component]
pub fn SlashComposer(
    place: Place,
    #[prop(into)] placeholder: String,
    on_submit: Callback<Submitted>,
    #[prop(optional)] on_typing: Option<Callback<()>>,
    /// Lets the owner clear or fill the field.
    text: RwSignal<String>,
) -> impl IntoView {
    let active = RwSignal::new(0usize);
    let dismissed = RwSignal::new(false);
    let list_id = match place {
        Place::Channel => "commands-channel",
        Place::ChatSession => "commands-chat",
    };
    let options = move || {
        if dismissed.get() {
            return Vec::new();
        }
        text.with(|t| suggestions(place, t)).unwrap_or_default()
    };
    let open = move || !options().is_empty();
    let pick = move |spec: &CommandSpec| {
        text.set(if spec.args.is_empty() {
            format!("/{}", spec.word)
        } else {
            format!("/{} ", spec.word)
        });
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
                    if let Some(spec) = list.get(active.get_untracked().min(list.len() - 1)) {
                        pick(spec);
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
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            submit();
        }
    };
    view! {
        <form class="composer" on:submit=move |ev| {
            ev.prevent_default();
            submit();
        }>
            <div class="composer-field">
                <Show when=open>
                    <ul class="command-list" role="listbox" id=list_id aria-label="Commands">
                        {move || options().into_iter().enumerate().map(|(i, spec)| {
                            let label = usage(spec);
                            view! {
                                <li
                                    role="option"
                                    id=format!("{list_id}-{}", spec.word)
                                    aria-selected=move || (active.get() == i).to_string()
                                    class:active=move || active.get() == i
                                    on:mousedown=move |ev| {
                                        ev.prevent_default();
                                        pick(spec);
                                    }
                                >
                                    <span class="command-usage">{label}</span>
                                    " "
                                    <span class="command-desc">{spec.description}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </Show>
                <textarea
                    aria-label="Message"
                    aria-autocomplete="list"
                    aria-controls=list_id
                    aria-activedescendant=move || {
                        options().get(active.get()).map(|s| format!("{list_id}-{}", s.word)).unwrap_or_default()
                    }
                    rows="2"
                    placeholder=placeholder
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
                ></textarea>
            </div>
            <button type="submit" class="button button-primary">"Send"</button>
        </form>
    }
}
