use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::field_error::{field_error, general_error};
use crate::domain::widget_look::{
    parse_color, WidgetLook, WidgetPosition, GREETING_MAX, TITLE_MAX,
};
use crate::models::widget::WidgetSettings;
use crate::pages::shell_layout::MeResource;
use crate::server_fns::widget::{get_widget_settings, SaveWidgetSettings};

/// Settings → Widget: the tag to paste into a site (with Copy), and the widget's colour,
/// title, greeting and corner, with a live preview. The script tag's `data-` attributes
/// still override each one.
/// An island of its own, loaded with the screen (`lazy`: not part of the first download).
#[island(lazy)]
pub fn SettingsWidgetPage() -> impl IntoView {
    crate::components::hydration::island_hydrated();
    // Islands hydrate on their own: the page asks for the signed-in agent itself.
    provide_context(crate::pages::shell_layout::me_resource());
    let me = expect_context::<MeResource>();
    let save = ServerAction::<SaveWidgetSettings>::new();
    // Loaded once: after a save the form already shows what was saved, and after a refusal
    // it keeps what the admin typed.
    let current = Resource::new(|| (), |_| get_widget_settings());
    view! {
        <Title text="Widget settings" />
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Settings · Widget"</h1>
            <Transition fallback=|| view! { <p>"Loading settings…"</p> }>
                {move || Suspend::new(async move {
                    let is_admin = me.await.map(|m| m.is_admin()).unwrap_or(false);
                    match current.await {
                        Ok(s) => view! { <WidgetSettingsView s is_admin save /> }.into_any(),
                        Err(e) => view! { <p role="alert" class="form-error">{e.message().to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn WidgetSettingsView(
    s: WidgetSettings,
    is_admin: bool,
    save: ServerAction<SaveWidgetSettings>,
) -> impl IntoView {
    let look = s.look;
    // What the form says now: the preview follows every keystroke.
    let color = RwSignal::new(look.color.clone());
    let title = RwSignal::new(look.title.clone());
    let greeting = RwSignal::new(look.greeting.clone());
    let position = RwSignal::new(look.position);
    let result = save.value();
    let saved = move || match result.get() {
        Some(Ok(_)) => Some("Saved. Sites show the new look within five minutes."),
        _ => None,
    };
    let option = move |p: WidgetPosition| {
        view! {
            <label class="radio">
                <input type="radio" name="position" value=p.as_str() checked=look.position == p
                    on:change=move |_| position.set(p) />
                {p.label()}
            </label>
        }
    };
    view! {
        <SnippetBox snippet=s.snippet />
        <h2>"Look"</h2>
        <div class="widget-settings">
            <ActionForm action=save attr:class="form settings-form">
                <fieldset class="fieldset" disabled=!is_admin>
                    <div class="field">
                        <label for="widget-color">"Colour"</label>
                        <div class="color-field">
                            <input id="widget-color-pick" type="color" aria-label="Colour picker" tabindex="-1"
                                prop:value=move || parse_color(&color.get()).unwrap_or_else(|| WidgetLook::default().color)
                                on:input=move |ev| color.set(event_target_value(&ev)) />
                            <input id="widget-color" name="color" required maxlength="7" autocomplete="off"
                                spellcheck="false" aria-describedby="widget-color-hint"
                                prop:value=move || color.get()
                                on:input=move |ev| color.set(event_target_value(&ev)) />
                        </div>
                        <p class="hint" id="widget-color-hint">"The launcher and the panel's header, like #2f5bea."</p>
                        <span class="field-error">{field_error(result.into(), "color")}</span>
                    </div>
                    <div class="field">
                        <label for="widget-title">"Title"</label>
                        <input id="widget-title" name="title" required maxlength=TITLE_MAX
                            prop:value=move || title.get()
                            on:input=move |ev| title.set(event_target_value(&ev)) />
                        <span class="field-error">{field_error(result.into(), "title")}</span>
                    </div>
                    <div class="field">
                        <label for="widget-greeting">"Greeting"</label>
                        <textarea id="widget-greeting" name="greeting" rows="2" required maxlength=GREETING_MAX
                            prop:value=move || greeting.get()
                            on:input=move |ev| greeting.set(event_target_value(&ev))>{look.greeting.clone()}</textarea>
                        <span class="field-error">{field_error(result.into(), "greeting")}</span>
                    </div>
                    <fieldset class="field radio-group">
                        <legend>"Position"</legend>
                        {option(WidgetPosition::Right)}
                        {option(WidgetPosition::Left)}
                        <span class="field-error">{field_error(result.into(), "position")}</span>
                    </fieldset>
                    <p class="hint">
                        "A site's script tag can still set its own: "
                        <code>"data-color"</code>", "<code>"data-title"</code>", "
                        <code>"data-greeting"</code>" and "<code>"data-position"</code>"."
                    </p>
                    <div class="form-actions">
                        <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                            "Save"
                        </button>
                    </div>
                </fieldset>
            </ActionForm>
            <Preview color title greeting position />
        </div>
        {(!is_admin).then(|| view! { <p class="hint">"Only admins can change these settings."</p> })}
        <p role="alert" class="form-error">{general_error(result.into())}</p>
        <p role="status" class="form-ok">{saved}</p>
    }
}

/// The embed tag, selectable, with a Copy button.
#[component]
fn SnippetBox(snippet: String) -> impl IntoView {
    let copied = RwSignal::new(None::<&'static str>);
    let text = StoredValue::new(snippet.clone());
    let copy = move |_| {
        let value = text.get_value();
        copied.set(None);
        leptos::task::spawn_local(async move {
            copied.set(Some(if copy_text(&value).await {
                "Copied."
            } else {
                "Could not copy: select the code and copy it yourself."
            }));
        });
    };
    view! {
        <h2 id="snippet-title">"Embed code"</h2>
        <p class="hint">"Paste this before " <code>"</body>"</code> " on every page of your site where the chat should appear."</p>
        <div class="snippet">
            <pre aria-labelledby="snippet-title"><code data-snippet="">{snippet}</code></pre>
            <button type="button" class="button" on:click=copy>"Copy"</button>
        </div>
        <p class="form-ok" aria-live="polite">{move || copied.get()}</p>
    }
}

/// Writes `text` to the clipboard; false where the browser refuses.
async fn copy_text(text: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        let promise = window().navigator().clipboard().write_text(text);
        wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = text;
        false
    }
}

/// What a visitor would see: the open panel and the launcher in the chosen corner. Its
/// colours are set from the browser (the page's CSP allows no inline styles).
#[component]
fn Preview(
    color: RwSignal<String>,
    title: RwSignal<String>,
    greeting: RwSignal<String>,
    position: RwSignal<WidgetPosition>,
) -> impl IntoView {
    let site = NodeRef::<html::Div>::new();
    let shown = Memo::new(move |_| {
        let c = parse_color(&color.get()).unwrap_or_else(|| WidgetLook::default().color);
        let look = WidgetLook {
            color: c,
            ..WidgetLook::default()
        };
        (look.color.clone(), look.ink())
    });
    Effect::new(move |_| {
        let (c, ink) = shown.get();
        #[cfg(feature = "hydrate")]
        if let Some(el) = site.get() {
            // (web-sys's, not tachys' ElementExt::style.)
            let style = web_sys::HtmlElement::style(&el);
            let _ = style.set_property("--hc", &c);
            let _ = style.set_property("--hc-ink", ink);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (c, ink, site);
    });
    let fallback = |s: String, d: String| if s.trim().is_empty() { d } else { s };
    view! {
        <figure class="widget-preview" aria-labelledby="preview-caption">
            <figcaption id="preview-caption">"Preview"</figcaption>
            <div class="preview-site" node_ref=site
                class:preview-left=move || position.get() == WidgetPosition::Left
                data-preview-color=move || shown.get().0>
                <div class="preview-panel">
                    <div class="preview-head" data-preview="title">{move || fallback(title.get(), WidgetLook::default().title)}</div>
                    <div class="preview-body">
                        <p class="preview-greeting" data-preview="greeting">{move || fallback(greeting.get(), WidgetLook::default().greeting)}</p>
                    </div>
                </div>
                <span class="preview-launcher" aria-hidden="true"></span>
            </div>
        </figure>
    }
}
