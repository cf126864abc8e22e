use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::field_error::{field_error, general_error};
use crate::domain::business_hours::{format_time, WEEKDAYS};
use crate::models::routing::{LiveChatSettings, Routing};
use crate::pages::shell_layout::MeResource;
use crate::server_fns::routing::{get_live_chat_settings, SaveBusinessHours, SaveLiveChatSettings};
use protocol::visitor::OutsideHours;

/// Settings → Live chat: how new chats reach agents, and how many each may hold.
/// An island of its own, loaded with the screen (`lazy`: not part of the first download).
#[island(lazy)]
pub fn SettingsLiveChatPage() -> impl IntoView {
    crate::components::hydration::island_hydrated();
    // Islands hydrate on their own: the page asks for the signed-in agent itself.
    provide_context(crate::pages::shell_layout::me_resource());
    let me = expect_context::<MeResource>();
    let save = ServerAction::<SaveLiveChatSettings>::new();
    let hours = ServerAction::<SaveBusinessHours>::new();
    let current = Resource::new(
        move || (save.version().get(), hours.version().get()),
        |_| get_live_chat_settings(),
    );
    view! {
        <Title text="Live chat settings" />
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Settings · Live chat"</h1>
            <Transition fallback=|| view! { <p>"Loading settings…"</p> }>
                {move || Suspend::new(async move {
                    let is_admin = me.await.map(|m| m.is_admin()).unwrap_or(false);
                    match current.await {
                        Ok(s) => view! {
                            <LiveChatForm s=s.clone() is_admin save />
                            <BusinessHoursForm s is_admin hours />
                        }.into_any(),
                        Err(e) => view! { <p role="alert" class="form-error">{e.message().to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn LiveChatForm(
    s: LiveChatSettings,
    is_admin: bool,
    save: ServerAction<SaveLiveChatSettings>,
) -> impl IntoView {
    let result = save.value();
    let saved = move || match result.get() {
        Some(Ok(s)) => Some(format!(
            "Saved: {}, up to {} chats per agent.",
            s.routing.label(),
            s.max_chats
        )),
        _ => None,
    };
    let current = s.routing;
    let option = move |r: Routing| {
        view! { <option value=r.as_str() selected=current == r>{r.label()}</option> }
    };
    view! {
        <ActionForm action=save attr:class="form settings-form">
            <fieldset class="fieldset" disabled=!is_admin>
                <div class="field">
                    <label for="routing">"Routing"</label>
                    <select id="routing" name="routing" aria-describedby="routing-hint">
                        {option(Routing::Manual)}
                        {option(Routing::Auto)}
                    </select>
                    <p class="hint" id="routing-hint">
                        "Manual: new chats wait in Chat → Queue until an agent accepts one. "
                        "Auto-assign: each new chat goes to the Available agent with room and the "
                        "fewest active chats (then the one idle longest); waiting chats are handed "
                        "out as agents free up. Accept works in both."
                    </p>
                    <span class="field-error">{field_error(result.into(), "routing")}</span>
                </div>
                <div class="field">
                    <label for="max-chats">"Max chats per agent"</label>
                    <input id="max-chats" name="max_chats" type="number" inputmode="numeric"
                        min="1" max=LiveChatSettings::MOST_CHATS required value=s.max_chats
                        aria-describedby="max-chats-hint" />
                    <p class="hint" id="max-chats-hint">
                        "Active chats one agent may hold at once; Settings → Agents can set an agent's own."
                    </p>
                    <span class="field-error">{field_error(result.into(), "max_chats")}</span>
                </div>
                <div class="field">
                    <label for="max-file-mb">"Max file size (MB)"</label>
                    <input id="max-file-mb" name="max_file_mb" type="number" inputmode="numeric"
                        min="1" max=LiveChatSettings::MOST_FILE_MB required value=s.max_file_mb
                        aria-describedby="max-file-mb-hint" />
                    <p class="hint" id="max-file-mb-hint">
                        "The largest image, PDF or text file visitors and agents may send in a chat."
                    </p>
                    <span class="field-error">{field_error(result.into(), "max_file_mb")}</span>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button button-primary" disabled=move || save.pending().get()>
                        "Save"
                    </button>
                </div>
            </fieldset>
        </ActionForm>
        {(!is_admin).then(|| view! { <p class="hint">"Only admins can change these settings."</p> })}
        <p role="alert" class="form-error">{general_error(result.into())}</p>
        <p role="status" class="form-ok">{saved}</p>
    }
}

/// Business hours: none set means always open. Outside them the widget takes a message
/// (a ticket) or hides; Max wait is how long a waiting visitor waits before being offered
/// to leave their email instead.
#[component]
fn BusinessHoursForm(
    s: LiveChatSettings,
    is_admin: bool,
    hours: ServerAction<SaveBusinessHours>,
) -> impl IntoView {
    let result = hours.value();
    let saved = move || match result.get() {
        Some(Ok(s)) => Some(match s.business_hours {
            Some(h) => format!("Saved: business hours in {}.", h.time_zone),
            None => "Saved: always open.".to_string(),
        }),
        _ => None,
    };
    let on = s.business_hours.is_some();
    let zone = s
        .business_hours
        .as_ref()
        .map(|h| h.time_zone.clone())
        .unwrap_or_else(|| "UTC".into());
    let holidays = s
        .business_hours
        .as_ref()
        .map(|h| h.holidays.join("\n"))
        .unwrap_or_default();
    let week = s.business_hours.as_ref().map(|h| h.week);
    let rows = WEEKDAYS
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let key = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][i];
            // A new schedule starts as nine to five on weekdays.
            let (open, close) = match week {
                Some(w) => w[i].map_or((String::new(), String::new()), |d| {
                    (format_time(d.open), format_time(d.close))
                }),
                None if i < 5 => ("09:00".into(), "17:00".into()),
                None => (String::new(), String::new()),
            };
            view! {
                <tr>
                    <th scope="row">{*day}</th>
                    <td><input type="time" name=format!("form[{key}_open]") value=open aria-label=format!("{day} opens") /></td>
                    <td><input type="time" name=format!("form[{key}_close]") value=close aria-label=format!("{day} closes") /></td>
                    <td class="field-error">{field_error(result.into(), key)}</td>
                </tr>
            }
        })
        .collect_view();
    let outside = s.outside_hours;
    let option = move |o: OutsideHours| {
        view! { <option value=o.as_str() selected=outside == o>{o.label()}</option> }
    };
    view! {
        <h2>"Business hours"</h2>
        <ActionForm action=hours attr:class="form settings-form">
            <fieldset class="fieldset" disabled=!is_admin>
                <div class="field field-check">
                    <input id="hours-on" name="form[enabled]" type="checkbox" value="on" checked=on />
                    <label for="hours-on">"Business hours"</label>
                </div>
                <p class="hint">"Off: the chat is always open. On: outside these hours visitors see what you choose below."</p>
                <div class="field">
                    <label for="hours-zone">"Time zone"</label>
                    <input id="hours-zone" name="form[time_zone]" required maxlength="64" value=zone
                        placeholder="Europe/Berlin" autocomplete="off" />
                    <span class="field-error">{field_error(result.into(), "time_zone")}</span>
                </div>
                <table class="table hours-table">
                    <caption class="hint">"Leave both times empty for a closed day."</caption>
                    <thead><tr><th scope="col">"Day"</th><th scope="col">"Opens"</th><th scope="col">"Closes"</th><th></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <div class="field">
                    <label for="hours-holidays">"Holidays (one date per line, like 2026-12-25)"</label>
                    <textarea id="hours-holidays" name="form[holidays]" rows="3">{holidays}</textarea>
                    <span class="field-error">{field_error(result.into(), "holidays")}</span>
                </div>
                <div class="field">
                    <label for="hours-outside">"Outside business hours"</label>
                    <select id="hours-outside" name="form[outside_hours]">
                        {option(OutsideHours::TakeMessage)}
                        {option(OutsideHours::Hide)}
                    </select>
                    <span class="field-error">{field_error(result.into(), "outside_hours")}</span>
                </div>
                <div class="field">
                    <label for="hours-wait">"Max wait (minutes)"</label>
                    <input id="hours-wait" name="form[max_wait]" type="number" min="1" max="240" required
                        value=s.max_wait_minutes />
                    <p class="hint">"A visitor waiting longer is offered to leave their email instead."</p>
                    <span class="field-error">{field_error(result.into(), "max_wait")}</span>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button button-primary" disabled=move || hours.pending().get()>
                        "Save business hours"
                    </button>
                </div>
            </fieldset>
        </ActionForm>
        <p role="alert" class="form-error">{general_error(result.into())}</p>
        <p role="status" class="form-ok">{saved}</p>
    }
}
