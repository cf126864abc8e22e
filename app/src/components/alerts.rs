//! New-chat alerts for an agent looking elsewhere: a chime (browsers allow sound only
//! after the page has had a click or a key, so the audio is unlocked on the first one),
//! a browser notification when they allowed them (asked for with a button, never on
//! load), and the tab title's count (root.rs).
use leptos::prelude::*;

#[cfg(feature = "hydrate")]
thread_local! {
    static AUDIO: std::cell::RefCell<Option<web_sys::AudioContext>> = const { std::cell::RefCell::new(None) };
}

/// Once: the first click or key press on the page creates the audio context (the only
/// moment a browser lets a page start one that can play).
pub fn unlock_audio_on_first_gesture() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let unlock = Closure::<dyn FnMut()>::new(|| {
            AUDIO.with(|a| {
                let mut a = a.borrow_mut();
                if a.is_none() {
                    *a = web_sys::AudioContext::new().ok();
                }
                if let Some(ctx) = a.as_ref() {
                    let _ = ctx.resume();
                }
            });
        });
        for event in ["pointerdown", "keydown"] {
            let _ = doc.add_event_listener_with_callback(event, unlock.as_ref().unchecked_ref());
        }
        unlock.forget();
    }
}

/// A new chat is waiting (or was assigned to me): chime, and notify unless I am looking
/// at the Queue already.
pub fn new_chat_alert(sound: bool) {
    #[cfg(feature = "hydrate")]
    {
        if sound {
            let _ = play_chime();
        }
        notify("New chat waiting", "A visitor is waiting in Chat → Queue.");
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = sound;
}

#[cfg(feature = "hydrate")]
fn play_chime() -> Result<(), wasm_bindgen::JsValue> {
    let Some(ctx) = AUDIO.with(|a| a.borrow().clone()) else {
        return Ok(());
    };
    let now = ctx.current_time();
    for (i, freq) in [880.0f32, 1318.5].into_iter().enumerate() {
        let osc = ctx.create_oscillator()?;
        let gain = ctx.create_gain()?;
        osc.set_type(web_sys::OscillatorType::Sine);
        osc.frequency().set_value(freq);
        let start = now + i as f64 * 0.12;
        gain.gain().set_value_at_time(0.0001, start)?;
        gain.gain()
            .exponential_ramp_to_value_at_time(0.2, start + 0.02)?;
        gain.gain()
            .exponential_ramp_to_value_at_time(0.0001, start + 0.25)?;
        osc.connect_with_audio_node(&gain)?;
        gain.connect_with_audio_node(&ctx.destination())?;
        osc.start_with_when(start)?;
        osc.stop_with_when(start + 0.3)?;
    }
    Ok(())
}

/// A browser notification, when allowed and the agent is not on the Queue with the tab in
/// front of them. Clicking it brings the app forward on the Queue.
#[cfg(feature = "hydrate")]
fn notify(title: &str, body: &str) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{Notification, NotificationOptions, NotificationPermission};
    if Notification::permission() != NotificationPermission::Granted {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_queue = window
        .location()
        .pathname()
        .is_ok_and(|p| p.starts_with("/chat/queue"));
    let in_front = window
        .document()
        .is_some_and(|d| !d.hidden() && d.has_focus().unwrap_or(false));
    if on_queue && in_front {
        return;
    }
    let options = NotificationOptions::new();
    options.set_body(body);
    options.set_tag("new-chat");
    if let Ok(n) = Notification::new_with_options(title, &options) {
        let click = Closure::<dyn FnMut()>::new(move || {
            if let Some(w) = web_sys::window() {
                let _ = w.focus();
                let _ = w.location().assign("/chat/queue");
            }
        });
        n.set_onclick(Some(click.as_ref().unchecked_ref()));
        click.forget();
    }
}

/// "Enable notifications" in the top bar while the browser has not been asked yet; what
/// it answered otherwise. Rendered only in the browser (the server cannot know).
#[component]
pub fn NotificationsButton() -> impl IntoView {
    // "default", "granted", "denied", or "" (not known yet, or unsupported).
    let permission = RwSignal::new(String::new());
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let supported = web_sys::window()
            .and_then(|w| js_sys::Reflect::has(&w, &"Notification".into()).ok())
            .unwrap_or(false);
        if supported {
            permission.set(permission_name());
        }
    });
    let ask = move |_| {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            if let Ok(p) = web_sys::Notification::request_permission() {
                let _ = wasm_bindgen_futures::JsFuture::from(p).await;
            }
            permission.set(permission_name());
        });
    };
    view! {
        <Show when=move || permission.get() == "default">
            <button type="button" class="button button-quiet" on:click=ask
                title="Get a browser notification when a chat is waiting and you are elsewhere">
                "Enable notifications"
            </button>
        </Show>
        <Show when=move || permission.get() == "denied">
            <span class="hint" title="Allow notifications for this site in the browser's settings to get them">
                "Notifications blocked"
            </span>
        </Show>
    }
}

#[cfg(feature = "hydrate")]
fn permission_name() -> String {
    match web_sys::Notification::permission() {
        web_sys::NotificationPermission::Granted => "granted",
        web_sys::NotificationPermission::Denied => "denied",
        _ => "default",
    }
    .to_string()
}
