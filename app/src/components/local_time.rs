use leptos::prelude::*;

use crate::domain::utc_time::UtcParts;

/// A time of day. The server renders UTC (it cannot know the reader's zone); once the page
/// is live in the browser it switches to the reader's local time.
#[component]
pub fn LocalTime(ms: i64) -> impl IntoView {
    let text = RwSignal::new(utc_hh_mm(ms));
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
            text.set(format!("{:02}:{:02}", d.get_hours(), d.get_minutes()));
        }
    });
    let iso = iso_utc(ms);
    view! { <time datetime=iso>{text}</time> }
}

/// A date and time, e.g. "2026-11-24 14:05".
#[component]
pub fn LocalDateTime(ms: i64) -> impl IntoView {
    let text = RwSignal::new(format!("{} {} UTC", utc_date(ms), utc_hh_mm(ms)));
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
            text.set(format!(
                "{:04}-{:02}-{:02} {:02}:{:02}",
                d.get_full_year(),
                d.get_month() + 1,
                d.get_date(),
                d.get_hours(),
                d.get_minutes()
            ));
        }
    });
    let iso = iso_utc(ms);
    view! { <time datetime=iso>{text}</time> }
}

/// The time now where the visitor is ("Tue 14:05 (Europe/Berlin)"), kept current. The
/// server knows only the zone's name; the browser's `Intl` tells the time there.
#[component]
pub fn ZoneClock(zone: String) -> impl IntoView {
    let text = RwSignal::new(format!("({zone})"));
    #[cfg(feature = "hydrate")]
    {
        let zone = zone.clone();
        Effect::new(move |_| {
            let zone = zone.clone();
            let tick = move || {
                if let Some(now) = zone_time(&zone) {
                    text.set(format!("{now} ({zone})"));
                }
            };
            tick();
            if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_secs(30)) {
                on_cleanup(move || handle.clear());
            }
        });
    }
    view! { <span>{text}</span> }
}

/// "Tue 14:05" in `zone`, or `None` when the browser does not know the zone.
#[cfg(feature = "hydrate")]
fn zone_time(zone: &str) -> Option<String> {
    use wasm_bindgen::{JsCast, JsValue};
    let options = js_sys::Object::new();
    for (key, value) in [
        ("timeZone", zone),
        ("weekday", "short"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("hourCycle", "h23"),
    ] {
        js_sys::Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    let locales = js_sys::Array::of1(&"en-GB".into());
    // `Intl.DateTimeFormat(…)` throws a RangeError for an unknown zone: call it through
    // Reflect so that arrives as an error, not a panic.
    let constructor = js_sys::Reflect::get(&js_sys::global(), &"Intl".into())
        .and_then(|intl| js_sys::Reflect::get(&intl, &"DateTimeFormat".into()))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let format =
        js_sys::Reflect::construct(&constructor, &js_sys::Array::of2(&locales, &options)).ok()?;
    let format = js_sys::Reflect::get(&format, &"format".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    format
        .call1(&JsValue::UNDEFINED, &js_sys::Date::new_0())
        .ok()?
        .as_string()
}

fn utc_hh_mm(ms: i64) -> String {
    UtcParts::from_millis(ms).hh_mm()
}

fn utc_date(ms: i64) -> String {
    UtcParts::from_millis(ms).date()
}

fn iso_utc(ms: i64) -> String {
    UtcParts::from_millis(ms).iso()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc() {
        // 2026-11-24T14:05:09Z
        let ms = 1_795_529_109_000;
        assert_eq!(utc_hh_mm(ms), "14:05");
        assert_eq!(utc_date(ms), "2026-11-24");
        assert_eq!(iso_utc(ms), "2026-11-24T14:05:09Z");
    }
}
